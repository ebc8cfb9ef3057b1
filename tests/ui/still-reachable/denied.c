//@ flags: --deny still-reachable
/* A course that wants every block freed makes still-reachable blocks errors. */
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

static struct node *head;

int main(void)
{
    for (int i = 0; i < 3; i++) {
        struct node *n = malloc(sizeof *n); //~ ERROR: still-reachable
        n->value = i;
        n->next = head;
        head = n;
    }
    return 0;
}
