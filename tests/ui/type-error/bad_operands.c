/* Operands that do not fit the operators. */
struct point { int x, y; };

int main(void)
{
    struct point p = {1, 2};
    int *q = &p.x;
    int n = p + 1; //~ ERROR: type-error
    q->x = 3; //~ ERROR: type-error
    return *q;
}
