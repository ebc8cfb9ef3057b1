// _Static_assert at block scope, in a function body and in a loop body: checked at
// compile time, nothing at run time (the typedef-name pass once looped forever on it).
#include <stdio.h>
int main(void) {
    int x = 1;
    _Static_assert(sizeof x == 4, "four");
    for (int i = 0; i < 2; i++) { _Static_assert(1, "in a loop"); x += i; }
    printf("%d\n", x);
    return 0;
}
