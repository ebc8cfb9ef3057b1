// A function and an object declared, used, and defined by no file of the program (the
// file that defines them was left off the command line).
extern int table_size;
int lookup(int key);
int unused(void);            /* never used: no error, as with a linker */

int main(void) {
    return lookup(3) + table_size; //~ ERROR: undeclared
    //~^ ERROR: undeclared
}
