/* printf's %g given a long: glibc would read a double that was never passed
   (it prints 1.482e-323). */
#include <stdio.h>

int main(void)
{
    printf("%.4g\n", 3L); //~ ERROR: bad-call
    return 0;
}
