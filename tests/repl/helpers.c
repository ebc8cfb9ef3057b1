// Loaded with `:load helpers.c`.
int triple(int v) {
    return 3 * v;
}
