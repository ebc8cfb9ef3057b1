/* Dave: does not compile (a misspelt name). */
#include <stdio.h>

int main(void)
{
    printf("%s\n", reversd("student")); //~ ERROR: undeclared
    return 0;
}
