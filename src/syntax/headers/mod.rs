//! The built-in standard headers of SPEC §4, as C text.
//!
//! No header is read from the host. Functions declared here without a body are bound to
//! the runtime's builtins by name (`eval::builtins`); the few defined here (`qsort`,
//! `bsearch`) run as ordinary C, and diagnostics inside them are reported at the user's
//! call. Declarations of functions that would reach the host (`popen`, `system`, `getenv`)
//! exist so that a call to them is rejected with a clear `unsupported` diagnostic.

mod c11;

use c11::{COMPLEX_H, STDATOMIC_H, WCTYPE_H};

/// The text of built-in header `name`, if cmem provides it.
pub fn builtin_header(name: &str) -> Option<&'static str> {
    Some(match name {
        "stddef.h" => STDDEF_H,
        "stdio.h" => STDIO_H,
        "stdlib.h" => STDLIB_H,
        "string.h" => STRING_H,
        "strings.h" => STRING_H,
        "ctype.h" => CTYPE_H,
        "assert.h" => ASSERT_H,
        "stdint.h" => STDINT_H,
        "inttypes.h" => INTTYPES_H,
        "stdbool.h" => STDBOOL_H,
        "limits.h" => LIMITS_H,
        "math.h" => MATH_H,
        "errno.h" => ERRNO_H,
        "float.h" => FLOAT_H,
        "iso646.h" => ISO646_H,
        "time.h" => TIME_H,
        "stdnoreturn.h" => "#define noreturn _Noreturn\n",
        "stdarg.h" => STDARG_H,
        "alloca.h" => ALLOCA_H,
        "locale.h" => LOCALE_H,
        "setjmp.h" => SETJMP_H,
        "wchar.h" => WCHAR_H,
        "uchar.h" => UCHAR_H,
        "complex.h" => COMPLEX_H,
        "stdatomic.h" => STDATOMIC_H,
        "wctype.h" => WCTYPE_H,
        "stdalign.h" => {
            "#define alignas _Alignas\n#define alignof _Alignof\n#define __alignas_is_defined 1\n#define __alignof_is_defined 1\n"
        }
        _ => return None,
    })
}

/// Headers a C programmer may try that cmem deliberately lacks, with the reason.
pub fn missing_header_reason(name: &str) -> Option<&'static str> {
    Some(match name {
        "unistd.h" | "fcntl.h" | "sys/types.h" | "sys/stat.h" | "sys/wait.h" | "sys/socket.h"
        | "netinet/in.h" | "arpa/inet.h" | "dirent.h" | "pthread.h" | "signal.h" | "sys/mman.h"
        | "dlfcn.h" | "termios.h" => {
            "it gives access to the operating system, which a cmem program cannot reach"
        }
        "threads.h" => "threads are outside cmem's C subset",
        "fenv.h" | "tgmath.h" => "this part of the math library is outside cmem's C subset",
        _ => return None,
    })
}

/// `<locale.h>` with the "C" locale only (also named "POSIX" or ""): `setlocale` accepts
/// it and refuses any other, `localeconv` describes it.
const LOCALE_H: &str = r#"#ifndef __CMEM_LOCALE_H
#define __CMEM_LOCALE_H
#ifndef NULL
#define NULL ((void *)0)
#endif
#define LC_CTYPE 0
#define LC_NUMERIC 1
#define LC_TIME 2
#define LC_COLLATE 3
#define LC_MONETARY 4
#define LC_MESSAGES 5
#define LC_ALL 6
struct lconv {
    char *decimal_point;
    char *thousands_sep;
    char *grouping;
    char *int_curr_symbol;
    char *currency_symbol;
    char *mon_decimal_point;
    char *mon_thousands_sep;
    char *mon_grouping;
    char *positive_sign;
    char *negative_sign;
    char int_frac_digits;
    char frac_digits;
    char p_cs_precedes;
    char p_sep_by_space;
    char n_cs_precedes;
    char n_sep_by_space;
    char p_sign_posn;
    char n_sign_posn;
};
static char __cmem_locale_c[] = "C";
static char __cmem_locale_dot[] = ".";
static char __cmem_locale_empty[] = "";
static struct lconv __cmem_lconv = {
    __cmem_locale_dot, __cmem_locale_empty, __cmem_locale_empty, __cmem_locale_empty,
    __cmem_locale_empty, __cmem_locale_empty, __cmem_locale_empty, __cmem_locale_empty,
    __cmem_locale_empty, __cmem_locale_empty,
    127, 127, 127, 127, 127, 127, 127, 127
};
char *setlocale(int category, const char *locale)
{
    if (category < 0 || category > LC_ALL)
        return NULL;
    if (locale == NULL)
        return __cmem_locale_c;
    if ((locale[0] == 'C' && locale[1] == '\0') || locale[0] == '\0')
        return __cmem_locale_c;
    if (locale[0] == 'P' && locale[1] == 'O' && locale[2] == 'S' && locale[3] == 'I'
        && locale[4] == 'X' && locale[5] == '\0')
        return __cmem_locale_c;
    return NULL;
}
struct lconv *localeconv(void)
{
    return &__cmem_lconv;
}
#endif
"#;

/// `alloca`: memory on the calling function's stack, until it returns.
const WCHAR_H: &str = r#"#ifndef __CMEM_WCHAR_H
#define __CMEM_WCHAR_H
#ifndef __CMEM_SIZE_T
#define __CMEM_SIZE_T
typedef unsigned long size_t;
#endif
#ifndef __CMEM_WCHAR_T
#define __CMEM_WCHAR_T
typedef int wchar_t;
#endif
#ifndef NULL
#define NULL ((void *)0)
#endif
typedef unsigned int wint_t;
#define WEOF (0xffffffffu)
#define WCHAR_MIN (-2147483647 - 1)
#define WCHAR_MAX 2147483647
void *memcpy(void *dest, const void *src, size_t n);
void *memmove(void *dest, const void *src, size_t n);
/* Wide-character input and output: declared so that a call is reported as unsupported. */
int wprintf(const wchar_t *format, ...);
int fwprintf(struct __cmem_FILE *stream, const wchar_t *format, ...);
int swprintf(wchar_t *s, size_t n, const wchar_t *format, ...);
int wscanf(const wchar_t *format, ...);
int fwscanf(struct __cmem_FILE *stream, const wchar_t *format, ...);
int swscanf(const wchar_t *s, const wchar_t *format, ...);
wint_t putwchar(wchar_t c);
wint_t getwchar(void);
wint_t fputwc(wchar_t c, struct __cmem_FILE *stream);
wint_t fgetwc(struct __cmem_FILE *stream);
int fputws(const wchar_t *s, struct __cmem_FILE *stream);
wchar_t *fgetws(wchar_t *s, int n, struct __cmem_FILE *stream);
/* The wide twins of <string.h>, as C: every access is checked like the program's own,
   and the copies go through memcpy, which also checks that they do not overlap. */
size_t wcslen(const wchar_t *s)
{
    const wchar_t *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}
wchar_t *wmemcpy(wchar_t *dest, const wchar_t *src, size_t n)
{
    return memcpy(dest, src, n * sizeof(wchar_t));
}
wchar_t *wmemmove(wchar_t *dest, const wchar_t *src, size_t n)
{
    return memmove(dest, src, n * sizeof(wchar_t));
}
wchar_t *wmemset(wchar_t *s, wchar_t c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        s[i] = c;
    return s;
}
int wmemcmp(const wchar_t *a, const wchar_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}
wchar_t *wmemchr(const wchar_t *s, wchar_t c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == c)
            return (wchar_t *)(s + i);
    return NULL;
}
wchar_t *wcscpy(wchar_t *dest, const wchar_t *src)
{
    return wmemcpy(dest, src, wcslen(src) + 1);
}
wchar_t *wcsncpy(wchar_t *dest, const wchar_t *src, size_t n)
{
    size_t i = 0;
    for (; i < n && src[i]; i++)
        dest[i] = src[i];
    for (; i < n; i++)
        dest[i] = 0;
    return dest;
}
wchar_t *wcscat(wchar_t *dest, const wchar_t *src)
{
    wcscpy(dest + wcslen(dest), src);
    return dest;
}
wchar_t *wcsncat(wchar_t *dest, const wchar_t *src, size_t n)
{
    wchar_t *end = dest + wcslen(dest);
    size_t i = 0;
    for (; i < n && src[i]; i++)
        end[i] = src[i];
    end[i] = 0;
    return dest;
}
int wcscmp(const wchar_t *a, const wchar_t *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b ? 0 : *a < *b ? -1 : 1;
}
int wcsncmp(const wchar_t *a, const wchar_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
        if (!a[i])
            return 0;
    }
    return 0;
}
wchar_t *wcschr(const wchar_t *s, wchar_t c)
{
    for (;; s++) {
        if (*s == c)
            return (wchar_t *)s;
        if (!*s)
            return NULL;
    }
}
wchar_t *wcsrchr(const wchar_t *s, wchar_t c)
{
    const wchar_t *last = NULL;
    for (;; s++) {
        if (*s == c)
            last = s;
        if (!*s)
            return (wchar_t *)last;
    }
}
wchar_t *wcsstr(const wchar_t *hay, const wchar_t *needle)
{
    size_t n = wcslen(needle);
    for (; *hay; hay++)
        if (wcsncmp(hay, needle, n) == 0)
            return (wchar_t *)hay;
    return n == 0 ? (wchar_t *)hay : NULL;
}
#endif
"#;

const UCHAR_H: &str = r#"#ifndef __CMEM_UCHAR_H
#define __CMEM_UCHAR_H
typedef unsigned short char16_t;
typedef unsigned int char32_t;
#endif
"#;

const SETJMP_H: &str = r#"#ifndef __CMEM_SETJMP_H
#define __CMEM_SETJMP_H
typedef struct __cmem_jmp_buf_tag { long __cmem_state[25]; } jmp_buf[1];
int setjmp(jmp_buf env);
_Noreturn void longjmp(jmp_buf env, int val);
#endif
"#;

const ALLOCA_H: &str = r#"#ifndef __CMEM_ALLOCA_H
#define __CMEM_ALLOCA_H
#ifndef __CMEM_SIZE_T
#define __CMEM_SIZE_T
typedef unsigned long size_t;
#endif
void *alloca(size_t size);
#endif
"#;

/// A `va_list` is a cursor over the variadic arguments of one call (the runtime keeps the
/// arguments and what type each was passed as): `va_arg` checks both.
const STDARG_H: &str = r#"#ifndef __CMEM_STDARG_H
#define __CMEM_STDARG_H
#ifndef __CMEM_VA_LIST
#define __CMEM_VA_LIST
typedef unsigned long __cmem_va_list;
#endif
typedef __cmem_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) ((void)(ap))
#define va_copy(dest, src) ((dest) = (src))
#define __va_copy(dest, src) ((dest) = (src))
#endif
"#;

const STDDEF_H: &str = r#"#ifndef __CMEM_STDDEF_H
#define __CMEM_STDDEF_H
#ifndef __CMEM_SIZE_T
#define __CMEM_SIZE_T
typedef unsigned long size_t;
#endif
typedef long ptrdiff_t;
#ifndef __CMEM_WCHAR_T
#define __CMEM_WCHAR_T
typedef int wchar_t;
#endif
#ifndef NULL
#define NULL ((void *)0)
#endif
#define offsetof(type, member) ((size_t) &((type *)0)->member)
#endif
"#;

const STDIO_H: &str = r#"#ifndef __CMEM_STDIO_H
#define __CMEM_STDIO_H
#ifndef __CMEM_SIZE_T
#define __CMEM_SIZE_T
typedef unsigned long size_t;
#endif
#ifndef NULL
#define NULL ((void *)0)
#endif
#define EOF (-1)
#define BUFSIZ 8192
typedef struct __cmem_FILE FILE;
extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;
int printf(const char *format, ...);
int fprintf(FILE *stream, const char *format, ...);
int sprintf(char *str, const char *format, ...);
int snprintf(char *str, size_t size, const char *format, ...);
#ifndef __CMEM_VA_LIST
#define __CMEM_VA_LIST
typedef unsigned long __cmem_va_list;
#endif
int vprintf(const char *format, __cmem_va_list ap);
int vfprintf(FILE *stream, const char *format, __cmem_va_list ap);
int vsprintf(char *str, const char *format, __cmem_va_list ap);
int vsnprintf(char *str, size_t size, const char *format, __cmem_va_list ap);
int puts(const char *s);
int putchar(int c);
int fputs(const char *s, FILE *stream);
int fputc(int c, FILE *stream);
int putc(int c, FILE *stream);
size_t fwrite(const void *ptr, size_t size, size_t nmemb, FILE *stream);
int getchar(void);
int getc(FILE *stream);
int fgetc(FILE *stream);
int ungetc(int c, FILE *stream);
char *fgets(char *s, int size, FILE *stream);
int scanf(const char *format, ...);
int sscanf(const char *str, const char *format, ...);
int fscanf(FILE *stream, const char *format, ...);
int fflush(FILE *stream);
void perror(const char *s);
int feof(FILE *stream);
int ferror(FILE *stream);
FILE *fopen(const char *path, const char *mode);
FILE *freopen(const char *path, const char *mode, FILE *stream);
int fclose(FILE *stream);
size_t fread(void *ptr, size_t size, size_t nmemb, FILE *stream);
int fseek(FILE *stream, long offset, int whence);
long ftell(FILE *stream);
void rewind(FILE *stream);
int remove(const char *path);
int rename(const char *oldpath, const char *newpath);
FILE *tmpfile(void);
FILE *popen(const char *command, const char *type);
int pclose(FILE *stream);
void clearerr(FILE *stream);
int setvbuf(FILE *stream, char *buf, int mode, size_t size);
#define setbuf(stream, buf) ((void)setvbuf(stream, buf, (buf) ? _IOFBF : _IONBF, BUFSIZ))
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2
#define FOPEN_MAX 16
#define FILENAME_MAX 4096
#endif
"#;

const STDLIB_H: &str = r#"#ifndef __CMEM_STDLIB_H
#define __CMEM_STDLIB_H
#ifndef __CMEM_SIZE_T
#define __CMEM_SIZE_T
typedef unsigned long size_t;
#endif
#ifndef NULL
#define NULL ((void *)0)
#endif
#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 2147483647
typedef struct { int quot; int rem; } div_t;
typedef struct { long quot; long rem; } ldiv_t;
void *malloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
_Noreturn void exit(int status);
_Noreturn void abort(void);
int atexit(void (*function)(void));
int atoi(const char *nptr);
long atol(const char *nptr);
long long atoll(const char *nptr);
double atof(const char *nptr);
long strtol(const char *nptr, char **endptr, int base);
unsigned long strtoul(const char *nptr, char **endptr, int base);
long long strtoll(const char *nptr, char **endptr, int base);
unsigned long long strtoull(const char *nptr, char **endptr, int base);
double strtod(const char *nptr, char **endptr);
float strtof(const char *nptr, char **endptr);
long double strtold(const char *nptr, char **endptr);
int abs(int j);
long labs(long j);
long long llabs(long long j);
int rand(void);
void srand(unsigned int seed);
char *getenv(const char *name);
int system(const char *command);
void *__cmem_scratch(size_t size);
div_t div(int numerator, int denominator)
{
    div_t r;
    r.quot = numerator / denominator;
    r.rem = numerator % denominator;
    return r;
}
ldiv_t ldiv(long numerator, long denominator)
{
    ldiv_t r;
    r.quot = numerator / denominator;
    r.rem = numerator % denominator;
    return r;
}
void *memcpy(void *dest, const void *src, size_t n);
static void __cmem_msort(char *b, size_t n, size_t s, int (*cmp)(const void *, const void *), char *t)
{
    size_t n1, n2;
    char *b1, *b2, *tmp;
    if (n <= 1)
        return;
    n1 = n / 2;
    n2 = n - n1;
    b1 = b;
    b2 = b + n1 * s;
    __cmem_msort(b1, n1, s, cmp, t);
    __cmem_msort(b2, n2, s, cmp, t);
    tmp = t;
    while (n1 > 0 && n2 > 0) {
        if (cmp(b1, b2) <= 0) {
            memcpy(tmp, b1, s);
            b1 += s;
            --n1;
        } else {
            memcpy(tmp, b2, s);
            b2 += s;
            --n2;
        }
        tmp += s;
    }
    if (n1 > 0)
        memcpy(tmp, b1, n1 * s);
    memcpy(b, t, (n - n2) * s);
}
void qsort(void *base, size_t nmemb, size_t size, int (*compar)(const void *, const void *))
{
    char *t;
    if (nmemb <= 1)
        return;
    t = __cmem_scratch(nmemb * size);
    __cmem_msort(base, nmemb, size, compar, t);
    free(t);
}
void *bsearch(const void *key, const void *base, size_t nmemb, size_t size, int (*compar)(const void *, const void *))
{
    size_t l = 0, u = nmemb, idx;
    const char *p;
    int comparison;
    while (l < u) {
        idx = (l + u) / 2;
        p = (const char *)base + idx * size;
        comparison = compar(key, p);
        if (comparison < 0)
            u = idx;
        else if (comparison > 0)
            l = idx + 1;
        else
            return (void *)p;
    }
    return NULL;
}
#endif
"#;

const STRING_H: &str = r#"#ifndef __CMEM_STRING_H
#define __CMEM_STRING_H
#ifndef __CMEM_SIZE_T
#define __CMEM_SIZE_T
typedef unsigned long size_t;
#endif
#ifndef NULL
#define NULL ((void *)0)
#endif
void *memcpy(void *dest, const void *src, size_t n);
void *memmove(void *dest, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *s1, const void *s2, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
char *strcpy(char *dest, const char *src);
char *strncpy(char *dest, const char *src, size_t n);
char *strcat(char *dest, const char *src);
char *strncat(char *dest, const char *src, size_t n);
int strcmp(const char *s1, const char *s2);
int strncmp(const char *s1, const char *s2, size_t n);
int strcasecmp(const char *s1, const char *s2);
int strncasecmp(const char *s1, const char *s2, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
char *strdup(const char *s);
char *strndup(const char *s, size_t n);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *accept);
char *strtok(char *str, const char *delim);
char *strerror(int errnum);
#endif
"#;

const CTYPE_H: &str = r#"#ifndef __CMEM_CTYPE_H
#define __CMEM_CTYPE_H
int isalnum(int c);
int isalpha(int c);
int isblank(int c);
int iscntrl(int c);
int isdigit(int c);
int isgraph(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int isspace(int c);
int isupper(int c);
int isxdigit(int c);
int tolower(int c);
int toupper(int c);
#endif
"#;

const ASSERT_H: &str = r#"#undef assert
#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
_Noreturn void __cmem_assert_fail(const char *assertion, const char *file, unsigned int line, const char *function);
#define assert(expr) ((expr) ? (void)0 : __cmem_assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif
#define static_assert _Static_assert
"#;

const STDINT_H: &str = r#"#ifndef __CMEM_STDINT_H
#define __CMEM_STDINT_H
typedef signed char int8_t;
typedef short int16_t;
typedef int int32_t;
typedef long int64_t;
typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef unsigned long uint64_t;
typedef signed char int_least8_t;
typedef short int_least16_t;
typedef int int_least32_t;
typedef long int_least64_t;
typedef unsigned char uint_least8_t;
typedef unsigned short uint_least16_t;
typedef unsigned int uint_least32_t;
typedef unsigned long uint_least64_t;
typedef signed char int_fast8_t;
typedef long int_fast16_t;
typedef long int_fast32_t;
typedef long int_fast64_t;
typedef unsigned char uint_fast8_t;
typedef unsigned long uint_fast16_t;
typedef unsigned long uint_fast32_t;
typedef unsigned long uint_fast64_t;
typedef long intptr_t;
typedef unsigned long uintptr_t;
typedef long intmax_t;
typedef unsigned long uintmax_t;
#define INT8_MIN (-128)
#define INT16_MIN (-32767-1)
#define INT32_MIN (-2147483647-1)
#define INT64_MIN (-9223372036854775807L-1)
#define INT8_MAX (127)
#define INT16_MAX (32767)
#define INT32_MAX (2147483647)
#define INT64_MAX (9223372036854775807L)
#define UINT8_MAX (255)
#define UINT16_MAX (65535)
#define UINT32_MAX (4294967295U)
#define UINT64_MAX (18446744073709551615UL)
#define INT_LEAST8_MIN INT8_MIN
#define INT_LEAST16_MIN INT16_MIN
#define INT_LEAST32_MIN INT32_MIN
#define INT_LEAST64_MIN INT64_MIN
#define INT_LEAST8_MAX INT8_MAX
#define INT_LEAST16_MAX INT16_MAX
#define INT_LEAST32_MAX INT32_MAX
#define INT_LEAST64_MAX INT64_MAX
#define UINT_LEAST8_MAX UINT8_MAX
#define UINT_LEAST16_MAX UINT16_MAX
#define UINT_LEAST32_MAX UINT32_MAX
#define UINT_LEAST64_MAX UINT64_MAX
#define INT_FAST8_MIN INT8_MIN
#define INT_FAST16_MIN INT64_MIN
#define INT_FAST32_MIN INT64_MIN
#define INT_FAST64_MIN INT64_MIN
#define INT_FAST8_MAX INT8_MAX
#define INT_FAST16_MAX INT64_MAX
#define INT_FAST32_MAX INT64_MAX
#define INT_FAST64_MAX INT64_MAX
#define UINT_FAST8_MAX UINT8_MAX
#define UINT_FAST16_MAX UINT64_MAX
#define UINT_FAST32_MAX UINT64_MAX
#define UINT_FAST64_MAX UINT64_MAX
#define INTPTR_MIN INT64_MIN
#define INTPTR_MAX INT64_MAX
#define UINTPTR_MAX UINT64_MAX
#define INTMAX_MIN INT64_MIN
#define INTMAX_MAX INT64_MAX
#define UINTMAX_MAX UINT64_MAX
#define PTRDIFF_MIN INT64_MIN
#define PTRDIFF_MAX INT64_MAX
#define SIZE_MAX UINT64_MAX
#define INT8_C(c) c
#define INT16_C(c) c
#define INT32_C(c) c
#define INT64_C(c) c ## L
#define UINT8_C(c) c
#define UINT16_C(c) c
#define UINT32_C(c) c ## U
#define UINT64_C(c) c ## UL
#define INTMAX_C(c) c ## L
#define UINTMAX_C(c) c ## UL
#endif
"#;

const INTTYPES_H: &str = r#"#ifndef __CMEM_INTTYPES_H
#define __CMEM_INTTYPES_H
#include <stdint.h>
#define PRId8 "d"
#define PRId16 "d"
#define PRId32 "d"
#define PRId64 "ld"
#define PRIi8 "i"
#define PRIi16 "i"
#define PRIi32 "i"
#define PRIi64 "li"
#define PRIu8 "u"
#define PRIu16 "u"
#define PRIu32 "u"
#define PRIu64 "lu"
#define PRIx8 "x"
#define PRIx16 "x"
#define PRIx32 "x"
#define PRIx64 "lx"
#define PRIX8 "X"
#define PRIX16 "X"
#define PRIX32 "X"
#define PRIX64 "lX"
#define PRIo32 "o"
#define PRIo64 "lo"
#define PRIdPTR "ld"
#define PRIuPTR "lu"
#define PRIxPTR "lx"
#define PRIdMAX "ld"
#define PRIuMAX "lu"
#define SCNd32 "d"
#define SCNd64 "ld"
#define SCNu32 "u"
#define SCNu64 "lu"
#endif
"#;

const STDBOOL_H: &str = r#"#ifndef __CMEM_STDBOOL_H
#define __CMEM_STDBOOL_H
#define bool _Bool
#define true 1
#define false 0
#define __bool_true_false_are_defined 1
#endif
"#;

const LIMITS_H: &str = r#"#ifndef __CMEM_LIMITS_H
#define __CMEM_LIMITS_H
#define CHAR_BIT 8
#define SCHAR_MIN (-128)
#define SCHAR_MAX 127
#define UCHAR_MAX 255
#define CHAR_MIN SCHAR_MIN
#define CHAR_MAX SCHAR_MAX
#define MB_LEN_MAX 16
#define SHRT_MIN (-32768)
#define SHRT_MAX 32767
#define USHRT_MAX 65535
#define INT_MIN (-2147483647 - 1)
#define INT_MAX 2147483647
#define UINT_MAX 4294967295U
#define LONG_MIN (-9223372036854775807L - 1L)
#define LONG_MAX 9223372036854775807L
#define ULONG_MAX 18446744073709551615UL
#define LLONG_MIN (-9223372036854775807LL - 1LL)
#define LLONG_MAX 9223372036854775807LL
#define ULLONG_MAX 18446744073709551615ULL
#endif
"#;

const MATH_H: &str = r#"#ifndef __CMEM_MATH_H
#define __CMEM_MATH_H
#define HUGE_VAL (1.0 / 0.0)
#define HUGE_VALF (1.0f / 0.0f)
#define INFINITY (1.0f / 0.0f)
#define NAN (0.0f / 0.0f)
#define M_E 2.7182818284590452354
#define M_LOG2E 1.4426950408889634074
#define M_LOG10E 0.43429448190325182765
#define M_LN2 0.69314718055994530942
#define M_LN10 2.30258509299404568402
#define M_PI 3.14159265358979323846
#define M_PI_2 1.57079632679489661923
#define M_PI_4 0.78539816339744830962
#define M_1_PI 0.31830988618379067154
#define M_2_PI 0.63661977236758134308
#define M_SQRT2 1.41421356237309504880
#define M_SQRT1_2 0.70710678118654752440
double sqrt(double x);
double pow(double x, double y);
double fabs(double x);
double floor(double x);
double ceil(double x);
double round(double x);
double trunc(double x);
double fmod(double x, double y);
double exp(double x);
double log(double x);
double log10(double x);
double log2(double x);
double sin(double x);
double cos(double x);
double tan(double x);
double asin(double x);
double acos(double x);
double atan(double x);
double atan2(double y, double x);
double sinh(double x);
double cosh(double x);
double tanh(double x);
double hypot(double x, double y);
double cbrt(double x);
double fmin(double x, double y);
double fmax(double x, double y);
float sqrtf(float x);
float fabsf(float x);
float floorf(float x);
float ceilf(float x);
float powf(float x, float y);
float roundf(float x);
float truncf(float x);
float fmodf(float x, float y);
float expf(float x);
float logf(float x);
float log10f(float x);
float log2f(float x);
float sinf(float x);
float cosf(float x);
float tanf(float x);
float asinf(float x);
float acosf(float x);
float atanf(float x);
float atan2f(float x, float y);
float sinhf(float x);
float coshf(float x);
float tanhf(float x);
float hypotf(float x, float y);
float cbrtf(float x);
float fminf(float x, float y);
float fmaxf(float x, float y);
long double sqrtl(long double x);
long double fabsl(long double x);
long double floorl(long double x);
long double ceill(long double x);
long double roundl(long double x);
long double truncl(long double x);
long double expl(long double x);
long double logl(long double x);
long double log10l(long double x);
long double log2l(long double x);
long double sinl(long double x);
long double cosl(long double x);
long double tanl(long double x);
long double asinl(long double x);
long double acosl(long double x);
long double atanl(long double x);
long double sinhl(long double x);
long double coshl(long double x);
long double tanhl(long double x);
long double cbrtl(long double x);
long double powl(long double x, long double y);
long double fmodl(long double x, long double y);
long double atan2l(long double x, long double y);
long double hypotl(long double x, long double y);
long double fminl(long double x, long double y);
long double fmaxl(long double x, long double y);
long lround(double x);
int isnan(double x);
int isinf(double x);
#endif
"#;

const ERRNO_H: &str = r#"#ifndef __CMEM_ERRNO_H
#define __CMEM_ERRNO_H
extern int errno;
#define EDOM 33
#define ERANGE 34
#define EINVAL 22
#define EILSEQ 84
#define ENOENT 2
#define EBADF 9
#define EACCES 13
#define EEXIST 17
#define EISDIR 21
#define EMFILE 24
#define ESPIPE 29
#define ENOMEM 12
#endif
"#;

const FLOAT_H: &str = r#"#ifndef __CMEM_FLOAT_H
#define __CMEM_FLOAT_H
#define FLT_RADIX 2
#define FLT_MANT_DIG 24
#define DBL_MANT_DIG 53
#define FLT_DIG 6
#define DBL_DIG 15
#define FLT_EPSILON 1.19209290e-7F
#define DBL_EPSILON 2.2204460492503131e-16
#define FLT_MIN 1.17549435e-38F
#define DBL_MIN 2.2250738585072014e-308
#define FLT_MAX 3.40282347e+38F
#define DBL_MAX 1.7976931348623157e+308
#define FLT_MIN_EXP (-125)
#define DBL_MIN_EXP (-1021)
#define FLT_MAX_EXP 128
#define DBL_MAX_EXP 1024
#endif
"#;

const ISO646_H: &str = r#"#define and &&
#define and_eq &=
#define bitand &
#define bitor |
#define compl ~
#define not !
#define not_eq !=
#define or ||
#define or_eq |=
#define xor ^
#define xor_eq ^=
"#;

const TIME_H: &str = r#"#ifndef __CMEM_TIME_H
#define __CMEM_TIME_H
#ifndef __CMEM_SIZE_T
#define __CMEM_SIZE_T
typedef unsigned long size_t;
#endif
#ifndef NULL
#define NULL ((void *)0)
#endif
typedef long time_t;
typedef long clock_t;
#define CLOCKS_PER_SEC 1000000L
time_t time(time_t *tloc);
clock_t clock(void);
#endif
"#;
