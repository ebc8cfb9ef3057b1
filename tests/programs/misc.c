/* Odds and ends of the subset: extern declarations in blocks, static functions and
   variables, volatile, escapes in literals, literal suffixes and forms, a flexible array
   member, fprintf to stderr, and typedef'd function types. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int shared = 5;
static int hidden(void) { return 11; }
typedef int unary(int);
static int twice(int x) { return 2 * x; }
static int apply(unary *f, int x) { return f(x); }

struct buf {
    size_t len;
    char data[];
};

int main(void)
{
    extern int shared;
    volatile int v = 3;
    const char *esc = "tab\there \"q\" back\\slash \x41\102\n";
    unsigned long long big = 18446744073709551615ULL;
    long l = 0x7fffffffL;
    double e1 = 1e3, e2 = .5, e3 = 2.e-2, e4 = 0x1.8p1;
    float f = 1.5e2f;
    struct buf *b = malloc(sizeof(struct buf) + 6);
    char c = '\0';

    v += shared + hidden();
    printf("v=%d %s", v, esc);
    printf("%llu %ld %d %d %d\n", big, l, '\n', '\'', '\\');
    printf("%.3f %.3f %.3f %.3f %.1f\n", e1, e2, e3, e4, f);
    b->len = 5;
    memcpy(b->data, "flex", 5);
    printf("%s %zu %lu\n", b->data, b->len, sizeof(struct buf));
    free(b);
    fprintf(stderr, "this goes to stderr\n");
    fprintf(stdout, "apply twice: %d, c=%d\n", apply(twice, 21), c);
    return 0;
}
