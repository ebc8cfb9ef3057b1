/* A long double member never written: reading it (here, to add to it) is an
 * uninitialised read, as for any other type. */
#include <stdio.h>

struct account {
    int id;
    long double balance;
};

int main(void)
{
    struct account a;
    a.id = 1;
    a.balance += 10.0L; //~ ERROR: uninit-read
    printf("%d %Lf\n", a.id, a.balance);
    return 0;
}
