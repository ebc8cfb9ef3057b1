/* Reading stdin (scanf of numbers and words, getchar, fgets) and argc/argv. */
#include <stdio.h>
#include <string.h>

int main(int argc, char *argv[])
{
    int a, b, n, c, lines = 0;
    double d;
    char word[32], line[64];
    int i;

    printf("argc=%d", argc);
    for (i = 1; i < argc; i++)
        printf(" [%s]", argv[i]);
    printf(" argv[argc]=%s\n", argv[argc] == NULL ? "NULL" : "?");
    n = scanf("%d %d", &a, &b);
    printf("scanf %d: %d %d\n", n, a, b);
    n = scanf("%lf %31s", &d, word);
    printf("scanf %d: %.2f %s\n", n, d, word);
    c = getchar();
    printf("getchar after word: %d\n", c);
    while (fgets(line, sizeof line, stdin) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        printf("line %d: '%s'\n", ++lines, line);
    }
    n = scanf("%d", &a);
    printf("scanf at EOF: %d\n", n);
    return 0;
}
