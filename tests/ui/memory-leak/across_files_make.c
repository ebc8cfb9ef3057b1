// Part of across_files.c.
#include <stdlib.h>

char *make_buffer(int n) {
    char *p = malloc(n);      //~ ERROR: memory-leak
    if (!p)
        exit(1);
    return p;
}
