// A block from alloca is freed when its function returns; passing it to free is an error.
#include <alloca.h>
#include <stdlib.h>

int main(void) {
    char *name = alloca(16);
    name[0] = '\0';
    free(name); //~ ERROR: invalid-free
    return 0;
}
