// A wide string copied into an array too small for it: the copy is checked like memcpy's.
#include <stdio.h>
#include <wchar.h>

int main(void) {
    wchar_t name[4];
    wcscpy(name, L"Grace");      //~ ERROR: out-of-bounds
    printf("%ls\n", name);
    return 0;
}
