/* A UTF-8 byte-order mark at the start of a file is skipped, as gcc skips it. */
#include <stdio.h>

int main(void)
{
    puts("the mark is not part of the program");
    return 0;
}
