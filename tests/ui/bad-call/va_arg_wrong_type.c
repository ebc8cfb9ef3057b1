// `va_arg` must ask for the type the argument was passed as: `2` is an int, read here as
// a double.
#include <stdarg.h>
#include <stdio.h>

static double average(int count, ...) {
    va_list ap;
    va_start(ap, count);
    double total = 0;
    for (int i = 0; i < count; i++)
        total += va_arg(ap, double); //~ ERROR: bad-call
    va_end(ap);
    return total / count;
}

int main(void) {
    printf("%f\n", average(3, 1.0, 2, 3.0));
    return 0;
}
