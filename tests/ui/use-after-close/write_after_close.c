// A log written after it was closed.
#include <stdio.h>

static void finish(FILE *log) {
    fprintf(log, "done\n");
    fclose(log);
}

int main(void) {
    FILE *log = fopen("run.log", "w");
    if (!log)
        return 1;
    finish(log);
    fprintf(log, "one more line\n"); //~ ERROR: use-after-close
    return 0;
}
