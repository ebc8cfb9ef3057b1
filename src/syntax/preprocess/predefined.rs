//! The macros gcc predefines on x86-64 Linux for the integer types' limits, widths and
//! types and the floating types' properties (`__INT32_MAX__`, `__SIZE_TYPE__`,
//! `__DBL_DIG__`, ...), as `gcc -dM -E` prints them: system headers and portable code test
//! them.

pub(super) const GCC_PREDEFINED: &str = "\
#define __BYTE_ORDER__ __ORDER_LITTLE_ENDIAN__\n\
#define __CHAR16_TYPE__ short unsigned int\n\
#define __CHAR32_TYPE__ unsigned int\n\
#define __DBL_DIG__ 15\n\
#define __DBL_MANT_DIG__ 53\n\
#define __DBL_MAX_EXP__ 1024\n\
#define __DBL_MIN_EXP__ (-1021)\n\
#define __FLT_DENORM_MIN__ 1.40129846432481707092372958328991613e-45F\n\
#define __FLT_DIG__ 6\n\
#define __FLT_EPSILON__ 1.19209289550781250000000000000000000e-7F\n\
#define __FLT_MANT_DIG__ 24\n\
#define __FLT_MAX_EXP__ 128\n\
#define __FLT_MAX__ 3.40282346638528859811704183484516925e+38F\n\
#define __FLT_MIN_EXP__ (-125)\n\
#define __FLT_MIN__ 1.17549435082228750796873653722224568e-38F\n\
#define __INT16_C(c) c\n\
#define __INT16_MAX__ 0x7fff\n\
#define __INT16_TYPE__ short int\n\
#define __INT32_C(c) c\n\
#define __INT32_MAX__ 0x7fffffff\n\
#define __INT32_TYPE__ int\n\
#define __INT64_C(c) c ## L\n\
#define __INT64_MAX__ 0x7fffffffffffffffL\n\
#define __INT64_TYPE__ long int\n\
#define __INT8_C(c) c\n\
#define __INT8_MAX__ 0x7f\n\
#define __INT8_TYPE__ signed char\n\
#define __INTMAX_C(c) c ## L\n\
#define __INTMAX_MAX__ 0x7fffffffffffffffL\n\
#define __INTMAX_TYPE__ long int\n\
#define __INTMAX_WIDTH__ 64\n\
#define __INTPTR_MAX__ 0x7fffffffffffffffL\n\
#define __INTPTR_TYPE__ long int\n\
#define __INTPTR_WIDTH__ 64\n\
#define __INT_FAST16_MAX__ 0x7fffffffffffffffL\n\
#define __INT_FAST16_TYPE__ long int\n\
#define __INT_FAST16_WIDTH__ 64\n\
#define __INT_FAST32_MAX__ 0x7fffffffffffffffL\n\
#define __INT_FAST32_TYPE__ long int\n\
#define __INT_FAST32_WIDTH__ 64\n\
#define __INT_FAST64_MAX__ 0x7fffffffffffffffL\n\
#define __INT_FAST64_TYPE__ long int\n\
#define __INT_FAST64_WIDTH__ 64\n\
#define __INT_FAST8_MAX__ 0x7f\n\
#define __INT_FAST8_TYPE__ signed char\n\
#define __INT_FAST8_WIDTH__ 8\n\
#define __INT_LEAST16_MAX__ 0x7fff\n\
#define __INT_LEAST16_TYPE__ short int\n\
#define __INT_LEAST16_WIDTH__ 16\n\
#define __INT_LEAST32_MAX__ 0x7fffffff\n\
#define __INT_LEAST32_TYPE__ int\n\
#define __INT_LEAST32_WIDTH__ 32\n\
#define __INT_LEAST64_MAX__ 0x7fffffffffffffffL\n\
#define __INT_LEAST64_TYPE__ long int\n\
#define __INT_LEAST64_WIDTH__ 64\n\
#define __INT_LEAST8_MAX__ 0x7f\n\
#define __INT_LEAST8_TYPE__ signed char\n\
#define __INT_LEAST8_WIDTH__ 8\n\
#define __INT_MAX__ 0x7fffffff\n\
#define __INT_WIDTH__ 32\n\
#define __LONG_LONG_MAX__ 0x7fffffffffffffffLL\n\
#define __LONG_LONG_WIDTH__ 64\n\
#define __LONG_MAX__ 0x7fffffffffffffffL\n\
#define __LONG_WIDTH__ 64\n\
#define __ORDER_BIG_ENDIAN__ 4321\n\
#define __ORDER_LITTLE_ENDIAN__ 1234\n\
#define __PTRDIFF_MAX__ 0x7fffffffffffffffL\n\
#define __PTRDIFF_TYPE__ long int\n\
#define __PTRDIFF_WIDTH__ 64\n\
#define __SCHAR_MAX__ 0x7f\n\
#define __SCHAR_WIDTH__ 8\n\
#define __SHRT_MAX__ 0x7fff\n\
#define __SHRT_WIDTH__ 16\n\
#define __SIG_ATOMIC_MAX__ 0x7fffffff\n\
#define __SIG_ATOMIC_MIN__ (-__SIG_ATOMIC_MAX__ - 1)\n\
#define __SIG_ATOMIC_TYPE__ int\n\
#define __SIG_ATOMIC_WIDTH__ 32\n\
#define __SIZEOF_PTRDIFF_T__ 8\n\
#define __SIZEOF_SIZE_T__ 8\n\
#define __SIZEOF_WCHAR_T__ 4\n\
#define __SIZEOF_WINT_T__ 4\n\
#define __SIZE_MAX__ 0xffffffffffffffffUL\n\
#define __SIZE_TYPE__ long unsigned int\n\
#define __SIZE_WIDTH__ 64\n\
#define __UINT16_C(c) c\n\
#define __UINT16_MAX__ 0xffff\n\
#define __UINT16_TYPE__ short unsigned int\n\
#define __UINT32_C(c) c ## U\n\
#define __UINT32_MAX__ 0xffffffffU\n\
#define __UINT32_TYPE__ unsigned int\n\
#define __UINT64_C(c) c ## UL\n\
#define __UINT64_MAX__ 0xffffffffffffffffUL\n\
#define __UINT64_TYPE__ long unsigned int\n\
#define __UINT8_C(c) c\n\
#define __UINT8_MAX__ 0xff\n\
#define __UINT8_TYPE__ unsigned char\n\
#define __UINTMAX_C(c) c ## UL\n\
#define __UINTMAX_MAX__ 0xffffffffffffffffUL\n\
#define __UINTMAX_TYPE__ long unsigned int\n\
#define __UINTPTR_MAX__ 0xffffffffffffffffUL\n\
#define __UINTPTR_TYPE__ long unsigned int\n\
#define __UINT_FAST16_MAX__ 0xffffffffffffffffUL\n\
#define __UINT_FAST16_TYPE__ long unsigned int\n\
#define __UINT_FAST32_MAX__ 0xffffffffffffffffUL\n\
#define __UINT_FAST32_TYPE__ long unsigned int\n\
#define __UINT_FAST64_MAX__ 0xffffffffffffffffUL\n\
#define __UINT_FAST64_TYPE__ long unsigned int\n\
#define __UINT_FAST8_MAX__ 0xff\n\
#define __UINT_FAST8_TYPE__ unsigned char\n\
#define __UINT_LEAST16_MAX__ 0xffff\n\
#define __UINT_LEAST16_TYPE__ short unsigned int\n\
#define __UINT_LEAST32_MAX__ 0xffffffffU\n\
#define __UINT_LEAST32_TYPE__ unsigned int\n\
#define __UINT_LEAST64_MAX__ 0xffffffffffffffffUL\n\
#define __UINT_LEAST64_TYPE__ long unsigned int\n\
#define __UINT_LEAST8_MAX__ 0xff\n\
#define __UINT_LEAST8_TYPE__ unsigned char\n\
#define __WCHAR_MAX__ 0x7fffffff\n\
#define __WCHAR_MIN__ (-__WCHAR_MAX__ - 1)\n\
#define __WCHAR_TYPE__ int\n\
#define __WCHAR_WIDTH__ 32\n\
#define __WINT_MAX__ 0xffffffffU\n\
#define __WINT_MIN__ 0U\n\
#define __WINT_TYPE__ unsigned int\n\
#define __WINT_WIDTH__ 32\n";
