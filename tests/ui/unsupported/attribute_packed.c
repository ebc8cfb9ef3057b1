// `packed` changes a struct's layout, which cmem does not apply: it says so instead of
// silently giving the unpacked size. Other attributes are accepted and ignored.
#include <stdio.h>

struct __attribute__((packed)) header { //~ ERROR: unsupported
    char tag;
    int length;
};

static int twice(int x) __attribute__((const));
static int twice(int x) { return 2 * x; }

int main(void) {
    printf("%zu %d\n", sizeof(struct header), twice(2));
    return 0;
}
