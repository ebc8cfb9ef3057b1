// `__builtin_unreachable()` promises a path is never taken; cmem stops where the promise
// is broken instead of running on into undefined behaviour.
#include <stdio.h>
static int sign(int x) {
    if (x > 0) return 1;
    if (x < 0) return -1;
    __builtin_unreachable(); //~ ERROR: abort
}
int main(void) { printf("%d\n", sign(3)); printf("%d\n", sign(0)); return 0; }
