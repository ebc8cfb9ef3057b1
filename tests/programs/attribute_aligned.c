// __attribute__((aligned(N))) as gcc applies it: on a member (it moves, and aligns its
// struct), on a struct or union (before its tag or after its body: its size rounds up),
// with `packed`, on objects (accepted: every cmem object is aligned beyond it), with the
// attribute among the specifiers or after the declarator, and beside a K&R definition.
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
struct a { char c; int x __attribute__((aligned(16))); };
struct __attribute__((aligned(32))) b { char c; };
struct c { short s; } __attribute__((aligned(8)));
typedef struct { float x, y, z; } __attribute__((aligned(16))) vec3;
struct d { char c; __attribute__((aligned(8))) int y; double z __attribute__((__aligned__)); };
struct e { char c; int x __attribute__((aligned(2))); };
struct f { char c; struct b inner; };
struct __attribute__((packed, aligned(4))) g { char c; int x; };
int gv __attribute__((aligned(64))) = 5;
static int arr[3] __attribute__((aligned(16))) = {1, 2, 3};
int knr(x) int x; { return x + 1; }
int param(int p) { return p; }
int main(void) {
    uint32_t __attribute__((aligned(8))) local = 7;
    int y __attribute__((unused, aligned(8))) = 3;
    printf("%zu %zu %zu\n", sizeof(struct a), _Alignof(struct a), offsetof(struct a, x));
    printf("%zu %zu\n", sizeof(struct b), _Alignof(struct b));
    printf("%zu %zu\n", sizeof(struct c), _Alignof(struct c));
    printf("%zu %zu\n", sizeof(vec3), _Alignof(vec3));
    printf("%zu %zu %zu %zu\n", sizeof(struct d), _Alignof(struct d), offsetof(struct d, y), offsetof(struct d, z));
    printf("%zu %zu %zu\n", sizeof(struct e), _Alignof(struct e), offsetof(struct e, x));
    printf("%zu %zu %zu\n", sizeof(struct f), _Alignof(struct f), offsetof(struct f, inner));
    printf("%zu %zu %zu\n", sizeof(struct g), _Alignof(struct g), offsetof(struct g, x));
    printf("%d %d %d %u %d %d\n", gv, arr[2], knr(1), local, y, param(4));
    return 0;
}
