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
    return v0;
}
int f1(int v0) {
    return v0;
}
int f2(int v0) {
    return v0;
}
int main(void) {
    {
        if (8) {
            for (int v0 = 0; v0 < 8; v0++) {
            }
            f1((int)(7));
        } else {
        }
        switch ((int)(f1((int)(7)))) {
        case -70: {
        }
        default: break;
        }
    }
    return 0;
}
