/* Seed: the leak() function. "the pointer to the allocated memory is neither returned to
   the caller nor stored in some global variable. It is, in fact, lost once the function
   finishes, and thus, the allocated memory chunk leaks."
   cmem shows: `memory-leak` at the malloc line, definitely lost, with a label at the end
   of leak(): "the last pointer to it went out of scope when `leak` returned". */
#include <stdio.h>
#include <stdlib.h>

void leak() {
    char* p = (char*) malloc(8); //~ ERROR: memory-leak
}

int main(void)
{
    leak();
    printf("leak() returned\n");
    return 0;
}
