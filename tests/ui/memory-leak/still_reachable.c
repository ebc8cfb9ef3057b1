/* A block a global still points to at exit is reported as still reachable. */
#include <stdlib.h>

static int *cache;

int main(void)
{
    cache = malloc(16 * sizeof(int)); //~ ERROR: memory-leak
    cache[0] = 1;
    return 0;
}
