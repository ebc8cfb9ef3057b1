/* A program from the structured fuzzer's generator (fuzz/src/lib.rs), kept as a smoke test:
   cmem must finish on it with output or diagnostics, never crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct node { int value; struct node *next; };
int f0(int v0);
int f1(int v0);
int f2(int v0);
char * g0;
int g1;
int g2;
int g3;
int f0(int v0) {
    while (582507102) {
        break;
        printf("%d %ld %g\n", (int)(((6 && 5) - f2((int)((int)sizeof(double))))), (long)(((6 && 5) - f2((int)((int)sizeof(double))))), (double)(((6 && 5) - f2((int)((int)sizeof(double))))));
        double v1 = (int)sizeof(double);
        switch ((int)(1109900861)) {
        case -103: {
        }
        default: break;
        }
    }
    return (int)(9);
    return v0;
}
int f1(int v0) {
    return v0;
}
int f2(int v0) {
    return v0;
}
int main(void) {
    if (f0((int)((!(f0((int)(g1)) ? ((long)f0((int)(2))) : (!212526763)))))) {
    } else {
    }
    return 0;
}
