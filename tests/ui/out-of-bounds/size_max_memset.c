/* A length of SIZE_MAX: the bounds arithmetic must not overflow (it once panicked). */
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char *p = malloc(16);
    memset(p + 1, 0, (size_t)-1); //~ ERROR: out-of-bounds
    free(p);
    return 0;
}
