/* A program from the structured fuzzer's generator (fuzz/src/lib.rs), kept as a smoke test:
   cmem must finish on it with output or diagnostics, never crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct node { int value; struct node *next; };
int f0(int v0);
int f1(int v0);
int f2(int v0);
unsigned g0;
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
    printf("%d %ld %g\n", (int)(4), (long)(4), (double)(4));
    char * v0 = NULL;
    for (int v1 = 0; v1 < 9; v1++) {
    }
    printf("%s|%c|%p\n", v0, *v0, (void *)v0);
    v0 = realloc(v0, (unsigned)(((int)((int)1613869144))) % 64);
    return 0;
}
