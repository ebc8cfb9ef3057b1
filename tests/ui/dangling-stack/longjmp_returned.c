// longjmp to a setjmp whose function has returned: its frame is gone.
#include <setjmp.h>
#include <stdio.h>

static jmp_buf saved;

static int prepare(void) {
    if (setjmp(saved) != 0) {
        printf("back in prepare\n");
        return 1;
    }
    return 0;
}

int main(void) {
    prepare();
    longjmp(saved, 1);           //~ ERROR: dangling-stack
    return 0;
}
