//@ flags: --heap-limit 1000000
// A malloc the memory limit refuses returns NULL, as a real malloc does; a warning says
// which limit it was, so the NULL is not a mystery.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    char *blocks[8];
    int n = 0;
    for (int i = 0; i < 8; i++) {
        blocks[i] = malloc(200000); //~ WARN: memory-limit
        if (blocks[i] != NULL)
            n++;
    }
    printf("%d blocks\n", n);
    for (int i = 0; i < 8; i++)
        free(blocks[i]);
    return 0;
}
