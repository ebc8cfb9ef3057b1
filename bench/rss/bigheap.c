/* Peak-memory benchmark: holds 100 MB of live heap blocks at once (100 blocks of 1 MB,
   each written in full), checks them, and frees them. cmem's peak RSS should stay within
   1.3 x 100 MB + 20 MB: the shadow state is bits per byte, not bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCKS 100
#define BLOCK_BYTES (1024 * 1024)

int main(void) {
    char *blocks[BLOCKS];
    long sum = 0;
    int i, j;
    for (i = 0; i < BLOCKS; i++) {
        blocks[i] = malloc(BLOCK_BYTES);
        memset(blocks[i], i, BLOCK_BYTES);
        for (j = 0; j < BLOCK_BYTES; j += 4096)
            blocks[i][j] = (char)(j / 4096);
    }
    for (i = 0; i < BLOCKS; i++)
        for (j = 0; j < BLOCK_BYTES; j += 4096)
            sum += blocks[i][j] + blocks[i][j + 1];
    for (i = 0; i < BLOCKS; i++)
        free(blocks[i]);
    printf("blocks %d, %d bytes each, checksum %ld\n", BLOCKS, BLOCK_BYTES, sum);
    return 0;
}
