// long double as gcc has it on x86-64: 80-bit x87 extended precision in 16 bytes.
// Arithmetic, conversions, printf's %Lf/%Le/%Lg/%La, scanf's %Lf, strtold, the
// l-suffixed math functions with exact results, variadic arguments, and long doubles in
// structs, arrays, globals and through function pointers.
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct rec {
    char tag;
    long double v;
    int n;
};

typedef long double (*binop)(long double, long double);

static long double add(long double a, long double b) { return a + b; }
static long double apply(binop f, long double a, long double b) { return f(a, b); }
static struct rec make(long double v) {
    struct rec r = {'x', v, 3};
    return r;
}

static long double sum(int n, ...) {
    va_list ap;
    va_start(ap, n);
    long double s = 0;
    for (int i = 0; i < n; i++)
        s += va_arg(ap, long double);
    va_end(ap);
    return s;
}

static void show(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

long double gl[2] = {1.25L, -0.5L};
struct rec grec = {'g', 2.0L / 3, 9};
static long double third = 1.0L / 3;

int main(void) {
    // Precision beyond double's.
    long double a = 1.0L / 3, b = a * 3;
    printf("%d %d %zu %zu\n", a < b, b == 1.0L, sizeof(long double), _Alignof(long double));
    printf("%Lf %.20Lf %Le %Lg %.25Lg\n", a, a, a, a, a);
    printf("%.21Lg %.21Lg %.17g\n", third, 0.1L, (double)0.1L);
    printf("%.30Lf\n", sum(3, 0.1L, 0.2L, (long double)0.3));
    show("%Lg %d %Lg\n", 2.5L, 7, a);

    // The range: exponents to 4932.
    long double big = 1e4000L, tiny = 1e-4000L, z = 0;
    printf("%Le %Lg %.3Le %.40Le\n", big, tiny, -big, 1e-4950L);
    printf("%Lf %Le %Lg %La %LA\n", z, z, z, z, -z);
    printf("%Lf %Lf %Lf %Lg %Lg\n", 1 / z, -1 / z, z / z, 1 / z, -1 / z);

    // Flags, widths, rounding of ties (to even, as glibc).
    printf("%10.3Lf|%-12.4Le|%+Lg|%#Lg|%012.2Lf\n", a, a, a, 100.0L, -a);
    printf("%.0Lf %.0Lf %.1Lf %Lg %Lg %Lf %Lf\n", 0.5L, 1.5L, 0.25L, 1e6L, 123456789.0L, 2.5L, 1e-5L);
    printf("%La %.3La %La %La\n", 1.0L, a, 0.1L, 255.5L);

    // Conversions both ways.
    int i = 7;
    unsigned u = 3;
    long double x = 2.5L;
    i += x;
    u *= x;
    x -= i;
    printf("%d %u %Lg %d %d\n", i, u, x, x != 0 && !x == 0, (int)-x);
    long double *p = &x;
    (*p)++;
    ++*p;
    p[0]--;
    printf("%Lg\n", x);
    printf("%llu %lld\n", (unsigned long long)1e19L, (long long)-1e18L);
    printf("%Lf %Lf\n", (long double)18446744073709551615ULL, (long double)-9223372036854775807LL);
    float f = 1.1L;
    double d = 1.1L;
    printf("%.10f %.20f %.20Lf\n", f, d, (long double)f);
    printf("%d\n", _Generic(x, long double: 1, double: 2, default: 3));

    // In structs, arrays, globals and through function pointers.
    struct rec r = make(0.1L), s = r;
    s.v *= 3;
    printf("%c %.21Lg %d %.21Lg\n", s.tag, s.v, s.n, r.v);
    printf("%Lg %Lg %.21Lg\n", apply(add, gl[0], gl[1]), gl[0] > gl[1] ? gl[0] : gl[1], grec.v);
    long double arr[4];
    for (int k = 0; k < 4; k++)
        arr[k] = k * 0.1L;
    printf("%.21Lg %zu\n", arr[3] + arr[1], sizeof arr);

    // The library.
    printf("%.20Lf %Lf %Lf %Lf %Lf\n", sqrtl(2), floorl(-2.5L), ceill(-2.5L), roundl(-2.5L),
           truncl(-2.7L));
    printf("%Lf %Lf %Lf %Lf\n", fmodl(10.5L, 3), fabsl(-4.25L), fminl(1, 2), fmaxl(1, 2));
    printf("%.10Lf %.10Lf %.10Lf\n", expl(1), logl(10), powl(2, 10));
    char *end;
    long double v = strtold("  3.14159265358979323846264338327950288xyz", &end);
    printf("%.25Lf [%s] %Lg\n", v, end, strtold("1e4000", NULL));
    long double e;
    if (sscanf("2.718281828459045235360287", "%Lf", &e) == 1)
        printf("%.22Lf\n", e);
    return 0;
}
