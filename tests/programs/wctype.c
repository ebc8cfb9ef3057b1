// <wctype.h> in the "C" locale: ASCII classified with glibc's values, nothing else.
#include <stdio.h>
#include <wctype.h>
#include <wchar.h>
int main(void) {
    wint_t cs[] = {L'a', L'Z', L'5', L' ', L'\t', L'!', 0x7f, 0xe9, L'f', WEOF};
    for (int i = 0; i < 10; i++)
        printf("%d%d%d%d%d%d%d%d%d%d%d%d %u %u\n", iswalnum(cs[i]), iswalpha(cs[i]), iswblank(cs[i]), iswcntrl(cs[i]), iswdigit(cs[i]), iswgraph(cs[i]), iswlower(cs[i]), iswprint(cs[i]), iswpunct(cs[i]), iswspace(cs[i]), iswupper(cs[i]), iswxdigit(cs[i]), towupper(cs[i]), towlower(cs[i]));
    printf("%d %d %u\n", iswctype(L'x', wctype("alpha")), iswctype(L'1', wctype("upper")), towctrans(L'q', wctrans("toupper")));
    return 0;
}
