/* %ld given an int, in a loop: the literal format is checked the first time. */
#include <stdio.h>

int main(void)
{
    for (int i = 0; i < 3; i++)
        printf("%ld\n", i); //~ ERROR: bad-call
    return 0;
}
