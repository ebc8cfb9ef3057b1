/* Shifting a 32-bit int by 32. */
#include <stdio.h>

int main(void)
{
    int bits = 32;
    printf("%d\n", 1 << bits); //~ ERROR: invalid-shift
    return 0;
}
