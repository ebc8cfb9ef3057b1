// fopen of a file that does not exist returns NULL: reading through it is reported.
#include <stdio.h>

int main(void) {
    FILE *in = fopen("no_such_input.txt", "r");
    char line[80];
    if (fgets(line, sizeof line, in)) //~ ERROR: null-dereference
        printf("%s", line);
    return 0;
}
