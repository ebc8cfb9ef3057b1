/* container_of goes from a member back to its struct (the cast to a struct pointer
   widens the member's bounds); the struct's own bounds still hold. */
#include <stddef.h>
#include <stdio.h>

struct link {
    struct link *next;
};

struct item {
    int key;
    char tag[4];
    struct link node;
};

#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

int main(void)
{
    struct item items[2] = { { 1, "a", { NULL } }, { 2, "b", { NULL } } };
    struct item *it = container_of(items[0].tag, struct item, tag);
    printf("%d\n", it->key);
    struct item *wrong = container_of(&items[1].node, struct item, tag);
    printf("%d\n", wrong[1].key); //~ ERROR: out-of-bounds
    return 0;
}
