// freopen: stdin read from a file of the program's folder, a stream moved from one file to
// another (what it wrote reaches the first file), and a failed freopen, which closes the
// stream and returns NULL. (The files it writes are removed again at the end.)
#include <errno.h>
#include <stdio.h>

int main(void) {
    if (!freopen("files_input.txt", "r", stdin)) {
        perror("freopen");
        return 1;
    }
    char word[16];
    int n, total = 0;
    while (scanf("%15s %d", word, &n) == 2) {
        printf("%s=%d ", word, n);
        total += n;
    }
    printf("total %d, eof %d\n", total, feof(stdin));

    FILE *log = fopen("freopen_a.tmp", "w");
    fprintf(log, "first\n");
    FILE *same = freopen("freopen_b.tmp", "w+", log);
    fprintf(same, "second %d\n", total);
    rewind(same);
    char line[32];
    printf("same stream: %d, reads back: %s", same == log, fgets(line, sizeof line, same));
    fclose(same);
    FILE *a = fopen("freopen_a.tmp", "r");
    printf("the first file kept: %s", fgets(line, sizeof line, a));
    fclose(a);

    FILE *f = fopen("freopen_a.tmp", "r");
    FILE *gone = freopen("no_such_folder/x.txt", "r", f);
    printf("failed: %s, errno %d\n", gone ? "opened" : "NULL", errno);
    printf("remove: %d %d\n", remove("freopen_a.tmp"), remove("freopen_b.tmp"));
    return 0;
}
