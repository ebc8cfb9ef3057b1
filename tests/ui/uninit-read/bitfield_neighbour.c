// Writing one bit-field does not make its neighbours in the same bytes count as written:
// reading one never assigned is reported, naming the field (through a struct copy too).
#include <stdio.h>
#include <stdlib.h>

struct status {
    unsigned ready : 1;
    unsigned mode : 3;
    unsigned error : 1;
};

int main(void) {
    struct status *s = malloc(sizeof *s);
    if (!s)
        return 1;
    s->ready = 1;
    s->mode = 2;
    struct status copy = *s;
    printf("%u %u\n", copy.ready, copy.mode);
    printf("%u\n", copy.error);  //~ ERROR: uninit-read
    free(s);
    return 0;
}
