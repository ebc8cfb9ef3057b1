/* %d given a pointer, through a format that is not a literal (which gcc's -Wformat
   cannot see). */
#include <stdio.h>

int main(void)
{
    int v = 1;
    int *p = &v;
    const char *fmt = "%d\n";
    printf(fmt, *p);
    printf(fmt, p); //~ ERROR: bad-call
    return 0;
}
