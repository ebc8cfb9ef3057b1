/* Variable-length arrays: a local whose first length is computed at run time (1-D and
   `T a[n][K]`), `sizeof` computed where it is declared, a new array each time the
   declaration is reached, and a VLA parameter (adjusted to a pointer). As gcc prints. */
#include <stdio.h>
#include <string.h>

static long total(int n, const int a[n])
{
    long s = 0;
    for (int i = 0; i < n; i++)
        s += a[i];
    return s;
}

int main(void)
{
    int n = 5;
    int a[n];
    for (int i = 0; i < n; i++)
        a[i] = i * i;
    printf("%zu %ld\n", sizeof a, total(n, a));
    double m[n][3];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < 3; j++)
            m[i][j] = i + j / 10.0;
    printf("%zu %.1f\n", sizeof m, m[4][2]);
    for (int k = 1; k <= 3; k++) {
        char s[k * 4];
        memset(s, 'a' + k, sizeof s - 1);
        s[sizeof s - 1] = '\0';
        printf("%s %zu\n", s, sizeof s);
    }
    return 0;
}
