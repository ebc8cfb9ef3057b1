/* printf conversions beyond the corpus: flags, widths and precisions from arguments,
   every length modifier, %g corner cases, %p of NULL, %n, %%. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>

int main(void)
{
    int n = 0;
    double vals[] = {0.0, -0.0, 1.0, 0.1, 123.456, 1e-10, 1e100, 999999.5, 0.00009999, 1e15};
    int i;
    for (i = 0; i < 10; i++)
        printf("[%g] [%e] [%.3g] [%#g] [%10.4f]\n", vals[i], vals[i], vals[i], vals[i], vals[i]);
    printf("[%*d] [%-*d] [%.*f] [%*.*s]\n", 6, 42, 6, 42, 2, 3.14159, 8, 3, "abcdef");
    printf("[%hhu] [%hd] [%lld] [%llu] [%zu] [%jd] [%td]\n", (unsigned char)300, (short)70000, LLONG_MIN, ULLONG_MAX,
           sizeof(int), (intmax_t)-5, (ptrdiff_t)12);
    printf("[%" PRId64 "] [%" PRIu32 "] [%" PRIx64 "]\n", INT64_MIN, UINT32_MAX, (uint64_t)0xDEADBEEFCAFEULL);
    printf("[%5s] [%-5s] [%.1s] [%c] [%5c]\n", "ab", "ab", "ab", 'x', 'y');
    printf("[%+.2e] [% d] [%+05d] [%-+6d] [% 05.1f]\n", 12345.678, 5, 42, 42, 2.5);
    printf("[%#o] [%#x] [%#X] [%o] [%x]\n", 0, 255, 255, 8, 0);
    printf("[%.0f] [%.0f] [%.0f] [%.0f] [%.1f]\n", 0.5, 1.5, 2.5, -0.5, 0.05);
    printf("[%p]%n\n", (void *)0, &n);
    printf("n=%d [%5%] [%d%%]\n", n, 50);
    printf("[%a] [%A]\n", 0.5, 255.0);
    printf("[%G] [%E] [%F]\n", 1e-20, 12.5, 1.0 / 3);
    printf("%s%s%s\n", "a", "", "c");
    return 0;
}
