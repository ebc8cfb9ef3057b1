/* m[0][5] of int m[3][4] is inside m but past the row m[0] (C11 J.2 gives this very case). */
int main(void)
{
    int m[3][4] = { { 0 } };
    return m[0][5]; //~ ERROR: out-of-bounds
}
