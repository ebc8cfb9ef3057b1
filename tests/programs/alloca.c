/* alloca (<alloca.h>, __builtin_alloca): memory on the caller's stack until it returns. */
#include <alloca.h>
#include <stdio.h>
#include <string.h>

static size_t shout(const char *s)
{
    size_t n = strlen(s);
    char *copy = alloca(n + 2);
    for (size_t i = 0; i < n; i++)
        copy[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
    copy[n] = '!';
    copy[n + 1] = '\0';
    printf("%s\n", copy);
    return n;
}

int main(void)
{
    int *q = __builtin_alloca(3 * sizeof(int));
    for (int i = 0; i < 3; i++)
        q[i] = i * i;
    size_t total = 0;
    for (int k = 0; k < 3; k++)
        total += shout("on the stack");
    printf("%d %zu\n", q[2], total);
    return 0;
}
