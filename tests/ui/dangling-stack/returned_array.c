/* A function returns a pointer to its local array. */
#include <stdio.h>

static int *make(void)
{
    int values[3] = {1, 2, 3};
    return values; //~ WARN: dangling-stack
}

int main(void)
{
    int *p = make();
    printf("%d\n", p[1]); //~ ERROR: dangling-stack
    return 0;
}
