// Three translation units linked as one program: external and internal linkage, extern
// declarations, tentative definitions, a struct and an enum shared through a header.
//@ files: multi_file_list.c multi_file_stats.c
#include <stdio.h>
#include "multi_file.h"

static int calls;                  /* internal: each file's `calls` is its own */
int tentative;                     /* a tentative definition... */
int tentative;                     /* ...repeated in the same unit: still one object */

static int is_red(const struct item *it) { return it->color == RED; }

int main(void) {
    struct item *list = NULL;
    for (int i = 1; i <= 6; i++) {
        list = push(list, i * 10, (enum color)(i % 3));
        calls++;
    }
    tentative = 7;
    printf("pushes=%d calls=%d count=%d\n", pushes, calls, count());
    printf("sum of red items: %d\n", sum(list, is_red));
    printf("sum of all: %d\n", sum(list, NULL));
    printf("first color: %s, tentative=%d\n", names[list->color], tentative);
    free_items(list);
    return 0;
}
