/* strcat of a string onto itself: source and destination overlap. */
#include <stdio.h>
#include <string.h>

int main(void)
{
    char buf[32] = "abc";
    strcat(buf, buf); //~ ERROR: overlapping-copy
    printf("%s\n", buf);
    return 0;
}
