/* sprintf writes more than the member holds. */
#include <stdio.h>

struct item {
    char label[6];
    int id;
};

int main(void)
{
    struct item it;
    it.id = 5;
    sprintf(it.label, "item-%d", 12345); //~ ERROR: out-of-bounds
    return it.id;
}
