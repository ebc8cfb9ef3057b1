/* Freeing the result of malloc(0). */
#include <stdlib.h>

int main(void)
{
    char *p = malloc(0); //~ WARN: zero-size-alloc
    free(p); //~ ERROR: zero-size-free
    return 0;
}
