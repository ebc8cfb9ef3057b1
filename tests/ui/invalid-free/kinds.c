/* free of a global array: not something malloc returned. */
#include <stdlib.h>

static int table[4];

int main(void)
{
    table[0] = 1;
    free(table); //~ ERROR: invalid-free
    return 0;
}
