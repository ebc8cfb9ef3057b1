/* Arithmetic on a pointer to a member array keeps the member's bounds. */
struct record {
    int v[4];
    int id;
};

int main(void)
{
    struct record r = { { 1, 2, 3, 4 }, 9 };
    int *p = &r.v[2];
    p += 1;
    return p[1]; //~ ERROR: out-of-bounds
}
