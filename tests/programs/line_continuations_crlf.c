#include <stdio.h>
int ma\
in(void) { printf("crlf %d\n", 1\
2); return 0; }
