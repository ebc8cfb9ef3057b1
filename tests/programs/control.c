/* Every statement of C: blocks, if/else chains, loops, switch with fall-through and a
   default in the middle, break/continue, goto in both directions, return. */
#include <stdio.h>

static const char *classify(int n)
{
    if (n < 0)
        return "negative";
    else if (n == 0)
        return "zero";
    else if (n < 10)
        return "small";
    else
        return "large";
}

static int collatz(int n)
{
    int steps = 0;
    while (n != 1) {
        n = n % 2 ? 3 * n + 1 : n / 2;
        steps++;
    }
    return steps;
}

static void sw(int v)
{
    switch (v) {
    case 1:
        printf("one ");
    case 2:
        printf("two ");
        break;
    default:
        printf("default ");
    case 5:
        printf("five ");
        break;
    case 'a':
        printf("char-a ");
    }
    printf("| ");
}

int main(void)
{
    int i, j, n = 0;
    for (i = -1; i <= 11; i += 4)
        printf("%d:%s ", i, classify(i));
    printf("\ncollatz(27)=%d\n", collatz(27));
    for (i = 0; i < 7; i++)
        sw(i == 6 ? 'a' : i);
    printf("\n");
    i = 0;
again:
    i++;
    if (i < 3)
        goto again;
    printf("goto loop ran to %d\n", i);
    for (i = 0; i < 5; i++) {
        if (i == 1)
            continue;
        for (j = 0; j < 5; j++) {
            if (j > i)
                break;
            n += i * j;
        }
        if (n > 20)
            goto done;
    }
done:
    printf("n=%d i=%d\n", n, i);
    i = 10;
    do
        i -= 3;
    while (i > 0);
    printf("do-while ended at %d\n", i);
    {
        int block = 1;
        {
            int block = 2;
            printf("inner block %d\n", block);
        }
        printf("outer block %d\n", block);
    }
    for (;;) {
        if (++n > 30)
            break;
    }
    printf("n=%d\n", n);
    switch (n) {
    }
    while (0)
        ;
    return 0;
}
