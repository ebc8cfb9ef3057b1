/* One allocation site whose blocks are partly still reachable (a warning) and partly
   lost (an error): two reports. */
#include <stdlib.h>

static char *kept;

int main(void)
{
    for (int i = 0; i < 3; i++) {
        char *p = malloc(8); //~ ERROR: memory-leak
        //~^ WARNING: still-reachable
        if (i == 0)
            kept = p;
    }
    return 0;
}
