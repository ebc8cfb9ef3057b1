/* The seed's leak(): the only pointer to the block is a local of a function that returns. */
#include <stdlib.h>

void leak(void)
{
    char *p = malloc(8); //~ ERROR: memory-leak
    p[0] = 'x';
}

int main(void)
{
    leak();
    return 0;
}
