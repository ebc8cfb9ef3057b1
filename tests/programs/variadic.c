/* Variadic functions defined by the program (<stdarg.h>): va_start, va_arg, va_copy,
   va_end, and vprintf/vsnprintf taking a va_list. As gcc prints. */
#include <stdarg.h>
#include <stdio.h>

static int sum(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    int s = 0;
    for (int i = 0; i < n; i++)
        s += va_arg(ap, int);
    va_end(ap);
    return s;
}

static double mean(int n, ...)
{
    va_list ap, copy;
    va_start(ap, n);
    va_copy(copy, ap);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += va_arg(ap, double);
    double first = va_arg(copy, double);
    va_end(copy);
    va_end(ap);
    return s / n + first * 0;
}

static void logf_(const char *level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("[%s] ", level);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

static char *join(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return buf;
}

int main(void)
{
    char buf[32];
    printf("%d %d %.2f\n", sum(3, 1, 2, 3), sum(0), mean(4, 1.0, 2.0, 3.5, 4.5));
    logf_("info", "%s has %d items (%.1f%%)", "cart", 3, 42.5);
    printf("%s\n", join(buf, sizeof buf, "%ld-%c-%p", 7L, 'x', (void *)0));
    return 0;
}
