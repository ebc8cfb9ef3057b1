/* Initializers: designated, nested, brace elision, strings into arrays, compound literals,
   static locals, zero-filling. */
#include <stdio.h>
#include <string.h>

struct point { int x, y; };
struct rect { struct point tl, br; char name[8]; };
struct mixed { char c; double d; int arr[3]; };

static int global_arr[6] = {[2] = 5, [4] = 7, 9};
static struct point gpts[] = {{1, 2}, [3] = {7, 8}, {9}};
static const char *names[] = {"zero", "one", "two"};
static char exact[3] = "abc";
static struct rect grect = {.name = "box", .br = {.y = 4, .x = 3}};

static int counter(void)
{
    static int n = 10;
    return n++;
}

static int sum(const int *a, int n)
{
    int s = 0, i;
    for (i = 0; i < n; i++)
        s += a[i];
    return s;
}

int main(void)
{
    int a[5] = {1, 2};
    int b[] = {4, 5, 6, 7};
    int m[2][3] = {1, 2, 3, 4};
    struct point pts[3] = {1, 2, 3, 4, 5, 6};
    struct point d = {.y = 9};
    struct mixed mx = {'q', 2.5, {1, 2}};
    char word[10] = "hi";
    char letters[] = {'a', 'b', 'c', '\0'};
    struct rect r = {{1, 1}, {5, 5}, "rect"};
    struct point *cl = &(struct point){3, 4};
    int i;

    printf("a: %d %d %d %d %d\n", a[0], a[1], a[2], a[3], a[4]);
    printf("b: %lu elems, sum %d\n", sizeof b / sizeof b[0], sum(b, 4));
    printf("m: %d %d %d / %d %d %d\n", m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2]);
    for (i = 0; i < 3; i++)
        printf("pts[%d] = (%d,%d)\n", i, pts[i].x, pts[i].y);
    printf("d = (%d,%d), mx = %c %.1f %d %d %d\n", d.x, d.y, mx.c, mx.d, mx.arr[0], mx.arr[1], mx.arr[2]);
    printf("word=%s len=%lu, trailing bytes %d %d, letters=%s\n", word, strlen(word), word[5], word[9], letters);
    printf("r=%s (%d,%d)-(%d,%d)\n", r.name, r.tl.x, r.tl.y, r.br.x, r.br.y);
    printf("global_arr:");
    for (i = 0; i < 6; i++)
        printf(" %d", global_arr[i]);
    printf("\ngpts: %lu elems:", sizeof gpts / sizeof gpts[0]);
    for (i = 0; i < 5; i++)
        printf(" (%d,%d)", gpts[i].x, gpts[i].y);
    printf("\nnames[2]=%s exact=%.3s grect=%s (%d,%d)\n", names[2], exact, grect.name, grect.br.x, grect.br.y);
    printf("compound literal (%d,%d), sum of literal array %d\n", cl->x, cl->y, sum((int[]){10, 20, 30}, 3));
    printf("counter %d %d %d\n", counter(), counter(), counter());
    return 0;
}
