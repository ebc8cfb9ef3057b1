/* Reading a byte of a malloc'd block that was never written. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int *v = malloc(4 * sizeof(int));
    v[0] = 1;
    v[1] = 2;
    v[3] = 4;
    printf("%d\n", v[0] + v[2]); //~ ERROR: uninit-read
    free(v);
    return 0;
}
