// `gets` is gone from C11: cmem says why and what to use instead.
#include <stdio.h>

int main(void) {
    char line[16];
    gets(line); //~ ERROR: unsupported
    printf("%s\n", line);
    return 0;
}
