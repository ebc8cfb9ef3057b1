/* Seed: "To deallocate a previously allocated memory chunk, use the function free."
   cmem shows: a clean run, then — because the last line frees p again — a `double-free`
   whose labels point at the allocation and at the first free. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    char *p = (char *)malloc(8);
    int *q = (int *)malloc(8 * sizeof(int));

    p[0] = 'x';
    q[0] = 42;
    printf("%c %d\n", p[0], q[0]);
    free(p);
    free(q);
    free(p); /* a mistake: p was already freed */ //~ ERROR: double-free
    return 0;
}
