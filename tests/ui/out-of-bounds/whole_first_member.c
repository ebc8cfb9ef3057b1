/* A pointer to the struct reaches all of it, even through its first member's type;
   the member itself does not. */
#include <stdio.h>
#include <string.h>

struct buffer {
    char data[16];
    int len;
};

int main(void)
{
    struct buffer b;
    memset(&b, 0, sizeof b);
    char *whole = (char *)&b;
    whole[16] = 1; /* the first byte of `len`: fine through the whole object */
    printf("%d\n", b.len);
    b.data[16] = 2; //~ ERROR: out-of-bounds
    return 0;
}
