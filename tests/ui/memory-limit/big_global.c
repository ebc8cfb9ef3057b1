//@ flags: --heap-limit 1000000
// Globals count against the memory limit too: one that does not fit is named at its
// declaration before the program runs.
static char table[2000000]; //~ ERROR: memory-limit

int main(void) {
    table[0] = 1;
    return table[0];
}
