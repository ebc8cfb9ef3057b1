// `aligned` and a packed member change a layout cmem does not apply: it says so instead
// of silently giving other sizes. A packed struct is applied; other attributes are
// accepted and ignored.
#include <stdio.h>

struct header {
    char tag;
    int length __attribute__((aligned(16))); //~ ERROR: unsupported
    short flags __attribute__((packed));     //~ ERROR: unsupported
};

static int twice(int x) __attribute__((const));
static int twice(int x) { return 2 * x; }

int main(void) {
    printf("%zu %d\n", sizeof(struct header), twice(2));
    return 0;
}
