// Bit-fields with gcc's layout: packing into storage units, a field that would cross a
// unit boundary starting the next unit, zero-width fields, unions, long long fields,
// signed and unsigned values, truncation on assignment, promotion to int, and
// initialisers (positional, designated, static).
#include <stdio.h>

struct flags {
    unsigned ready : 1, mode : 3;
    int level : 5;
    unsigned : 0;             /* the next field starts a new unit */
    unsigned char tag : 4;
};
struct mix {
    char c;
    int b : 4;                /* shares the unit of `c` */
    long long big : 40;
    _Bool on : 1;
};
struct cross {
    unsigned a : 30;
    unsigned b : 4;           /* does not fit after `a`: the next unit */
};
union u {
    int x : 3;
    char c;
};
struct small {
    unsigned short s : 9;
    signed char sc : 3;
} gs = {300, -2};
struct flags gf = {.mode = 5, .level = -7};

struct date {
    unsigned day : 5, month : 4;
    int year : 23;
};

static int days_in(struct date d) {
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return len[d.month - 1] + (d.month == 2 && d.year % 4 == 0);
}

int main(void) {
    printf("sizes: %zu %zu %zu %zu %zu %zu\n", sizeof(struct flags), sizeof(struct mix),
           sizeof(struct cross), sizeof(union u), sizeof(struct small), sizeof(struct date));
    struct flags f = {1, 6, -3, 9};
    printf("%u %u %d %u\n", f.ready, f.mode, f.level, f.tag);
    f.mode = 9;               /* truncated to 1 */
    f.level = 20;             /* -12 in 5 bits */
    printf("%u %d\n", f.mode, f.level);
    printf("the value of an assignment: %d\n", (f.mode = 15) + 0);
    f.tag++;
    f.tag += 10;
    printf("tag %u\n", f.tag);
    f.level--;
    printf("level %d\n", f.level);
    /* An unsigned field narrower than int is promoted to int. */
    printf("%d %d\n", f.mode - 10 < 0, f.ready - 2 < 0);
    struct mix m = {0};
    m.big = 0x123456789LL;
    m.b = -1;
    m.on = 1;
    printf("%llx %d %d\n", (long long)m.big, m.b, m.on);
    printf("%u %d %u %d %u\n", gs.s, gs.sc, gf.mode, gf.level, gf.ready);
    struct cross c = {1u << 29, 15};
    printf("%u %u\n", c.a, c.b);
    union u v;
    v.x = 3;
    printf("union: %d\n", v.x);
    struct date d = {.day = 29, .month = 2, .year = 2024};
    struct date e = d;        /* copies the bits */
    e.year = -1;
    printf("%u/%u/%d has %d days; %d\n", d.day, d.month, d.year, days_in(d), e.year);
    struct date all[3] = {{1, 1, 2000}, {15, 6, 2010}, [2].month = 12};
    for (int i = 0; i < 3; i++)
        printf("%u-%u-%d ", all[i].day, all[i].month, all[i].year);
    printf("\n");
    return 0;
}
