// A stream closed on an error path and again at the end.
#include <stdio.h>

int main(void) {
    FILE *log = fopen("double_close.log", "w");
    if (!log)
        return 1;
    if (fputs("first line\n", log) == EOF)
        fclose(log);
    fclose(log);
    fclose(log);                  //~ ERROR: double-close
    return 0;
}
