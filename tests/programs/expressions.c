/* Operators: precedence and associativity, integer promotions, usual arithmetic
   conversions, compound assignment with narrowing, increments on every scalar type. */
#include <stdio.h>

int main(void)
{
    int a = 7, b = 3, c = -5;
    unsigned u = 3000000000u;
    char ch = 'x';
    short sh = 300;
    long l = -9;
    double d = 1.5;
    float f = 2.25f;
    int arr[4] = {10, 20, 30, 40};
    int *p = arr;
    unsigned char uc = 250;
    signed char sc = 100;

    printf("%d %d %d %d %d\n", a + b * c, (a + b) * c, a - b - c, a / b * b + a % b, -a / b);
    printf("%d %d %d %d\n", a << 2, c >> 1, a & b | c, a ^ b & ~c);
    printf("%d %d %d %d %d %d\n", a < b, a > b == 1, a != b && c, !a || b, a <= 7, c >= -5);
    printf("%d %d\n", a > b ? a : b, a < b ? a : b < c ? b : c);
    printf("%u %u %lu\n", u + 2000000000u, u * 2, (unsigned long)u * 2);
    printf("%d %d %d\n", -1 < 1u, -1 < 1, (unsigned char)-1);
    printf("%ld %lu\n", l * a, sizeof(l + a));
    printf("%.2f %.2f %.3f\n", a / 2 + d, a / 2.0, f * 2);
    ch += 1;
    sh *= 200;
    uc += 10;
    sc += 100;
    printf("ch=%c sh=%d uc=%d sc=%d\n", ch, sh, uc, sc);
    a += b *= 2;
    printf("a=%d b=%d\n", a, b);
    a = b = c = 4;
    printf("chain %d %d %d\n", a, b, c);
    d++;
    f--;
    ++p;
    p += 2;
    printf("d=%.1f f=%.2f *p=%d p[-1]=%d\n", d, f, *p, p[-1]);
    printf("%d %d\n", (a = 2, b = 3, a * b), (int)sizeof(char) + (int)sizeof 1.0);
    a = 10;
    a -= 3;
    a *= 4;
    a /= 3;
    a %= 5;
    a <<= 4;
    a >>= 2;
    a |= 1;
    a &= 0xD;
    a ^= 0x3;
    printf("compound a=%d\n", a);
    printf("%d %d %d\n", 017, 0x1F, 'A' + 1);
    printf("%d\n", (int)(3.9) + (int)(-3.9) + (int)2.5e1);
    printf("%lu %lu %lu\n", sizeof(int) * 2, sizeof arr / sizeof *arr, sizeof(struct { char c; int i; }));
    return 0;
}
