/* An integer remainder by zero. */
#include <stdio.h>

int main(void)
{
    int buckets = 0;
    int key = 17;
    printf("%d\n", key % buckets); //~ ERROR: division-by-zero
    return 0;
}
