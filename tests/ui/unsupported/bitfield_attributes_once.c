/* Layout attributes on bit-fields are outside cmem's subset: one report for the struct,
   not one per member. */
struct flags {
    int a : 3 __attribute__((packed)); //~ ERROR: unsupported
    int b : 4 __attribute__((packed));
    int c : 5 __attribute__((packed));
};

int main(void)
{
    return 0;
}
