// Array parameters with qualifiers and static (C11 6.7.6.3): named and unnamed, in
// prototypes and definitions; forward-declared enums, _Static_assert, _Noreturn,
// __builtin_expect, anonymous members and a flexible array member.
#include <stdio.h>
#include <stdlib.h>
enum color;
enum color { RED, GREEN };
static int sum(int n, const int a[const static 3]) { int s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }
static int f2(int [const 5]);
static int f2(int a[const 5]) { return a[0]; }
_Static_assert(sizeof(int) == 4, "int is 4 bytes");
_Noreturn static void die(void) { exit(3); }
struct s { int n; union { int i; float f; }; struct { char a, b; }; int tail[]; };
int main(void) {
    int a[3] = {1, 2, 3};
    printf("%d %d\n", sum(3, a), f2(a));
    if (__builtin_expect(a[0] == 1, 1)) printf("expected\n");
    struct s *p = malloc(sizeof *p + 2 * sizeof(int));
    p->i = 5; p->a = 'x'; p->tail[1] = 9;
    printf("%d %c %d %zu\n", p->i, p->a, p->tail[1], sizeof(struct s));
    free(p);
    if (a[2] == 4) die();
    return GREEN;
}
