/* %s given an int. */
#include <stdio.h>

int main(void)
{
    int age = 20;
    printf("%d\n", age);
    printf("%s\n", age); //~ ERROR: bad-call
    return 0;
}
