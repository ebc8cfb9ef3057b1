/* strcpy overruns a member array; the bytes stay inside the struct, so a checker of
   whole objects (Valgrind, ASan) sees nothing: cmem names the member. */
#include <stdio.h>
#include <string.h>

struct student {
    char name[8];
    int grade;
};

int main(void)
{
    struct student s = { "", 90 };
    strcpy(s.name, "Christopher"); //~ ERROR: out-of-bounds
    printf("%s %d\n", s.name, s.grade);
    return 0;
}
