/* %d given strlen's size_t: the conversion for it is %zu. */
#include <stdio.h>
#include <string.h>

int main(void)
{
    const char *name = "Ann";
    printf("%zu\n", strlen(name));
    printf("%d\n", strlen(name)); //~ ERROR: bad-call
    return 0;
}
