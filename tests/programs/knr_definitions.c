/* Old-style (K&R) function definitions: the parameters typed by the declarations before
   the body, `int` when undeclared. As gcc prints. */
#include <stdio.h>
int add(a, b)
    int a;
    int b;
{
    return a + b;
}
double scale(x, factor, name)
    double x;
    char *name;
{
    printf("%s: ", name);
    return x * factor;
}
static int count(s) char *s; { int n = 0; while (*s++) n++; return n; }
int main(void) {
    printf("%d\n", add(2, 3));
    printf("%.1f\n", scale(1.5, 4, "scale"));
    printf("%d\n", count("hello"));
    return 0;
}
