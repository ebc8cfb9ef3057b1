/* Seed: "The allocated memory is uninitialized, and you have to manually initialize it
   before trying to read it."
   cmem shows: `uninit-read` on the printf line — byte 3 of the 8-byte block allocated on
   line 11 was never written. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    char *p = (char *)malloc(8);
    p[0] = 'a';
    p[1] = 'b';
    p[2] = 'c';
    printf("%d\n", p[3]); //~ ERROR: uninit-read
    free(p);
    return 0;
}
