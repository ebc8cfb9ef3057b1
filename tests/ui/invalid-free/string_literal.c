/* free of a string literal. */
#include <stdlib.h>

int main(void)
{
    char *s = "constant";
    free(s); //~ ERROR: invalid-free
    return 0;
}
