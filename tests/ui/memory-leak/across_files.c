// A block allocated in one file and lost in another: the report names both files.
//@ files: across_files_make.c
#include <stdlib.h>

char *make_buffer(int n);

static void use(void) {
    char *b = make_buffer(16);
    b[0] = 'x';
}                             /* the last pointer is lost here */

int main(void) {
    use();
    return 0;
}
