#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

struct node *push(struct node *head, int value) {
    struct node *n = malloc(sizeof *n);
    n->value = value;
    n->next = head;
    return n;
}

int main(void) {
    struct node *list = NULL;
    for (int i = 1; i <= 3; i++)
        list = push(list, i * 10);
    struct node *second = list->next;
    printf("first %d\n", list->value);
    free(second);
    int total = 0;
    for (struct node *p = list; p != NULL; p = p->next)
        total += p->value;
    printf("total %d\n", total);
    return 0;
}
