/* INT_MIN / -1 does not fit in int either. */
#include <limits.h>
#include <stdio.h>

int main(void)
{
    int a = INT_MIN, b = -1;
    printf("%d\n", a / b); //~ ERROR: signed-overflow
    return 0;
}
