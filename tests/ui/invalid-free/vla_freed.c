// A variable-length array is not a heap block: it must not be passed to free.
#include <stdlib.h>

int main(int argc, char **argv) {
    int n = argc * 4;
    char buffer[n];
    buffer[0] = 'x';
    free(buffer); //~ ERROR: invalid-free
    return 0;
}
