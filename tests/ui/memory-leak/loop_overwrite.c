/* A block lost because the loop's next iteration overwrote its only pointer: the report
   says so instead of pointing at the same malloc as if it were unrelated. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int *row = NULL;
    for (int i = 0; i < 3; i++) {
        row = malloc(4 * sizeof *row); //~ ERROR: memory-leak
        row[0] = i;
        printf("%d\n", row[0]);
    }
    free(row);
    return 0;
}
