/* A variable-length array whose inner length varies is outside cmem's C subset (only the
   first length of a local array may be variable). */
int main(void)
{
    int n = 4;
    int m[3][n]; //~ ERROR: unsupported
    m[0][0] = 1;
    return m[0][0];
}
