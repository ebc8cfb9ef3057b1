/* Stepping a pointer to a variable-length array with `++` is outside cmem's C subset
   (`p + 1`, `p[i]` and `p - q` work: they scale by the run-time size). */
int main(void)
{
    int n = 4;
    int m[3][n];
    int (*row)[n] = m;
    row++; //~ ERROR: unsupported
    m[0][0] = 1;
    return m[0][0];
}
