// Pointers to variable-length array rows: ++, --, += and -= step by the run-time row size,
// through any lvalue (designated once).
#include <stdio.h>
int main(void) {
    int n = 3, m = 4;
    int g[n][m];
    for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) g[i][j] = i * 10 + j;
    int (*p)[m] = g;
    int (*q)[m] = p++;
    printf("%d %d ", p[0][1], q[0][1]);
    ++p;
    printf("%d ", (*p)[3]);
    p -= 2;
    printf("%d ", p[1][2]);
    p += 2; p--;
    printf("%d %ld\n", **p, p - g);
    int (*rows[2])[m] = { g, g };
    int k = 0;
    rows[k++]++;
    printf("%d %d %d\n", rows[0][0][0], rows[1][0][0], k);
    for (int (*r)[m] = g; r < g + n; r++) printf("%d ", (*r)[0]);
    printf("\n");
    return 0;
}
