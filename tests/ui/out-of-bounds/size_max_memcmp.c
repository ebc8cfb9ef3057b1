/* memcmp with a length of SIZE_MAX is reported as a read out of bounds. */
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char *p = calloc(16, 1);
    int r = memcmp(p + 1, p, (size_t)-1); //~ ERROR: out-of-bounds
    free(p);
    return r;
}
