// Bit-fields in packed structs (pack 1): each at the next free bit, across byte and unit
// boundaries, as gcc packs them.
#include <stdio.h>
#pragma pack(push)
#pragma pack(1)
struct s { char c; unsigned a : 30; unsigned b : 10; signed d : 5; long long e : 40; short f; };
#pragma pack(pop)
struct __attribute__((packed)) t { unsigned x : 3; unsigned y : 7; char z; unsigned w: 17; };
int main(void) {
    struct s v = {1, 0x3FFFFFFF, 1000, -7, 0x123456789LL, 5};
    printf("%zu %u %u %d %llx %d\n", sizeof v, v.a, v.b, v.d, (long long)v.e, v.f);
    v.b = 1023; v.a = 12345; v.d = 15; v.e = -1;
    printf("%u %u %d %lld %d\n", v.a, v.b, v.d, (long long)v.e, v.c);
    struct t t = {5, 100, 'q', 99999};
    printf("%zu %u %u %c %u\n", sizeof t, t.x, t.y, t.z, t.w);
    return 0;
}
