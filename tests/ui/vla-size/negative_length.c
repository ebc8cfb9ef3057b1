// A variable-length array's length must be at least 1: a length computed as negative (or
// 0) is reported where the array is declared.
#include <stdio.h>

int main(int argc, char **argv) {
    int n = argc - 5;
    int values[n]; //~ ERROR: vla-size
    values[0] = 1;
    printf("%d\n", values[0]);
    return 0;
}
