/* A variable-length array: outside cmem's C subset. */
int main(void)
{
    int n = 4;
    int a[n]; //~ ERROR: unsupported
    a[0] = 1;
    return a[0];
}
