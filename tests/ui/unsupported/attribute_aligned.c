// `aligned` on a struct or a member changes the layout as gcc's does; on a typedef it
// makes an over-aligned variant of a type, which cmem's types do not have: it says so
// instead of silently giving other sizes. Other attributes are accepted and ignored.
#include <stdio.h>

struct header {
    char tag;
    int length __attribute__((aligned(16)));
};

typedef int wide_int __attribute__((aligned(16))); //~ ERROR: unsupported

static int twice(int x) __attribute__((const));
static int twice(int x) { return 2 * x; }

int main(void) {
    printf("%zu %d\n", sizeof(struct header), twice(2));
    return 0;
}
