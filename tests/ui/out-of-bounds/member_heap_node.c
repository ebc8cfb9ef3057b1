/* A member array of a heap block: the block is big enough, the member is not. */
#include <stdlib.h>
#include <string.h>

struct node {
    char name[8];
    struct node *next;
};

int main(void)
{
    struct node *n = malloc(sizeof *n);
    n->next = NULL;
    strcpy(n->name, "Bartholomew"); //~ ERROR: out-of-bounds
    free(n);
    return 0;
}
