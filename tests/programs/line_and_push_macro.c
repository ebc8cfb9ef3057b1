/* #line changes what __LINE__ and __FILE__ say; #pragma push_macro/pop_macro save and
   restore a definition (or its absence); unknown pragmas are ignored. As gcc prints. */
#include <stdio.h>
#define X 1
#pragma push_macro("X")
#undef X
#define X 2
int inner = X;
#pragma pop_macro("X")
#pragma push_macro("Y")
#define Y 5
#pragma pop_macro("Y")
#ifdef Y
#error Y should be undefined again
#endif
#pragma GCC diagnostic ignored "-Wall"
int main(void) {
    printf("%d %d %d %s\n", X, inner, __LINE__, __FILE__);
#line 100
    printf("%d %s\n", __LINE__, __FILE__);
#define FILE_NAME "renamed.c"
#line 200 FILE_NAME
    printf("%d %s\n", __LINE__, __FILE__);
    return 0;
}
