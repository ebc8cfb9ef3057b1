/* A program from the structured fuzzer's generator (fuzz/src/lib.rs), kept as a smoke test:
   cmem must finish on it with output or diagnostics, never crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct node { int value; struct node *next; };
int f0(int v0);
int f1(int v0);
int f2(int v0);
double g0;
long g1;
int g2;
int g3;
int f0(int v0) {
    return v0;
}
int f1(int v0) {
    return v0;
}
int f2(int v0) {
    return (int)(f1((int)((--1931310651))));
    return v0;
}
int main(void) {
    switch ((int)((7 == -751574354))) {
    default: break;
    }
    return 0;
}
