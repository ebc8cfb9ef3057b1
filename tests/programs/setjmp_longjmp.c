// setjmp and longjmp: an error path out of a recursion, a jump back into a switch, and
// longjmp(env, 0) returning 1 from setjmp.
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
static jmp_buf on_error;
static int depth;
static void parse(int n) {
    depth++;
    if (n == 3)
        longjmp(on_error, 42);
    parse(n + 1);
}
static jmp_buf retry;
int main(void) {
    printf("sizeof(jmp_buf) = %zu\n", sizeof(jmp_buf));
    int code = setjmp(on_error);
    if (code == 0) {
        parse(0);
        printf("not reached\n");
    } else {
        printf("error %d after depth %d\n", code, depth);
    }
    volatile int tries = 0;
    switch (setjmp(retry)) {
    case 0: printf("first\n"); tries++; longjmp(retry, 0);
    case 1: printf("again (0 becomes 1), tries=%d\n", tries); if (++tries < 4) longjmp(retry, 7); break;
    case 7: printf("seven\n"); break;
    }
    printf("tries=%d\n", tries);
    return 0;
}
