/* Rows of a heap matrix through a pointer to an array: each row has its bounds. */
#include <stdlib.h>

int main(void)
{
    int (*p)[4] = malloc(3 * sizeof *p);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 4; j++)
            p[i][j] = 0;
    int x = p[1][5]; //~ ERROR: out-of-bounds
    free(p);
    return x;
}
