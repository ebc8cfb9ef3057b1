/* A member of one element of an array of structs. */
#include <string.h>

struct student {
    char name[8];
    int grade;
};

int main(void)
{
    struct student a[3];
    memset(a, 0, sizeof a);
    strcpy(a[1].name, "Jonathan"); //~ ERROR: out-of-bounds
    return a[1].grade;
}
