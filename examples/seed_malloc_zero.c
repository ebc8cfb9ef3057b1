/* Seed: "When the size passed to malloc is equal to 0, the result is unspecified ...
   dereferencing or deallocating this pointer is prohibited."
   cmem shows: a `zero-size-alloc` warning on the malloc(0) line, then `zero-size-free` on
   the free: the course rule is that such a pointer is neither dereferenced nor freed. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    // result is unspecified
    int *r = (int *)malloc(0); //~ WARN: zero-size-alloc
    printf("malloc(0) returned %s\n", r == NULL ? "NULL" : "a pointer");
    free(r); //~ ERROR: zero-size-free
    return 0;
}
