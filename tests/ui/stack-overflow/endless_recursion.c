//@ flags: --stack-limit 1000
/* A recursion without a base case. */
static int depth(int n)
{
    return depth(n + 1) + 1; //~ ERROR: stack-overflow
}

int main(void)
{
    return depth(0);
}
