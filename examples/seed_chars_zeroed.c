/* Seed: "allocates 8 bytes" and initializes them before reading.
   cmem shows: nothing but the program's output — every byte is written before it is read,
   and the block is freed. Remove the zeroing loop and cmem reports `uninit-read`. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    // allocates 8 bytes
    char *p = (char *)malloc(8);
    int sum = 0;

    for (int i = 0; i < 8; ++i) {
        p[i] = 0;
    }
    for (int i = 0; i < 8; ++i) {
        sum += p[i];
    }
    printf("sum of 8 zeroed chars: %d\n", sum);
    free(p);
    return 0;
}
