// Part of multi_file.c: the list.
#include <stdlib.h>
#include "multi_file.h"

int pushes;                        /* the definition of the header's extern */
static int calls;                  /* not main's `calls` */

struct item *push(struct item *head, int value, enum color color) {
    struct item *it = malloc(sizeof *it);
    if (!it)
        exit(1);
    it->value = value;
    it->color = color;
    it->next = head;
    pushes++;
    calls += 100;
    return it;
}

void free_items(struct item *head) {
    while (head) {
        struct item *next = head->next;
        free(head);
        head = next;
    }
}
