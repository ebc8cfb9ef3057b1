/* A pointer made from an integer points to no object. */
#include <stdio.h>

int main(void)
{
    int *p = (int *)123456;
    printf("%d\n", *p); //~ ERROR: invalid-pointer
    return 0;
}
