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
    switch ((int)(4)) {
    case -1: {
    }
    case 67: {
    }
    case -64: {
        printf("%d %ld %g\n", (int)((!v0++)), (long)((!v0++)), (double)((!v0++)));
    }
    case 113: {
        v0 = 8;
        int * v1;
        printf("%d %ld %g\n", (int)((-((long)(v0++) | (int)((*v1))))), (long)((-((long)(v0++) | (int)((*v1))))), (double)((-((long)(v0++) | (int)((*v1))))));
    }
    case 85: {
        while (5) {
        }
    }
    case 45: {
        for (int v1 = 0; v1 < 5; v1++) {
        }
    }
    default: break;
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
    return 0;
}
