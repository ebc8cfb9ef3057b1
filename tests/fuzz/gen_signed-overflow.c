/* A program from the structured fuzzer's generator (fuzz/src/lib.rs), kept as a smoke test:
   cmem must finish on it with output or diagnostics, never crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct node { int value; struct node *next; };
int f0(int v0);
int f1(int v0);
int f2(int v0);
struct node * g0;
char * g1;
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
    unsigned v0 = (-(f2((int)(3)) * -1163947238));
    f0((int)(5));
    if (3) {
    } else {
    }
    return 0;
}
