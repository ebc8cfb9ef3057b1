/* GNU extensions real code uses: statement expressions, typeof, case ranges and range
   designators. As gcc prints. */
#include <stdio.h>

#define MAX(a, b) ({ typeof(a) a_ = (a); typeof(b) b_ = (b); a_ > b_ ? a_ : b_; })
#define SWAP(a, b) do { __typeof__(a) t_ = (a); (a) = (b); (b) = t_; } while (0)

static int calls;

static int next(void)
{
    return ++calls;
}

static const char *kind(int c)
{
    switch (c) {
    case '0' ... '9':
        return "digit";
    case 'a' ... 'z':
    case 'A' ... 'Z':
        return "letter";
    default:
        return "other";
    }
}

int main(void)
{
    int x = ({ int y = 2; y * 3; });
    int m = MAX(next(), 0); /* next() runs once */
    double d = MAX(1.5, 2.5);
    int p = 1, q = 2;
    SWAP(p, q);
    typeof(int *) ptr = &x;
    char buf[10];
    typeof(buf) copy;
    int a[10] = { [0 ... 4] = 1, [5 ... 9] = 2, [3] = 7 };
    int sum = ({ int s = 0; for (int i = 0; i < 10; i++) s += a[i]; s; });
    printf("%d %d %d %.1f %d %d %d %zu %d\n", x, m, calls, d, p, q, *ptr, sizeof copy, sum);
    const char *text = "a1 Z?";
    for (int i = 0; text[i]; i++)
        printf("%c:%s ", text[i], kind(text[i]));
    printf("\n");
    return 0;
}
