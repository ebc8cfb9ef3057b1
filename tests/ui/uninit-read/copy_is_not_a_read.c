/* Copying uninitialised bytes (struct assignment, memcpy) is silent; only the load of the
   scalar that was never written is an error. */
#include <stdio.h>
#include <string.h>

struct pair { int a; int b; };

int main(void)
{
    struct pair p, q, r;
    p.a = 1;
    q = p;
    memcpy(&r, &q, sizeof r);
    printf("%d\n", r.a);
    printf("%d\n", r.b); //~ ERROR: uninit-read
    return 0;
}
