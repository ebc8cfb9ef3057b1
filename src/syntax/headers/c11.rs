//! The built-in headers of C11's optional and newer parts: `<complex.h>`,
//! `<stdatomic.h>` and `<wctype.h>`.

/// `<wctype.h>` in the "C" locale: the ASCII characters are classified as `<ctype.h>`
/// classifies them (with glibc's values), every other one is in no class. Written in C, so
/// the table lookups of `wctype` and `wctrans` are checked like the program's code.
pub(super) const WCTYPE_H: &str = r#"#ifndef __CMEM_WCTYPE_H
#define __CMEM_WCTYPE_H
typedef unsigned int wint_t;
typedef unsigned long wctype_t;
typedef unsigned long wctrans_t;
#ifndef WEOF
#define WEOF (0xffffffffu)
#endif
#include <ctype.h>
int strcmp(const char *a, const char *b);
int iswalnum(wint_t c) { return c < 128 ? isalnum((int)c) : 0; }
int iswalpha(wint_t c) { return c < 128 ? isalpha((int)c) : 0; }
int iswblank(wint_t c) { return c < 128 ? isblank((int)c) : 0; }
int iswcntrl(wint_t c) { return c < 128 ? iscntrl((int)c) : 0; }
int iswdigit(wint_t c) { return c >= '0' && c <= '9'; }
int iswgraph(wint_t c) { return c < 128 ? isgraph((int)c) : 0; }
int iswlower(wint_t c) { return c < 128 ? islower((int)c) : 0; }
int iswprint(wint_t c) { return c < 128 ? isprint((int)c) : 0; }
int iswpunct(wint_t c) { return c < 128 ? ispunct((int)c) : 0; }
int iswspace(wint_t c) { return c < 128 ? isspace((int)c) : 0; }
int iswupper(wint_t c) { return c < 128 ? isupper((int)c) : 0; }
int iswxdigit(wint_t c) { return c < 128 ? isxdigit((int)c) : 0; }
wint_t towupper(wint_t c) { return c < 128 ? (wint_t)toupper((int)c) : c; }
wint_t towlower(wint_t c) { return c < 128 ? (wint_t)tolower((int)c) : c; }
wctype_t wctype(const char *name) {
    static const char *const names[] = {"alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "xdigit"};
    for (int i = 0; i < 12; i++)
        if (strcmp(name, names[i]) == 0)
            return (wctype_t)(i + 1);
    return 0;
}
int iswctype(wint_t c, wctype_t t) {
    switch (t) {
    case 1: return iswalnum(c) != 0;
    case 2: return iswalpha(c) != 0;
    case 3: return iswblank(c) != 0;
    case 4: return iswcntrl(c) != 0;
    case 5: return iswdigit(c) != 0;
    case 6: return iswgraph(c) != 0;
    case 7: return iswlower(c) != 0;
    case 8: return iswprint(c) != 0;
    case 9: return iswpunct(c) != 0;
    case 10: return iswspace(c) != 0;
    case 11: return iswupper(c) != 0;
    case 12: return iswxdigit(c) != 0;
    default: return 0;
    }
}
wctrans_t wctrans(const char *name) {
    if (strcmp(name, "toupper") == 0)
        return 1;
    if (strcmp(name, "tolower") == 0)
        return 2;
    return 0;
}
wint_t towctrans(wint_t c, wctrans_t t) {
    return t == 1 ? towupper(c) : t == 2 ? towlower(c) : c;
}
#endif
"#;

/// `<stdatomic.h>`: a cmem program has one thread, so every access is atomic and every
/// operation here is its plain sequential meaning (the pointer argument is evaluated once).
pub(super) const STDATOMIC_H: &str = r#"#ifndef __CMEM_STDATOMIC_H
#define __CMEM_STDATOMIC_H
typedef enum {
    memory_order_relaxed,
    memory_order_consume,
    memory_order_acquire,
    memory_order_release,
    memory_order_acq_rel,
    memory_order_seq_cst
} memory_order;
typedef _Atomic _Bool atomic_bool;
typedef _Atomic char atomic_char;
typedef _Atomic signed char atomic_schar;
typedef _Atomic unsigned char atomic_uchar;
typedef _Atomic short atomic_short;
typedef _Atomic unsigned short atomic_ushort;
typedef _Atomic int atomic_int;
typedef _Atomic unsigned int atomic_uint;
typedef _Atomic long atomic_long;
typedef _Atomic unsigned long atomic_ulong;
typedef _Atomic long long atomic_llong;
typedef _Atomic unsigned long long atomic_ullong;
typedef _Atomic unsigned long atomic_size_t;
typedef _Atomic long atomic_ptrdiff_t;
typedef _Atomic long atomic_intptr_t;
typedef _Atomic unsigned long atomic_uintptr_t;
typedef _Atomic long atomic_intmax_t;
typedef _Atomic unsigned long atomic_uintmax_t;
typedef struct { _Bool __cmem_set; } atomic_flag;
#define ATOMIC_FLAG_INIT { 0 }
#define ATOMIC_VAR_INIT(v) (v)
#define ATOMIC_BOOL_LOCK_FREE 2
#define ATOMIC_INT_LOCK_FREE 2
#define ATOMIC_LONG_LOCK_FREE 2
#define ATOMIC_POINTER_LOCK_FREE 2
#define kill_dependency(y) (y)
#define atomic_thread_fence(o) ((void)(o))
#define atomic_signal_fence(o) ((void)(o))
#define atomic_is_lock_free(p) ((void)(p), 1)
#define atomic_init(p, v) ((void)(*(p) = (v)))
#define atomic_store(p, v) ((void)(*(p) = (v)))
#define atomic_store_explicit(p, v, o) ((void)(*(p) = (v)))
#define atomic_load(p) (*(p))
#define atomic_load_explicit(p, o) (*(p))
#define __CMEM_ATOMIC_RMW(p, op, v) ({ __typeof__(p) __cmem_p = (p); __typeof__(*__cmem_p) __cmem_old = *__cmem_p; *__cmem_p op (v); __cmem_old; })
#define atomic_exchange(p, v) __CMEM_ATOMIC_RMW(p, =, v)
#define atomic_exchange_explicit(p, v, o) __CMEM_ATOMIC_RMW(p, =, v)
#define atomic_fetch_add(p, v) __CMEM_ATOMIC_RMW(p, +=, v)
#define atomic_fetch_add_explicit(p, v, o) __CMEM_ATOMIC_RMW(p, +=, v)
#define atomic_fetch_sub(p, v) __CMEM_ATOMIC_RMW(p, -=, v)
#define atomic_fetch_sub_explicit(p, v, o) __CMEM_ATOMIC_RMW(p, -=, v)
#define atomic_fetch_or(p, v) __CMEM_ATOMIC_RMW(p, |=, v)
#define atomic_fetch_or_explicit(p, v, o) __CMEM_ATOMIC_RMW(p, |=, v)
#define atomic_fetch_xor(p, v) __CMEM_ATOMIC_RMW(p, ^=, v)
#define atomic_fetch_xor_explicit(p, v, o) __CMEM_ATOMIC_RMW(p, ^=, v)
#define atomic_fetch_and(p, v) __CMEM_ATOMIC_RMW(p, &=, v)
#define atomic_fetch_and_explicit(p, v, o) __CMEM_ATOMIC_RMW(p, &=, v)
#define __CMEM_ATOMIC_CAS(p, e, d) ({ __typeof__(p) __cmem_p = (p); __typeof__(e) __cmem_e = (e); _Bool __cmem_ok = *__cmem_p == *__cmem_e; if (__cmem_ok) *__cmem_p = (d); else *__cmem_e = *__cmem_p; __cmem_ok; })
#define atomic_compare_exchange_strong(p, e, d) __CMEM_ATOMIC_CAS(p, e, d)
#define atomic_compare_exchange_weak(p, e, d) __CMEM_ATOMIC_CAS(p, e, d)
#define atomic_compare_exchange_strong_explicit(p, e, d, s, f) __CMEM_ATOMIC_CAS(p, e, d)
#define atomic_compare_exchange_weak_explicit(p, e, d, s, f) __CMEM_ATOMIC_CAS(p, e, d)
#define atomic_flag_test_and_set(f) ({ atomic_flag *__cmem_f = (f); _Bool __cmem_was = __cmem_f->__cmem_set; __cmem_f->__cmem_set = 1; __cmem_was; })
#define atomic_flag_test_and_set_explicit(f, o) atomic_flag_test_and_set(f)
#define atomic_flag_clear(f) ((void)((f)->__cmem_set = 0))
#define atomic_flag_clear_explicit(f, o) atomic_flag_clear(f)
#endif
"#;

/// `<complex.h>`: `float _Complex` and `double _Complex` (`long double _Complex` is
/// outside the subset). `I` is gcc's `_Complex_I`, the imaginary unit as a
/// `float _Complex` constant.
pub(super) const COMPLEX_H: &str = r#"#ifndef __CMEM_COMPLEX_H
#define __CMEM_COMPLEX_H
#define complex _Complex
#define _Complex_I (1.0fi)
#define I _Complex_I
#define CMPLX(x, y) ((double _Complex)((double)(x) + _Complex_I * (double)(y)))
#define CMPLXF(x, y) ((float _Complex)((float)(x) + _Complex_I * (float)(y)))
double creal(double _Complex z);
float crealf(float _Complex z);
double cimag(double _Complex z);
float cimagf(float _Complex z);
double cabs(double _Complex z);
float cabsf(float _Complex z);
double carg(double _Complex z);
float cargf(float _Complex z);
double _Complex conj(double _Complex z);
float _Complex conjf(float _Complex z);
double _Complex cproj(double _Complex z);
double _Complex csqrt(double _Complex z);
double _Complex cexp(double _Complex z);
double _Complex clog(double _Complex z);
double _Complex cpow(double _Complex x, double _Complex y);
#endif
"#;
