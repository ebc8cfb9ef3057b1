/* The macros gcc predefines for the integer and floating types, as gcc prints them. */
#include <stdio.h>
int main(void) {
    __SIZE_TYPE__ n = sizeof(int);
    printf("%d %u %lld %ld %d %d\n", __INT32_MAX__, __UINT16_MAX__, __LONG_LONG_MAX__, (long)__PTRDIFF_MAX__, __DBL_DIG__, __INT_WIDTH__);
    printf("%lu %d\n", (unsigned long)n, __INT8_C(5) + __UINT64_C(2) > 0);
    return 0;
}
