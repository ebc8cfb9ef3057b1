/* scanf's %d given the address of a double: %lf is the conversion for it. */
#include <stdio.h>

int main(void)
{
    double x = 0;
    if (scanf("%d", &x) == 1) //~ ERROR: bad-call
        printf("%f\n", x);
    return 0;
}
