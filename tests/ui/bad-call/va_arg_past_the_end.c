// `va_arg` reads one variadic argument more than the call passed: the count says 4, three
// numbers follow.
#include <stdarg.h>
#include <stdio.h>

static int sum(int count, ...) {
    va_list ap;
    va_start(ap, count);
    int total = 0;
    for (int i = 0; i < count; i++)
        total += va_arg(ap, int); //~ ERROR: bad-call
    va_end(ap);
    return total;
}

int main(void) {
    printf("%d\n", sum(4, 10, 20, 30));
    return 0;
}
