/* strtod sets errno to ERANGE on overflow and underflow, as glibc does. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static void show(const char *text)
{
    errno = 0;
    char *end;
    double v = strtod(text, &end);
    printf("%-8s -> %g, errno %s, used %d\n", text, v, errno == ERANGE ? "ERANGE" : "0",
           (int)(end - text));
}

int main(void)
{
    show("1e400");
    show("-1e400");
    show("1e-400");
    show("1e-310");
    show("0.0");
    show("inf");
    show("2.5");
    return 0;
}
