// longjmp out of a function skips its free: the block it allocated is lost.
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

static jmp_buf on_error;

static void work(int fail) {
    char *buf = malloc(32);      //~ ERROR: memory-leak
    if (!buf)
        exit(1);
    buf[0] = 'x';
    if (fail)
        longjmp(on_error, 1);
    free(buf);
}

int main(void) {
    if (setjmp(on_error) == 0)
        work(1);
    else
        printf("recovered\n");
    return 0;
}
