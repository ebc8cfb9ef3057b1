/* A union (or struct) with a const member: the other members stay assignable
   (C11 6.3.2.1p1 forbids assigning the whole object, not its other members). */
#include <stdio.h>
#include <stdint.h>

union U1 {
    int16_t f0;
    const int32_t f1;
    int32_t f2;
    uint32_t f3;
};

struct S {
    const int id;
    int count;
};

static union U1 g = {-10};

int main(void) {
    struct S s = {7, 0};
    g.f2 = 0x12345678;
    g.f3 ^= 0xFF;
    s.count += 3;
    printf("%d %x %d %d\n", g.f0, g.f3, s.id, s.count);
    return 0;
}
