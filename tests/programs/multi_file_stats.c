// Part of multi_file.c: sums and names.
#include "multi_file.h"

const char *names[] = {"red", "green", "blue"};
extern int tentative;              /* main.c's */

static int calls;

int sum(const struct item *head, int (*keep)(const struct item *)) {
    int total = 0;
    calls++;
    for (const struct item *it = head; it; it = it->next)
        if (!keep || keep(it))
            total += it->value;
    return total + tentative * 0;
}

int count(void) { return calls + 42; }
