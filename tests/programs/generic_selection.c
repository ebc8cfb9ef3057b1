/* C11 _Generic: the association whose type matches the controlling expression (after
   lvalue conversion: an array is a pointer), or the default. As gcc prints. */
#include <stdio.h>
#define TYPE_NAME(x) _Generic((x), int: "int", double: "double", char *: "char *", const char *: "const char *", long: "long", default: "other")
#define ABS(x) _Generic((x), int: abs_i, double: abs_d)(x)
static int abs_i(int v) { return v < 0 ? -v : v; }
static double abs_d(double v) { return v < 0 ? -v : v; }
int main(void) {
    char buf[4] = "ab";
    const char *c = "x";
    short s = 1;
    printf("%s %s %s %s %s %s %s\n", TYPE_NAME(1), TYPE_NAME(2.0), TYPE_NAME(buf), TYPE_NAME(c), TYPE_NAME(3L), TYPE_NAME('a'), TYPE_NAME(s));
    printf("%d %.1f\n", ABS(-4), ABS(-2.5));
    return 0;
}
