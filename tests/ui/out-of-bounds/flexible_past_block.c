/* A flexible array member reaches to the end of its block, and no further. */
#include <stdlib.h>
#include <string.h>

struct message {
    int length;
    char text[];
};

int main(void)
{
    struct message *m = malloc(sizeof *m + 8);
    m->length = 8;
    strcpy(m->text, "seven..");
    strcpy(m->text, "eight..."); //~ ERROR: out-of-bounds
    free(m);
    return 0;
}
