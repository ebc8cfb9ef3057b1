// A variable-length array lives on its function's stack: a pointer to it dangles once
// the function returns.
#include <stdio.h>

int *make(int n) {
    int values[n];
    for (int i = 0; i < n; i++)
        values[i] = i;
    return &values[0];
}

int main(void) {
    int *p = make(3);
    printf("%d\n", p[1]); //~ ERROR: dangling-stack
    return 0;
}
