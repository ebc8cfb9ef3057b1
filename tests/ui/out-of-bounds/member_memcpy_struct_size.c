/* The defect suites' classic: a member array overrun by memcpy of the whole struct's size. */
#include <string.h>

typedef struct {
    char first[16];
    void *second;
    void *third;
} char_void;

int main(void)
{
    char_void s;
    s.second = NULL;
    memcpy(s.first, "0123456789abcdef0123456789abcdef", sizeof(s)); //~ ERROR: out-of-bounds
    return s.second != NULL;
}
