/* A long double is 16 bytes: the loop's last store is one element past the array. */
#include <stdio.h>

int main(void)
{
    long double powers[4];
    long double p = 1.0L;
    for (int i = 0; i <= 4; i++) {
        powers[i] = p; //~ ERROR: out-of-bounds
        p *= 0.5L;
    }
    printf("%Lg\n", powers[3]);
    return 0;
}
