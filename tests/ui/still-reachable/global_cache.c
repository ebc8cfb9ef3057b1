/* A block a global still points to at exit is still reachable: a warning, as Valgrind
   and LeakSanitizer count it, and the exit status stays the program's. */
#include <stdlib.h>

static int *cache;

int main(void)
{
    cache = malloc(16 * sizeof(int)); //~ WARNING: still-reachable
    cache[0] = 1;
    return 0;
}
