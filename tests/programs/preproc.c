/* The preprocessor: object- and function-like macros, # and ##, variadic macros,
   conditionals with defined, #undef, __LINE__ / __FILE__ / __func__, a local header. */
#include <stdio.h>
#include "preproc_helper.h"

#define STR(x) #x
#define XSTR(x) STR(x)
#define CAT(a, b) a##b
#define MAKE_FN(name, val) static int CAT(get_, name)(void) { return val; }
#define LOG(fmt, ...) printf("[log] " fmt "\n", __VA_ARGS__)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define VERSION 3

MAKE_FN(answer, 42)
MAKE_FN(zero, 0)

#if VERSION >= 3 && defined(HELPER_VALUE)
#define FEATURE "new"
#elif VERSION == 2
#define FEATURE "old"
#else
#define FEATURE "none"
#endif

#ifndef UNDEFINED_THING
#define UNDEFINED_THING 1
#endif

int main(void)
{
    int CAT(var, 1) = 5;
    printf("%s %s %s\n", STR(hello world), XSTR(VERSION), STR("quoted\n"));
    printf("%d %d %d\n", get_answer(), get_zero(), var1);
    LOG("%d + %d = %d", 2, 3, 2 + 3);
    printf("min %d feature %s helper %d twice %d\n", MIN(4, 9), FEATURE, HELPER_VALUE, TWICE(21));
    printf("line %d func %s\n", __LINE__, __func__);
#undef VERSION
#ifdef VERSION
    printf("still defined\n");
#else
    printf("undefined now, flag %d\n", UNDEFINED_THING);
#endif
#if 0
    this is not compiled;
#endif
    return 0;
}
