// Packed structs: __attribute__((packed)) before the tag or after the body, on a typedef'd
// struct, and #pragma pack(N) / push / pop / () as gcc applies them.
#include <stdio.h>
#include <stddef.h>
struct __attribute__((packed)) a { char c; int x; short s; };
struct b { char c; double d; } __attribute__((__packed__));
typedef struct __attribute__((packed)) { char tag; long v; } c_t;
#pragma pack(push, 2)
struct d { char c; int x; char e; };
#pragma pack(pop)
#pragma pack(1)
struct e { char c; struct d inner; long l; };
#pragma pack()
struct f { char c; int x; };
int main(void) {
    printf("%zu %zu %zu\n", sizeof(struct a), offsetof(struct a, x), offsetof(struct a, s));
    printf("%zu %zu\n", sizeof(struct b), _Alignof(struct b));
    printf("%zu %zu\n", sizeof(c_t), offsetof(c_t, v));
    printf("%zu %zu %zu\n", sizeof(struct d), offsetof(struct d, x), _Alignof(struct d));
    printf("%zu %zu %zu\n", sizeof(struct e), offsetof(struct e, inner), offsetof(struct e, l));
    printf("%zu\n", sizeof(struct f));
    struct a v = {1, 0x12345678, 7};
    struct a *p = &v;
    p->x += 1;
    printf("%x %d %d\n", p->x, p->s, v.c);
    return 0;
}
