// What a bit-field may not be: wider than its type, of a non-integer type, named with
// width 0, or have its address or size taken.
struct bad {
    unsigned wide : 33;          //~ ERROR: type-error
    double d : 4;                //~ ERROR: type-error
    int zero : 0;                //~ ERROR: type-error
    _Bool flag : 2;              //~ ERROR: type-error
    unsigned ok : 3;
};

int main(void) {
    struct bad b = {0};
    unsigned *p = &b.ok;         //~ ERROR: type-error
    return (int)sizeof b.ok + (p != 0);  //~ ERROR: type-error
}
