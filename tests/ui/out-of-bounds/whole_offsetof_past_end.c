/* offsetof arithmetic on a pointer to the whole struct is clean up to its end. */
#include <stddef.h>
#include <stdio.h>

struct student {
    char name[8];
    int grade;
};

int main(void)
{
    struct student s = { "Ann", 90 };
    int *g = (int *)((char *)&s + offsetof(struct student, grade));
    printf("%d\n", *g);
    int *past = (int *)((char *)&s + offsetof(struct student, grade) + sizeof(int));
    return *past; //~ ERROR: out-of-bounds
}
