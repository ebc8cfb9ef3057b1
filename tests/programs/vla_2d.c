// Variable-length arrays in every place C11 allows them: 2-D VLA parameters, locals with
// run-time inner lengths, pointers to VLAs (on the stack and from malloc), typedefs of VLA
// types, sizeof of VLA types and objects, p + i and p - q on pointers to VLA rows.
#include <stdio.h>
#include <stdlib.h>
void fill(int n, int m, int a[n][m]) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            a[i][j] = i * 10 + j;
}
int sum(int n, int a[n][n]) { int s = 0; for (int i = 0; i < n; i++) s += a[i][i]; return s; }
static int first(void) {
    int n = 3, m = 4;
    int grid[n][m];
    fill(n, m, grid);
    printf("%d %zu %zu\n", grid[2][3], sizeof grid, sizeof grid[0]);
    int sq[3][3] = {{1,2,3},{4,5,6},{7,8,9}};
    printf("%d\n", sum(3, sq));
    typedef int row[m];
    row r; r[3] = 5;
    printf("%d %zu\n", r[3], sizeof(row));
    int (*p)[m] = grid;
    printf("%d\n", p[1][2]);
    return 0;
}

static void print(int rows, int cols, double m[rows][cols]) {
    for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) printf("%5.1f", m[i][j]);
        printf("\n");
    }
}
static void transpose(int n, int m, double src[n][m], double dst[m][n]) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) dst[j][i] = src[i][j];
}
int main(void) {
    first();
    int n = 2, m = 3;
    double a[n][m], t[m][n];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) a[i][j] = i + j / 10.0;
    transpose(n, m, a, t);
    print(m, n, t);
    double (*rows)[m] = a;
    rows = rows + 1;
    printf("%.1f %ld %zu\n", rows[0][2], rows - a, sizeof *rows);
    int (*heap)[m] = malloc(n * sizeof *heap);
    for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) heap[i][j] = i * m + j;
    printf("%d %d\n", heap[1][2], heap[0][1]);
    free(heap);
    for (int k = 1; k <= 3; k++) {
        char buf[k][k + 1];
        printf("%zu ", sizeof buf);
    }
    printf("%zu\n", sizeof(int[n][m]));
    typedef double vec[m];
    vec *vs = malloc(2 * sizeof(vec));
    vs[1][2] = 7.5;
    printf("%.1f %zu\n", vs[1][2], sizeof(vec));
    free(vs);
    return 0;
}
