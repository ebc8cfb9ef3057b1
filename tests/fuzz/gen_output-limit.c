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
    f2((int)(7));
    while (-1562690516) {
        printf("%d %ld %g\n", (int)(7), (long)(7), (double)(7));
        f1((int)((!4)));
        char v0;
        printf("%d %ld %g\n", (int)(-239870318), (long)(-239870318), (double)(-239870318));
    }
    return 0;
}
