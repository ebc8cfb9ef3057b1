/* A lookup returns NULL and the result is used without a check. */
#include <stdio.h>
#include <stddef.h>

struct item { int id; int qty; };

static struct item items[2] = {{1, 5}, {2, 7}};

static struct item *lookup(int id)
{
    for (int i = 0; i < 2; i++)
        if (items[i].id == id)
            return &items[i];
    return NULL;
}

int main(void)
{
    struct item *it = lookup(3);
    printf("%d\n", it->qty); //~ ERROR: null-dereference
    return 0;
}
