/* A complex number is two doubles: an array of them partly filled leaves whole
 * elements unwritten, and reading one is an uninitialised read. */
#include <complex.h>
#include <stdio.h>

int main(void)
{
    double complex roots[4];
    for (int k = 0; k < 3; k++)
        roots[k] = cexp(2.0 * 3.141592653589793 * I * k / 4);
    double complex sum = 0;
    for (int k = 0; k < 4; k++)
        sum += roots[k]; //~ ERROR: uninit-read
    printf("%g %g\n", creal(sum), cimag(sum));
    return 0;
}
