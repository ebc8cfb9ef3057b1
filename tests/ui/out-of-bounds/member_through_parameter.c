/* The member's bounds travel with the pointer into another function. */
#include <stdio.h>

struct student {
    char name[8];
    int grade;
};

static void fill(char *dst, int n)
{
    for (int i = 0; i < n; i++)
        dst[i] = 'a' + i; //~ ERROR: out-of-bounds
}

int main(void)
{
    struct student s = { "", 90 };
    fill(s.name, 10);
    printf("%d\n", s.grade);
    return 0;
}
