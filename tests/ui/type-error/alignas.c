// What _Alignas may not ask: an alignment that is not a power of two, or less than the
// type's own.
struct b {
    _Alignas(3) int x;           //~ ERROR: type-error
    _Alignas(1) int y;           //~ ERROR: type-error
    _Alignas(8) int z;
};

int main(void) {
    struct b v = {0};
    return v.z;
}
