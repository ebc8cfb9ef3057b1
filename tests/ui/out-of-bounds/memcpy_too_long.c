/* memcpy reads past the end of its source: reported at the call, naming memcpy. */
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char src[4] = "abc";
    char *dst = malloc(16);
    memcpy(dst, src, 8); //~ ERROR: out-of-bounds
    free(dst);
    return 0;
}
