/* Sub-object bounds: the idioms that must stay clean. A pointer to a whole object
   (`&s`, `(char *)&s`, a walk of its bytes, memcpy of the whole struct), offsetof
   arithmetic, container_of (a cast to a struct pointer widens), flexible array
   members, unions, a struct whose first member is an array, pointer comparisons and
   integers, qsort of a member array, bounded string functions, 2-D arrays walked row
   by row or flattened through a cast, and %p. Each has a failing twin in
   tests/ui/out-of-bounds (member_*, row_*, union_*, flexible_*, whole_*). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <stdint.h>

struct student { char name[8]; int grade; };
struct list_head { struct list_head *next; };
struct item { int key; char tag[4]; struct list_head link; };
struct msg { int n; char data[]; };
union pun { char bytes[4]; int i; unsigned char small[2]; };
struct buf { char data[16]; int len; };
struct point { int x, y; };
struct poly { int n; struct point pts[4]; };

#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

static int sum_row(const int *row, int n) { int s = 0; for (int i = 0; i < n; i++) s += row[i]; return s; }
static int cmp_pt(const void *a, const void *b) {
    const struct point *p = (const struct point *)a, *q = (const struct point *)b;
    return p->x - q->x;
}
static int bytes_sum(const void *p, size_t n) { const unsigned char *b = p; int s = 0; for (size_t i = 0; i < n; i++) s += b[i]; return s; }

int main(void) {
    struct student s = { "Ann", 90 };
    /* a. whole-object walks */
    unsigned char *b = (unsigned char *)&s;
    int total = 0;
    for (size_t i = 0; i < sizeof s; i++) total += b[i] != 0;
    char *c = (char *)&s;
    c[9] = c[9];
    printf("a %d\n", total);
    /* c. memcpy of the whole struct */
    struct student t;
    memcpy(&t, &s, sizeof s);
    printf("c %s %d\n", t.name, t.grade);
    /* d. offsetof arithmetic */
    int *g = (int *)((char *)&s + offsetof(struct student, grade));
    printf("d %d %zu\n", *g, offsetof(struct student, grade));
    /* e. container_of from a struct member and from a member array */
    struct item it = { 7, "abc", { NULL } };
    struct list_head *l = &it.link;
    struct item *back = container_of(l, struct item, link);
    char *tg = it.tag;
    struct item *back2 = container_of(tg, struct item, tag);
    printf("e %d %d\n", back->key, back2->key);
    /* f. flexible array member */
    struct msg *m = malloc(sizeof *m + 20);
    m->n = 20;
    strcpy(m->data, "nineteen characters");
    printf("f %s %zu\n", m->data, strlen(m->data));
    free(m);
    /* g. unions */
    union pun u;
    u.i = 0x41424344;
    printf("g %c %c %d\n", u.bytes[0], u.bytes[3], u.small[1]);
    unsigned char *ub = u.small;
    printf("g2 %d\n", ub[3]);
    /* h. first member is an array */
    struct buf bf;
    memset(&bf, 0, sizeof bf);
    char *p = (char *)&bf;
    p[16] = 1;
    printf("h %d\n", bf.len != 0);
    /* i. comparisons and integers */
    char *q = s.name;
    char *e = s.name + sizeof s.name;
    int n = 0;
    for (char *r = q; r < e; r++) n++;
    printf("i %d %d %d %d\n", n, q == (char *)&s, (uintptr_t)q == (uintptr_t)&s, (int)(e - q));
    printf("i2 %d\n", (void *)s.name == (void *)&s);
    /* j. qsort on a member array */
    struct poly py = { 3, { {3, 0}, {1, 0}, {2, 0} } };
    qsort(py.pts, 3, sizeof py.pts[0], cmp_pt);
    printf("j %d %d %d\n", py.pts[0].x, py.pts[1].x, py.pts[2].x);
    /* l. bounded string functions */
    snprintf(s.name, sizeof s.name, "%s", "Christopher");
    strncpy(t.name, "Bob", sizeof t.name);
    printf("l %s %s\n", s.name, t.name);
    /* m. 2-D arrays */
    int mat[3][4];
    memset(mat, 0, sizeof mat);
    for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) mat[i][j] = i * 4 + j;
    int (*rowp)[4] = mat;
    printf("m %d %d %d\n", sum_row(mat[1], 4), rowp[2][3], sum_row(&mat[0][0], 4));
    int *flat = (int *)mat;
    printf("m2 %d\n", flat[11]);
    /* o. %p */
    char buf1[64], buf2[64];
    snprintf(buf1, sizeof buf1, "%p", (void *)s.name);
    snprintf(buf2, sizeof buf2, "%p", (void *)&s);
    printf("o %d\n", strcmp(buf1, buf2) == 0);
    printf("bs %d\n", bytes_sum(&s, sizeof s) > 0);
    return 0;
}
