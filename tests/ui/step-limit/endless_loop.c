//@ flags: --max-steps 100000
/* A loop whose condition never becomes false. */
int main(void)
{
    unsigned i = 0;
    while (i < 10) //~ ERROR: step-limit
        i = i * 2;
    return 0;
}
