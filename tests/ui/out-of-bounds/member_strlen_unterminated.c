/* strlen runs off a member array that holds no '\0' into the next member. */
#include <stdio.h>
#include <string.h>

struct code {
    char prefix[4];
    char rest[4];
};

int main(void)
{
    struct code c;
    memcpy(c.prefix, "ABCD", 4);
    memcpy(c.rest, "EFG", 4);
    printf("%zu\n", strlen(c.prefix)); //~ ERROR: out-of-bounds
    return 0;
}
