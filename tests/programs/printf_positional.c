/* Positional arguments (`%2$d`, `%*3$d`), as glibc prints them: a translation may need
   the arguments in another order. */
#include <stdio.h>

int main(void)
{
    printf("%2$s %1$s\n", "world", "hello");
    printf("%1$d %1$x %1$o\n", 255);
    printf("[%2$*1$d] [%2$-*1$d]\n", 6, 42);
    printf("[%3$.*2$f]\n", 0, 3, 3.14159265);
    printf("%3$c%2$c%1$c\n", 'c', 'b', 'a');
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%2$s-%1$ld", 7L, "id");
    printf("%s %d\n", buf, n);
    return 0;
}
