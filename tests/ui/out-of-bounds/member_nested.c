/* A member array of a nested struct. */
struct inner {
    char buf[4];
    short k;
};

struct outer {
    int a;
    struct inner in;
    int z;
};

int main(void)
{
    struct outer o = { 0 };
    for (int i = 0; i <= 4; i++)
        o.in.buf[i] = 1; //~ ERROR: out-of-bounds
    return o.in.k;
}
