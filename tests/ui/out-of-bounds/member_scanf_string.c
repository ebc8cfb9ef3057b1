/* scanf("%s") into a member array too small for the word. */
#include <stdio.h>

struct record {
    char word[4];
    int id;
};

int main(void)
{
    struct record r;
    r.id = 1;
    if (scanf("%s", r.word) == 1) //~ ERROR: out-of-bounds
        printf("%s %d\n", r.word, r.id);
    return 0;
}
