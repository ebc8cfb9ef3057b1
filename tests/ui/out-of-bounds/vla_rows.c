/* A matrix as a variable-length array of variable-length rows: the loop's bound uses the
   number of columns for the rows, so the last row written is past the end. */
#include <stdio.h>

static void fill(int rows, int cols, int m[rows][cols])
{
    for (int i = 0; i < cols; i++)
        m[i][0] = i; //~ ERROR: out-of-bounds
}

int main(void)
{
    int rows = 2, cols = 3;
    int m[rows][cols];
    fill(rows, cols, m);
    printf("%d\n", m[1][0]);
    return 0;
}
