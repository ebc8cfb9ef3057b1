// Two files define the same function and the same object: the linker's error, with both places.
//@ files: multiple_definition_other.c
#include <stdio.h>

int limit;
static int helper(void) { return 1; }   /* internal: no clash with the other file's */

int area(int w, int h) { return w * h; }

int main(void) {
    printf("%d\n", area(2, 3) + helper() + limit);
    return 0;
}
