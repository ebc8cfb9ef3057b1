// Memory from alloca lives on the calling function's stack: it is gone once that
// function returns.
#include <alloca.h>
#include <stdio.h>

static int *scratch(int n) {
    int *p = alloca(n * sizeof(int));
    for (int i = 0; i < n; i++)
        p[i] = i;
    return p;
}

int main(void) {
    int *p = scratch(4);
    printf("%d\n", p[3]); //~ ERROR: dangling-stack
    return 0;
}
