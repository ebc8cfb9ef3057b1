/* Indexing past a member array into the next member. */
#include <stdio.h>

struct student {
    char name[8];
    int grade;
};

int main(void)
{
    struct student s = { "", 90 };
    for (int i = 0; i < 10; i++)
        s.name[i] = 'x'; //~ ERROR: out-of-bounds
    printf("%d\n", s.grade);
    return 0;
}
