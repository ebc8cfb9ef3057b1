/* Writing one element past the end of a malloc'd array. */
#include <stdlib.h>

int main(void)
{
    int *a = malloc(5 * sizeof(int));
    for (int i = 0; i <= 5; i++)
        a[i] = i; //~ ERROR: out-of-bounds
    free(a);
    return 0;
}
