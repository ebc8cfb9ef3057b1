//@ flags: --output-limit 100
/* A program that never stops printing is stopped at the output limit. */
#include <stdio.h>

int main(void)
{
    for (;;)
        puts("spam spam spam"); //~ ERROR: output-limit
}
