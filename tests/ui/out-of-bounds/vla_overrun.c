// A variable-length array has the bounds of its length: the loop's `<=` writes one
// element past the end.
int main(int argc, char **argv) {
    int n = argc + 2;
    int squares[n];
    for (int i = 0; i <= n; i++)
        squares[i] = i * i; //~ ERROR: out-of-bounds
    return squares[0];
}
