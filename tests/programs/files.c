// Streams on files beside the program: reading with fscanf, fgets, fgetc and fread,
// writing with fprintf, fputs, fputc and fwrite, positions, flags, errno, tmpfile,
// remove and rename. (The files it writes are removed again at the end.)
#include <errno.h>
#include <stdio.h>
#include <string.h>

static long size_of(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

int main(void) {
    FILE *in = fopen("files_input.txt", "r");
    if (!in) {
        perror("files_input.txt");
        return 1;
    }
    char name[32];
    int v, total = 0;
    while (fscanf(in, "%31s %d", name, &v) == 2) {
        printf("%s=%d\n", name, v);
        total += v;
    }
    printf("eof=%d error=%d\n", feof(in) != 0, ferror(in));
    rewind(in);
    char line[64];
    if (fgets(line, sizeof line, in))
        printf("first line: %s", line);
    int c = fgetc(in);
    ungetc(c, in);
    printf("next char: %c, at %ld\n", fgetc(in), ftell(in));
    fclose(in);
    printf("size: %ld\n", size_of("files_input.txt"));

    FILE *out = fopen("files_result.tmp", "w+");
    fprintf(out, "total %d\n", total);
    fputs("done\n", out);
    fputc('!', out);
    rewind(out);
    while ((c = fgetc(out)) != EOF)
        putchar(c);
    putchar('\n');
    fclose(out);

    FILE *more = fopen("files_result.tmp", "a");
    fwrite("xyz", 1, 3, more);
    printf("write to a stream opened for appending only, then read: %d\n", fgetc(more));
    printf("its error flag: %d\n", ferror(more) != 0);
    clearerr(more);
    fclose(more);
    FILE *back = fopen("files_result.tmp", "rb");
    char buf[100];
    size_t n = fread(buf, 1, sizeof buf, back);
    printf("read %zu bytes, the last %c, eof=%d\n", n, buf[n - 1], feof(back) != 0);
    fclose(back);

    errno = 0;
    FILE *missing = fopen("no_such_file.txt", "r");
    printf("missing: %s, errno %d: %s\n", missing ? "opened" : "NULL", errno, strerror(errno));
    printf("in a missing folder: %s\n", fopen("no_such_folder/x.txt", "w") ? "opened" : "NULL");
    printf("bad mode: %s, errno %d\n", fopen("files_input.txt", "q") ? "opened" : "NULL", errno);

    printf("rename: %d\n", rename("files_result.tmp", "files_renamed.tmp"));
    printf("old name: %ld, new name: %ld\n", size_of("files_result.tmp"), size_of("files_renamed.tmp"));
    printf("remove: %d\n", remove("files_renamed.tmp"));
    int again = remove("files_renamed.tmp");
    printf("remove again: %d (errno %d)\n", again, errno);

    FILE *t = tmpfile();
    fprintf(t, "%d %s", 42, "tmp");
    rewind(t);
    int k;
    char word[8];
    if (fscanf(t, "%d %7s", &k, word) == 2)
        printf("tmpfile: %d %s\n", k, word);
    fclose(t);
    fprintf(stderr, "stderr is a stream too\n");
    fflush(stdout);
    return 0;
}
