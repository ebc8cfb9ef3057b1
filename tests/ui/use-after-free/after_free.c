/* Writing through a pointer after free. */
#include <stdlib.h>

struct node { int value; struct node *next; };

int main(void)
{
    struct node *n = malloc(sizeof *n);
    n->value = 1;
    n->next = NULL;
    free(n);
    n->value = 2; //~ ERROR: use-after-free
    return 0;
}
