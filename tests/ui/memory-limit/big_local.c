//@ flags: --heap-limit 1000000
// Heap blocks, locals and globals share one memory budget: a local array that does not
// fit stops the program at the call that needs it (natively, this overflows the stack).
void fill(int depth) {
    char buf[300000];
    buf[0] = (char)depth;
    if (depth > 0)
        fill(depth - 1); //~ ERROR: memory-limit
}

int main(void) {
    fill(10);
    return 0;
}
