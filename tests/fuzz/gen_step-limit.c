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
        while (8) {
            while (7) {
                switch ((int)(((int)((int)((int)(g2 ? 2 : ((int)sizeof(unsigned) ? ((int)sizeof(char *) ? 4 : ((int)1)) : ((char)2004635215)))))))) {
                default: break;
                }
                continue;
                for (int v0 = 0; v0 < 1; v0++) {
                    while ((10 ? g3 : -1729449624)) {
                    }
                }
            }
        }
        {
            char v0 = 4;
        }
    }
    return 0;
}
