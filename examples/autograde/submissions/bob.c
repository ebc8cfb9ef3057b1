/* Bob: forgets the terminating '\0' when sizing the copy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *reversed(const char *s)
{
    size_t n = strlen(s);
    char *r = malloc(n);
    for (size_t i = 0; i < n; i++)
        r[i] = s[n - 1 - i];
    r[n] = '\0'; //~ ERROR: out-of-bounds
    return r;
}

int main(void)
{
    char *r = reversed("student");
    printf("%s\n", r);
    free(r);
    return 0;
}
