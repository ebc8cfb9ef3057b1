/* <locale.h> with the "C" locale: setlocale accepts it (by its names "C" and "POSIX")
   and refuses a locale that does not exist; localeconv describes it. As glibc does. */
#include <locale.h>
#include <stdio.h>

int main(void)
{
    char *l = setlocale(LC_ALL, "C");
    printf("%s\n", l ? l : "(null)");
    printf("%s\n", setlocale(LC_NUMERIC, NULL));
    printf("%s\n", setlocale(LC_ALL, "xx_XX.nonexistent") ? "switched" : "refused");
    printf("%s\n", setlocale(LC_ALL, "POSIX") ? setlocale(LC_ALL, NULL) : "(null)");
    struct lconv *lc = localeconv();
    printf("[%s] [%s] %d %d\n", lc->decimal_point, lc->thousands_sep, lc->frac_digits, lc->n_sign_posn);
    return 0;
}
