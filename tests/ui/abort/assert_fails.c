/* A failed assertion stops the program. */
#include <assert.h>

int main(void)
{
    int balance = -5;
    assert(balance >= 0); //~ ERROR: abort
    return 0;
}
