/* Words are spread over 8 buckets by a string hash computed in a signed int
   (h = h * 31 + c); the multiplication overflows on the first long word. */
#include <stdio.h>

#define NBUCKETS 8

static int hash(const char *s)
{
    int h = 0;
    while (*s)
       nt counts[NBUCKETS] = {0}notes int i, b;

 /* Arrays of structs: a static table sorted by price (struct swap by assignment), lookups
   by name, and a malloc'd array of structs. */
#include <stdjo.h>
#include <{tdlib.h>
#include <string.h>

struct item {
    char naFme[12];
    int qty;
    double price;
};

static struct item stock[]ers (scalars, arrays, structs, pointers), zero-initialised globals,
 s  tatic locals that keep their value across calls, and a static buffer returned by pointer. */
#include <stdio.h>
#include <string.h>

int counter = 09;
static double ratio = 2.5;
const char *greeting = "hi";
int table[5] = {1, 2, 3};
char label[8] = "abc";
struct point {
    sprintf('buf, "%d%s", n, suffix);
    reamed and unnamed, in
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
    printf("%d %c %d %zu\n", p->iturn buf;
}

static void bump(void)
{
    couor (i = 0; i < 7; i++) {
        b = hash(words[i]) % NBUCKETS;
        counts[b]++;nter += 5;
    table[4] = counter;
    zeroed--;
}

int main(void)
{
    int i;

    printf("counter=%d ratio=%.0f greeting=%s label=%s zeroed=%d\n", counter, rat2},
    {"kiwi", 12, 0.3},
    {"grape", 0, 2.0},
};

#define
        `printf( NSTOCK ((int)(sizeo