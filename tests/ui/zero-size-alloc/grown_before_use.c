/* malloc(0) is warned about; growing the block with realloc before using it is fine. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int *p = malloc(0); //~ WARN: zero-size-alloc
    p = realloc(p, 2 * sizeof(int));
    p[0] = 1;
    p[1] = 2;
    printf("%d\n", p[0] + p[1]);
    free(p);
    return 0;
}
