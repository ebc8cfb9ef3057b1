/* malloc(0) in a loop is reported once, with how often it happened. */
#include <stdlib.h>

int main(void)
{
    for (int i = 0; i < 1000; i++) {
        void *p = malloc(0); //~ WARN: zero-size-alloc
        (void)p;
    }
    return 0;
}
