/* The same block freed twice through two pointers. */
#include <stdlib.h>

int main(void)
{
    char *a = malloc(10);
    char *b = a;
    free(a);
    free(b); //~ ERROR: double-free
    return 0;
}
