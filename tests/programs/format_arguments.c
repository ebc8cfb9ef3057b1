/* printf and scanf arguments of the right types, which the checks of their formats
   must let through: promotions (char, short, float, _Bool), unsigned and signed of one
   size, size_t with %zu, long long with %lld, pointers with %p and %s, a * width, %%,
   void * for scanf, %n, and suppressed scanf conversions. */
#include <stdio.h>
#include <string.h>
#include <stddef.h>

int main(void)
{
    char c = 'A';
    short s = -3;
    float f = 1.5f;
    _Bool b = 1;
    unsigned u = 7;
    long long ll = 1LL << 40;
    size_t n = strlen("four");
    ptrdiff_t d = &"abc"[2] - &"abc"[0];
    int x = 42, count = 0;
    void *vp = &x;
    printf("%c %hd %f %d %u %d %lld %zu %td\n", c, s, f, b, u, -u, ll, n, d);
    printf("%*d|%-*s|%.*f %% %n\n", 5, x, 4, "ab", 2, 3.14159, &count);
    printf("%d %s %x %o %e %g\n", count, "str", 255u, 8, 12345.678, 0.0001);
    int a = 0, c2 = 0;
    double g = 0;
    char word[16];
    if (sscanf("12 skip 3.5 hello 9", "%d %*s %lf %15s %d", &a, &g, word, &c2) == 4)
        printf("%d %.1f %s %d\n", a, g, word, c2);
    if (sscanf("77", "%d", vp) == 1)
        printf("%d\n", x);
    printf("%p\n", (void *)0);
    return 0;
}
