/* An offset of 2^32 elements must not wrap around to p[0] (the write stays caught). */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int *p = calloc(4, sizeof *p);
    *(p + 4294967296L) = 42; //~ ERROR: out-of-bounds
    printf("%d\n", p[0]);
    free(p);
    return 0;
}
