/* A singly linked list: push, print, reverse, free.
   cmem shows: a clean run. Change `free_list(head)` to `head = NULL` and cmem reports one
   leak per allocation site: the first node definitely lost (with the line where the last
   pointer was overwritten), the others indirectly lost. */
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

static struct node *push(struct node *head, int value)
{
    struct node *n = malloc(sizeof *n);
    if (n == NULL) {
        exit(1);
    }
    n->value = value;
    n->next = head;
    return n;
}

static struct node *reverse(struct node *head)
{
    struct node *prev = NULL;
    while (head != NULL) {
        struct node *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

static void print(const struct node *n)
{
    for (; n != NULL; n = n->next) {
        printf("%d -> ", n->value);
    }
    printf("NULL\n");
}

static void free_list(struct node *n)
{
    while (n != NULL) {
        struct node *next = n->next;
        free(n);
        n = next;
    }
}

int main(void)
{
    struct node *head = NULL;
    for (int i = 1; i <= 5; i++) {
        head = push(head, i * 10);
    }
    print(head);
    head = reverse(head);
    print(head);
    free_list(head);
    return 0;
}
