/* A program from the structured fuzzer's generator (fuzz/src/lib.rs), kept as a smoke test:
   cmem must finish on it with output or diagnostics, never crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct node { int value; struct node *next; };
int f0(int v0);
int f1(int v0);
int f2(int v0);
int g0;
int g1;
int g2;
int g3;
int f0(int v0) {
    while (5) {
    }
    printf("%d %ld %g\n", (int)(f2((int)(5))), (long)(f2((int)(5))), (double)(f2((int)(5))));
    {
    }
    if (4) {
    } else {
    }
    return v0;
}
int f1(int v0) {
    return v0;
}
int f2(int v0) {
    return v0;
}
int main(void) {
    printf("%d %ld %g\n", (int)(5), (long)(5), (double)(5));
    if (-1833037231) {
    } else {
    }
    if (g0) {
    } else {
    }
    while ((!(!((unsigned)g1)))) {
        if (4) {
        } else {
        }
        for (int v0 = 0; v0 < 2; v0++) {
        }
        break;
    }
    while ((!(int)sizeof(unsigned))) {
    }
    return 0;
}
