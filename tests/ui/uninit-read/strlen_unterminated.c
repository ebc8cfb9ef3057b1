/* strlen on a buffer whose bytes were never written: the library call reads them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char *s = malloc(8);
    s[0] = 'h';
    s[1] = 'i';
    printf("%lu\n", strlen(s)); //~ ERROR: uninit-read
    free(s);
    return 0;
}
