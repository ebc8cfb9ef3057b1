// __attribute__((packed)) on members: each is placed at the next byte (with aligned(N) too).
#include <stdio.h>
#include <stddef.h>
struct h { char tag; int length __attribute__((packed)); short flags __attribute__((__packed__)); };
struct k { char c; __attribute__((packed)) double d; int i; };
struct m { char c; int x __attribute__((packed, aligned(2))); };
struct n { char a; struct h inner __attribute__((packed)); };
int v __attribute__((packed)) = 3;
int main(void) {
    printf("%zu %zu %zu %zu\n", sizeof(struct h), _Alignof(struct h), offsetof(struct h, length), offsetof(struct h, flags));
    printf("%zu %zu %zu %zu\n", sizeof(struct k), _Alignof(struct k), offsetof(struct k, d), offsetof(struct k, i));
    printf("%zu %zu %zu\n", sizeof(struct m), _Alignof(struct m), offsetof(struct m, x));
    printf("%zu %zu %zu %d\n", sizeof(struct n), _Alignof(struct n), offsetof(struct n, inner), v);
    struct h x = {1, 100000, 7};
    printf("%d %d %d\n", x.tag, x.length, x.flags);
    return 0;
}
