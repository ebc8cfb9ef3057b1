//@ flags: --max-diagnostics 2
/* Five leaks, two shown: the last report says how many more there are. */
#include <stdlib.h>

int main(void)
{
    malloc(1); //~ ERROR: memory-leak
    malloc(2); //~ ERROR: memory-leak
    malloc(3); //~ ERROR: memory-leak
    malloc(4); //~ ERROR: memory-leak
    malloc(5); //~ ERROR: memory-leak
    return 0;
}
