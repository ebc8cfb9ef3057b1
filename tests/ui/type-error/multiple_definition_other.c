// Part of multiple_definition.c.
int limit = 10;              //~ ERROR: type-error
static int helper(void) { return 2; }
int area(int w, int h) { return w * h + helper(); } //~ ERROR: type-error
