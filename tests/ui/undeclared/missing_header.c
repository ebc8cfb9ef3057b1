/* strlen without #include <string.h>, and a misspelled variable. */
int main(void)
{
    int count = 2;
    int n = strlen("abc"); //~ ERROR: undeclared
    return cuont + n; //~ ERROR: undeclared
}
