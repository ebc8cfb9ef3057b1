/* Writing into a string literal. */
int main(void)
{
    char *s = "hello";
    s[0] = 'H'; //~ ERROR: read-only-write
    return 0;
}
