/* A tree whose root pointer is overwritten: the root is definitely lost, its children
   indirectly. */
#include <stdlib.h>

struct tree { struct tree *left, *right; };

static struct tree *node(struct tree *l, struct tree *r)
{
    struct tree *t = malloc(sizeof *t); //~ ERROR: memory-leak
    t->left = l;
    t->right = r;
    return t;
}

int main(void)
{
    struct tree *root = node(node(NULL, NULL), node(NULL, NULL));
    root = NULL;
    return 0;
}
