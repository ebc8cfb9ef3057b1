// A stream opened in a helper and never closed: the report says where it was opened and
// where the last pointer to it went.
#include <stdio.h>

static int count_lines(const char *path) {
    FILE *f = fopen(path, "r");   //~ ERROR: resource-leak
    if (!f)
        return -1;
    int n = 0, c;
    while ((c = fgetc(f)) != EOF)
        n += c == '\n';
    return n;                     /* f is lost here, still open */
}

int main(void) {
    printf("%d lines\n", count_lines("lines.txt"));
    return 0;
}
