/* C's declarator syntax: pointers to arrays, arrays of function pointers, functions
   returning pointers and function pointers, multi-dimensional arrays, const placement. */
#include <stdio.h>

typedef int (*binop)(int, int);
typedef int row3[3];

static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }

static int (*pick(int which))(int, int)
{
    static int (*table[3])(int, int) = {add, sub, mul};
    return table[which % 3];
}

static binop pick2(char c) { return c == '+' ? add : c == '-' ? sub : mul; }

static int *first_positive(int *a, int n)
{
    int i;
    for (i = 0; i < n; i++)
        if (a[i] > 0)
            return &a[i];
    return 0;
}

static int sum_rows(int (*m)[3], int rows)
{
    int i, j, s = 0;
    for (i = 0; i < rows; i++)
        for (j = 0; j < 3; j++)
            s += m[i][j];
    return s;
}

int main(void)
{
    int grid[2][3] = {{1, 2, 3}, {4, 5, 6}};
    int (*p)[3] = grid;
    row3 *q = &grid[1];
    int *ptrs[3];
    int a = 10, b = 20, c = 30;
    int (*ops[3])(int, int) = {add, sub, mul};
    int vals[5] = {-3, -1, 0, 7, 9};
    int *fp = first_positive(vals, 5);
    const int ci = 5;
    const int *pc = &ci;
    int x = 1;
    int *const cp = &x;
    char s[2][2][4] = {{"ab", "cd"}, {"ef", "gh"}};
    int i;

    ptrs[0] = &a;
    ptrs[1] = &b;
    ptrs[2] = &c;
    printf("p[1][2]=%d (*q)[0]=%d sizeof *p=%lu sizeof grid=%lu\n", p[1][2], (*q)[0], sizeof *p, sizeof grid);
    printf("*ptrs[2]=%d **(ptrs+1)=%d\n", *ptrs[2], **(ptrs + 1));
    for (i = 0; i < 3; i++)
        printf("ops[%d](7,3)=%d pick(%d)=%d\n", i, ops[i](7, 3), i, pick(i)(7, 3));
    printf("pick2('-')(9,4)=%d (*pick2('*'))(9,4)=%d\n", pick2('-')(9, 4), (*pick2('*'))(9, 4));
    printf("first positive %d at index %ld\n", *fp, fp - vals);
    printf("sum_rows=%d\n", sum_rows(grid, 2));
    *cp = 42;
    printf("*pc=%d x=%d s[1][0]=%s s[0][1][1]=%c\n", *pc, x, s[1][0], s[0][1][1]);
    printf("sizeof(int (*)[3])=%lu sizeof(int *[3])=%lu sizeof(row3)=%lu\n", sizeof(int (*)[3]), sizeof(int *[3]), sizeof(row3));
    return 0;
}
