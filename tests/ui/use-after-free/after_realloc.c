/* A pointer kept across realloc refers to the old block, which realloc freed. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int *a = malloc(2 * sizeof(int));
    int *first;
    a[0] = 10;
    a[1] = 20;
    first = a;
    a = realloc(a, 100 * sizeof(int));
    printf("%d\n", *first); //~ ERROR: use-after-free
    free(a);
    return 0;
}
