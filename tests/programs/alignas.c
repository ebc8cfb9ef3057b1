// _Alignas and <stdalign.h>: a member asked to be more aligned moves, and aligns its struct;
// objects accept it too (every cmem object is aligned far beyond what C asks).
#include <stdio.h>
#include <stdalign.h>
#include <stddef.h>
struct s { char c; _Alignas(16) int x; char d; };
struct t { char c; alignas(double) char buf[3]; };
_Alignas(32) static char global_buf[10];
int main(void) {
    _Alignas(64) int local = 5;
    alignas(int) char small = 'a';
    printf("%zu %zu %zu\n", sizeof(struct s), alignof(struct s), offsetof(struct s, x));
    printf("%zu %zu %zu\n", sizeof(struct t), alignof(struct t), offsetof(struct t, buf));
    printf("%d %c %zu\n", local, small, sizeof global_buf);
    printf("%d\n", (int)((unsigned long)&local % 64 == 0));
    return 0;
}
