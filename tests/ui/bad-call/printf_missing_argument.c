/* printf's format asks for more arguments than were passed. */
#include <stdio.h>

int main(void)
{
    printf("%d and %d\n", 1); //~ ERROR: bad-call
    return 0;
}
