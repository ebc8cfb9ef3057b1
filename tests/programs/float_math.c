/* The `float` versions of <math.h>'s functions compute in float, as glibc's do. */
#include <math.h>
#include <stdio.h>

int main(void)
{
    float x = 0.7f, y = 2.5f;
    printf("%.9g %.9g %.9g %.9g\n", sinf(x), cosf(x), tanf(x), atan2f(x, y));
    printf("%.9g %.9g %.9g %.9g\n", expf(x), logf(y), log10f(y), log2f(y));
    printf("%.9g %.9g %.9g %.9g\n", asinf(x), acosf(x), atanf(x), sinhf(x));
    printf("%.9g %.9g %.9g %.9g\n", coshf(x), tanhf(x), hypotf(x, y), cbrtf(y));
    printf("%.9g %.9g %.9g %.9g\n", fminf(x, y), fmaxf(x, y), fmodf(y, x), roundf(y));
    printf("%.9g %.9g %.9g\n", truncf(-y), sqrtf(y), powf(y, x));
    for (int i = 1; i <= 5; i++) {
        float v = (float)i * 1.37f;
        printf("%.9g %.9g %.9g\n", sinf(v), expf(v), logf(v));
    }
    return 0;
}
