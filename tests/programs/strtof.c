/* strtof rounds the text to float once, sets errno to ERANGE on overflow, and says where
   it stopped. As glibc does. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
int main(void) {
    const char *inputs[] = {"3.14159", "  1e-3x", "0.1", "1e39", "-2.5e2", "16777217", "nan", "abc"};
    for (int i = 0; i < 8; i++) {
        char *end;
        errno = 0;
        float f = strtof(inputs[i], &end);
        printf("%.9g %d %td\n", f, errno, end - inputs[i]);
    }
    return 0;
}
