/* Reading element 0 of an array that was allocated with a count of 0. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int n = 0;
    int *a = calloc(n, sizeof(int)); //~ WARN: zero-size-alloc
    printf("%d\n", a[0]); //~ ERROR: zero-size-access
    return 0;
}
