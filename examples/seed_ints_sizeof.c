/* Seed: "allocates 8 integers" with the malloc(8 * sizeof(int)) idiom.
   cmem shows: a clean run — 32 bytes allocated, all written before they are read, freed. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    // allocates 8 integers
    int *q = (int *)malloc(8 * sizeof(int));
    long total = 0;

    for (int i = 0; i < 8; ++i) {
        q[i] = i * i;
    }
    for (int i = 0; i < 8; ++i) {
        total += q[i];
    }
    printf("%lu bytes for 8 ints, sum of squares %ld\n", 8 * sizeof(int), total);
    free(q);
    return 0;
}
