/* A struct member that was never assigned, read through a pointer in another function. */
#include <stdio.h>

struct point { int x, y; };

static int sum(const struct point *p)
{
    return p->x + p->y; //~ ERROR: uninit-read
}

int main(void)
{
    struct point p;
    p.x = 3;
    printf("%d\n", sum(&p));
    return 0;
}
