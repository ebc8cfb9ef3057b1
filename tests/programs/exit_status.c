/* exit() from a nested call with atexit handlers; the status becomes cmem's. */
#include <stdio.h>
#include <stdlib.h>

static void bye(void) { printf("bye from atexit\n"); }
static void bye2(void) { printf("second handler runs first\n"); }

static void fail(int code)
{
    printf("failing with %d\n", code);
    exit(code);
}

int main(void)
{
    atexit(bye);
    atexit(bye2);
    fail(7);
    printf("not reached\n");
    return 0;
}
