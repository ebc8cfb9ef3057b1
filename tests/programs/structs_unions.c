/* Structs and unions: nesting, arrays of structs, assignment and by-value passing,
   returning structs, anonymous members, self-reference, padding and offsets. */
#include <stdio.h>
#include <stddef.h>
#include <string.h>

struct vec { double x, y; };
struct node { int v; struct node *next; };
struct shape {
    int kind;
    union {
        struct { double r; } circle;
        struct { double w, h; } rect;
    };
    char tag[4];
};
union bits { unsigned int u; unsigned char b[4]; float f; };

static struct vec scale(struct vec v, double k)
{
    v.x *= k;
    v.y *= k;
    return v;
}

static double area(const struct shape *s)
{
    return s->kind == 0 ? 3.0 * s->circle.r * s->circle.r : s->rect.w * s->rect.h;
}

int main(void)
{
    struct vec a = {1.0, 2.0}, b;
    struct node n3 = {3, NULL}, n2 = {2, &n3}, n1 = {1, &n2};
    struct node *it;
    struct shape shapes[2];
    union bits bits;
    struct vec arr[3] = {{1, 1}, {2, 2}, {3, 3}};
    int i;

    b = scale(a, 3.0);
    printf("b=(%.1f,%.1f) a=(%.1f,%.1f) y of call %.1f\n", b.x, b.y, a.x, a.y, scale(a, 2).y);
    for (it = &n1; it; it = it->next)
        printf("%d ", it->v);
    printf("\n");
    shapes[0].kind = 0;
    shapes[0].circle.r = 2.0;
    shapes[1].kind = 1;
    shapes[1].rect.w = 3.0;
    shapes[1].rect.h = 4.0;
    strcpy(shapes[1].tag, "rc");
    shapes[0] = shapes[1];
    shapes[0].rect.h = 10.0;
    for (i = 0; i < 2; i++)
        printf("area %.1f tag %s\n", area(&shapes[i]), shapes[i].tag);
    bits.u = 0x01020304u;
    printf("bytes %d %d %d %d\n", bits.b[0], bits.b[1], bits.b[2], bits.b[3]);
    bits.f = 1.0f;
    printf("float bits %x\n", bits.u);
    printf("sizeof shape %lu, offsetof tag %lu, offsetof rect.h %lu\n", sizeof(struct shape), offsetof(struct shape, tag),
           offsetof(struct shape, rect.h));
    arr[1] = arr[2];
    arr[2].x = 9;
    printf("arr %.0f %.0f %.0f\n", arr[0].x, arr[1].x, arr[2].x);
    printf("sizeof union %lu\n", sizeof(union bits));
    return 0;
}
