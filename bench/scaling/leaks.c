/* Leak-analysis benchmark: builds a list of N nodes and drops its head, so at exit every
   node is lost (the head definitely, the rest indirectly). Run with --allow memory-leak;
   the analysis at exit must stay linear in blocks and pointers. */
#include <stdlib.h>

#define N 300000

struct node {
    struct node *next;
    int value;
};

int main(void) {
    struct node *head = NULL;
    int i;
    for (i = 0; i < N; i++) {
        struct node *n = malloc(sizeof *n);
        n->next = head;
        n->value = i;
        head = n;
    }
    head = NULL;
    return 0;
}
