/* Carol: correct output, but never frees the copy. Her debugging output on stderr
   does not disturb the grader, which reads only the report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *reversed(const char *s)
{
    size_t n = strlen(s);
    char *r = malloc(n + 1); //~ ERROR: memory-leak
    for (size_t i = 0; i < n; i++)
        r[i] = s[n - 1 - i];
    r[n] = '\0';
    return r;
}

int main(void)
{
    fprintf(stderr, "debug: reversing\n");
    printf("%s\n", reversed("student"));
    return 0;
}
