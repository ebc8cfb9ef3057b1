/* Translation phase 2: a backslash at the end of a line joins it to the next, anywhere —
   inside an identifier, a number, a string literal, a comment or a directive. gcc prints
   the same. */
#include <stdio.h>

#define GREETING "hello, \
world"
#define ADD(a, b) \
    ((a) + \
     (b))

int ma\
in(void)
{
    int fort\
y_two = 4\
2;
    printf("%s %d\n", GREETING, ADD(forty_two, 0));
    printf("one str\
ing\n");
    // a line comment that goes on \
    printf("this line is part of the comment\n");
    int x = 1; /* a comment *\
/ x += 1;
    re\
turn x - 2;
}
