/* enum (explicit, implicit, negative values; gcc's unsigned underlying type), _Bool and
   stdbool.h, stdint.h and limits.h constants. */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum color { RED, GREEN = 5, BLUE };
enum temp { COLD = -10, WARM = 20 };
typedef enum { A = 1 << 0, B = 1 << 1, C = 1 << 2 } flags;

int main(void)
{
    enum color c = BLUE;
    enum temp t = COLD;
    flags f = A | C;
    bool yes = true, no = 0;
    _Bool from_int = 42;
    uint8_t u8 = 255;
    int16_t i16 = INT16_MIN;
    uint32_t u32 = UINT32_MAX;
    int64_t i64 = INT64_MAX;

    printf("%d %d %d %d %d\n", RED, GREEN, c, t, f);
    printf("c - 10 < 0: %d, t - 30 < 0: %d\n", c - 10 < 0, t - 30 < 0);
    printf("%d %d %d %lu\n", yes, no, from_int, sizeof(bool));
    u8++;
    printf("%d %d %u %ld\n", u8, i16, u32, (long)i64);
    printf("%d %d %ld %u %d %d\n", INT_MAX, INT_MIN, LONG_MIN, UINT_MAX, CHAR_MIN, SCHAR_MAX);
    printf("%lu %lu %lu\n", sizeof(int8_t), sizeof(uint64_t), sizeof(intptr_t));
    return 0;
}
