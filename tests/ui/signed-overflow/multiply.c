/* A long multiplication that overflows. */
#include <stdio.h>

int main(void)
{
    long x = 3037000500L;
    printf("%ld\n", x * x); //~ ERROR: signed-overflow
    return 0;
}
