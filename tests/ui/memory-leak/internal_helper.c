/* A block from cmem's own helper behind qsort is still a block: leaking it is reported. */
#include <stdlib.h>

int main(void)
{
    void *p = __cmem_scratch(16); //~ ERROR: memory-leak
    return p == 0;
}
