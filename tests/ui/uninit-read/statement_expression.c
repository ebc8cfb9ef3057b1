// A statement expression's value is checked like any other: here it reads a local that
// was never written.
#include <stdio.h>

int main(void) {
    int total = ({
        int sum;
        for (int i = 0; i < 3; i++)
            sum += i; //~ ERROR: uninit-read
        sum;
    });
    printf("%d\n", total);
    return 0;
}
