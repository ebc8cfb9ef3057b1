/* A freopen that fails closes the stream it was given: the old pointer is not a way
   back to the old file. */
#include <stdio.h>

int main(void)
{
    FILE *out = tmpfile();
    fputs("kept?\n", out);
    if (freopen("no_such_folder/log.txt", "w", out) == NULL)
        fputs("falling back\n", out); //~ ERROR: use-after-close
    return 0;
}
