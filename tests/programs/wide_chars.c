// Wide and Unicode characters: L'x', L"..." (wchar_t is glibc's 32-bit int), u"..." and
// U"...", <wchar.h>'s string and memory functions, and %ls/%lc (the "C" locale: a
// non-ASCII wide character makes printf fail with EILSEQ, as glibc's does).
#include <stdio.h>
#include <stddef.h>
#include <wchar.h>
#include <uchar.h>
int main(void) {
    wchar_t buf[32] = L"hello";
    wchar_t c = L'x';
    printf("%zu %d %zu\n", wcslen(buf), c, sizeof(L"abc"));
    wcscat(buf, L", world");
    printf("%ls|%lc|%zu\n", buf, c, wcslen(buf));
    wchar_t copy[32];
    wcscpy(copy, buf);
    printf("%d %d %d\n", wcscmp(copy, buf), wcscmp(L"abc", L"abd"), wcsncmp(L"abc", L"abd", 2));
    printf("%ls\n", wcschr(buf, L'w'));
    printf("%ls %ls\n", wcsrchr(buf, L'o'), wcsstr(buf, L"lo, "));
    wmemset(copy, L'z', 3);
    printf("%.4ls [%8ls] [%-6ls]\n", copy, L"ab", L"cd");
    char16_t u[] = u"h\u00e9";
    char32_t U[] = U"\U0001F600";
    printf("%zu %x %zu %x\n", sizeof u / sizeof u[0], u[1], sizeof U / sizeof U[0], U[0]);
    printf("%d %d\n", L'\x12345', (int)sizeof(wchar_t));
    wchar_t w2[] = L"ab" "cd";
    printf("%ls %zu\n", w2, sizeof w2);
    int r = printf("before %ls after\n", L"caf\u00e9");
    printf("\nr=%d\n", r);
    return 0;
}
