/* Alice: reverses a string into a heap copy, frees it. Clean. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *reversed(const char *s)
{
    size_t n = strlen(s);
    char *r = malloc(n + 1);
    if (r == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        r[i] = s[n - 1 - i];
    r[n] = '\0';
    return r;
}

int main(void)
{
    char *r = reversed("student");
    printf("%s\n", r);
    free(r);
    return 0;
}
