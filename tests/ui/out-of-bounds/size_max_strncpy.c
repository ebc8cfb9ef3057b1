/* strncpy and memcmp with a length of SIZE_MAX are reported, never a crash. */
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char *q = calloc(16, 1);
    if (memcmp(q, q + 8, 8) == 0)
        strncpy(q + 1, "a", (size_t)-1); //~ ERROR: out-of-bounds
    free(q);
    return 0;
}
