// <complex.h>: float _Complex and double _Complex with gcc's layout; arithmetic (`*` and `/`
// as libgcc's __muldc3/__divdc3), conversions, constants folded for static data, I, and
// the library (creal, cimag, cabs, carg, conj, csqrt, cexp, clog, cpow).
#include <stdio.h>
#include <complex.h>
static double complex gz = 1.0 + 2.0 * I;
static float complex gf = 3.0f - 1.0f * I;
double complex twice(double complex z) { return 2 * z; }
int main(void) {
    double complex a = 3.0 + 4.0 * I, b = 1.0 - 2.0 * I;
    double complex s = a + b, d = a - b, p = a * b, q = a / b;
    printf("%g %g | %g %g | %g %g | %g %g\n", creal(s), cimag(s), creal(d), cimag(d), creal(p), cimag(p), creal(q), cimag(q));
    printf("%g %g %g\n", cabs(a), carg(a), creal(conj(a)) + cimag(conj(a)));
    printf("%zu %zu %zu %zu\n", sizeof(double complex), _Alignof(double complex), sizeof(float complex), _Alignof(float complex));
    float complex f = 1.5f + 2.5f * I;
    f *= f;
    printf("%g %g %g %g\n", crealf(f), cimagf(f), crealf(gf), cimagf(gf));
    double complex t = twice(gz);
    printf("%g %g %d %d\n", creal(t), cimag(t), a == a, a != b);
    double complex r = csqrt(-4.0), e = cexp(I * 3.141592653589793), l = clog(a), w = cpow(a, 2);
    printf("%.17g %.17g | %.17g %.17g | %.17g %.17g | %.17g %.17g\n", creal(r), cimag(r), creal(e), cimag(e), creal(l), cimag(l), creal(w), cimag(w));
    double re = a; int i = a; _Bool bz = 0.0 * I, bnz = I;
    printf("%g %d %d %d\n", re, i, bz, bnz);
    double complex arr[3] = {1, I, -1};
    double complex acc = 0;
    for (int k = 0; k < 3; k++) acc += arr[k] * arr[k];
    printf("%g %g\n", creal(acc), cimag(acc));
    double complex z = a; z++; -z;
    printf("%g %g %g\n", creal(z), cimag(-z), cimag(1.0 / (0.0 * I + 0.0)));
    return 0;
}
