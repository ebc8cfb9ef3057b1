/* fgets told a size larger than the member it writes. */
#include <stdio.h>

struct record {
    char line[8];
    int id;
};

int main(void)
{
    struct record r;
    r.id = 1;
    if (fgets(r.line, 64, stdin)) //~ ERROR: out-of-bounds
        printf("%s", r.line);
    return 0;
}
