/* Reading before the start of a global array. */
#include <stdio.h>

int counts[3] = {1, 2, 3};

int main(void)
{
    int i = -1;
    printf("%d\n", counts[i]); //~ ERROR: out-of-bounds
    return 0;
}
