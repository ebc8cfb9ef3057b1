/* A missing semicolon. */
int main(void)
{
    int x = 3 //~ ERROR: syntax-error
    return x;
}
