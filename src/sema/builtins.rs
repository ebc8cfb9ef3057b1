//! The library functions the runtime implements, named as the built-in headers declare them.
//!
//! The checker binds a function that is declared in a built-in header and never defined to
//! the [`Builtin`] of the same name; `eval::builtins` implements each one against the memory
//! model. Functions that would reach the host are declared by the headers too, and
//! [`forbidden_reason`] explains why a call to them is rejected.

macro_rules! builtins {
    ($($variant:ident => $name:literal,)*) => {
        /// A library function implemented by the runtime.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Builtin {
            $($variant,)*
        }

        /// The classes of type a variadic argument can be passed as (after the default argument
/// promotions), 3 bits each in the word a call passes after a variadic function's
/// arguments, for `va_arg` to check against the type it asks for.
/// The types of the arguments of a call of printf or scanf, as the checks of their formats
/// see them (`eval::format::check`).
pub mod fmt {
    use super::super::types::{Type, TypeId, Types};

    /// What a pointer argument points to.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Pointee {
        /// A 1-byte integer (`char`, `signed char`, `unsigned char`, `_Bool`).
        Char,
        Short,
        /// A 4-byte integer (`int`, `unsigned`, an enum).
        Int,
        /// An 8-byte integer.
        Long,
        Float,
        Double,
        LongDouble,
        /// A pointer.
        Pointer,
        /// `void` (a `void *` argument is taken for what the format says).
        Void,
        Other,
    }

    /// An argument (after the default argument promotions).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum ArgClass {
        Int,
        Long,
        Double,
        LongDouble,
        Pointer(Pointee),
        /// A struct, a complex number: not checked.
        Other,
    }

    pub fn class_of(types: &Types, ty: TypeId) -> ArgClass {
        if let Some(q) = types.pointee(ty) {
            return ArgClass::Pointer(pointee(types, q.ty));
        }
        match ty {
            TypeId::LDOUBLE => ArgClass::LongDouble,
            TypeId::FLOAT | TypeId::DOUBLE => ArgClass::Double,
            _ if types.is_integer(ty) => match types.size_of(ty) {
                Some(8) => ArgClass::Long,
                _ => ArgClass::Int,
            },
            _ => ArgClass::Other,
        }
    }

    fn pointee(types: &Types, ty: TypeId) -> Pointee {
        match ty {
            TypeId::VOID => Pointee::Void,
            TypeId::FLOAT => Pointee::Float,
            TypeId::DOUBLE => Pointee::Double,
            TypeId::LDOUBLE => Pointee::LongDouble,
            _ if matches!(types.get(ty), Type::Pointer(_)) => Pointee::Pointer,
            _ if types.is_integer(ty) => match types.size_of(ty) {
                Some(1) => Pointee::Char,
                Some(2) => Pointee::Short,
                Some(4) => Pointee::Int,
                Some(8) => Pointee::Long,
                _ => Pointee::Other,
            },
            _ => Pointee::Other,
        }
    }
}

pub mod va {
    use super::super::types::TypeId;

    pub const INT: u8 = 1;
    pub const LONG: u8 = 2;
    pub const DOUBLE: u8 = 3;
    pub const POINTER: u8 = 4;
    pub const LDOUBLE: u8 = 5;
    pub const COMPLEX: u8 = 6;
    /// A struct or union, or an argument past the word's room: not checked.
    pub const ANY: u8 = 7;
    /// Arguments whose class the word has room for.
    pub const SLOTS: usize = 21;

    /// The class of a value of type `ty` as a variadic argument; `Err` with the type it
    /// is promoted to for a type that is never passed as itself.
    pub fn class_of(types: &super::super::types::Types, ty: TypeId) -> Result<u8, &'static str> {
        if types.is_pointer(ty) {
            return Ok(POINTER);
        }
        if types.is_record(ty) {
            return Ok(ANY);
        }
        if ty == TypeId::FLOAT {
            return Err("double");
        }
        if ty == TypeId::LDOUBLE {
            return Ok(LDOUBLE);
        }
        if types.is_complex(ty) {
            return Ok(COMPLEX);
        }
        if types.is_float(ty) {
            return Ok(DOUBLE);
        }
        match types.size_of(ty) {
            Some(8) => Ok(LONG),
            Some(4) => Ok(INT),
            _ => Err("int"),
        }
    }

    /// How a class reads in a report.
    pub fn name(class: u8) -> &'static str {
        match class {
            INT => "an `int`",
            LONG => "a `long`",
            DOUBLE => "a `double`",
            POINTER => "a pointer",
            LDOUBLE => "a `long double`",
            COMPLEX => "a complex number",
            _ => "a struct or union",
        }
    }
}

impl Builtin {
    /// The `<complex.h>` functions.
    pub fn is_complex_math(self) -> bool {
        use Builtin as B;
        matches!(
            self,
            B::Creal
                | B::Crealf
                | B::Cimag
                | B::Cimagf
                | B::Cabs
                | B::Cabsf
                | B::Carg
                | B::Cargf
                | B::Conj
                | B::Conjf
                | B::Cproj
                | B::Csqrt
                | B::Cexp
                | B::Clog
                | B::Cpow
        )
    }

    /// The `<math.h>` functions of `long double` (`sqrtl`, ...).
    pub fn is_long_double_math(self) -> bool {
        use Builtin as B;
        matches!(
            self,
            B::Sqrtl
                | B::Fabsl
                | B::Floorl
                | B::Ceill
                | B::Roundl
                | B::Truncl
                | B::Expl
                | B::Logl
                | B::Log10l
                | B::Log2l
                | B::Sinl
                | B::Cosl
                | B::Tanl
                | B::Asinl
                | B::Acosl
                | B::Atanl
                | B::Sinhl
                | B::Coshl
                | B::Tanhl
                | B::Cbrtl
                | B::Powl
                | B::Fmodl
                | B::Atan2l
                | B::Hypotl
                | B::Fminl
                | B::Fmaxl
        )
    }

            pub fn from_name(name: &str) -> Option<Builtin> {
                match name {
                    $($name => Some(Builtin::$variant),)*
                    _ => None,
                }
            }

            pub fn name(self) -> &'static str {
                match self {
                    $(Builtin::$variant => $name,)*
                }
            }
        }
    };
}

builtins! {
    Malloc => "malloc",
    Calloc => "calloc",
    Realloc => "realloc",
    Free => "free",
    Scratch => "__cmem_scratch",
    VlaSize => "__cmem_vla_size",
    VlaAlloc => "__cmem_vla_alloc",
    VaStart => "__cmem_va_start",
    VaArg => "__cmem_va_arg",
    Vprintf => "vprintf",
    Alloca => "alloca",
    Unreachable => "__builtin_unreachable",
    BuiltinTrap => "__builtin_trap",
    Vfprintf => "vfprintf",
    Fopen => "fopen",
    Freopen => "freopen",
    Fclose => "fclose",
    Fread => "fread",
    Fseek => "fseek",
    Ftell => "ftell",
    Rewind => "rewind",
    Tmpfile => "tmpfile",
    Remove => "remove",
    Rename => "rename",
    Clearerr => "clearerr",
    Setvbuf => "setvbuf",
    Setjmp => "setjmp",
    Longjmp => "longjmp",
    Vsprintf => "vsprintf",
    Vsnprintf => "vsnprintf",
    Exit => "exit",
    Abort => "abort",
    Atexit => "atexit",
    AssertFail => "__cmem_assert_fail",
    Atoi => "atoi",
    Atol => "atol",
    Atoll => "atoll",
    Atof => "atof",
    Strtol => "strtol",
    Strtoul => "strtoul",
    Strtoll => "strtoll",
    Strtoull => "strtoull",
    Strtod => "strtod",
    Strtof => "strtof",
    Strtold => "strtold",
    Abs => "abs",
    Labs => "labs",
    Llabs => "llabs",
    Rand => "rand",
    Srand => "srand",
    Memcpy => "memcpy",
    Memmove => "memmove",
    Memset => "memset",
    Memcmp => "memcmp",
    Memchr => "memchr",
    Strlen => "strlen",
    Strnlen => "strnlen",
    Strcpy => "strcpy",
    Strncpy => "strncpy",
    Strcat => "strcat",
    Strncat => "strncat",
    Strcmp => "strcmp",
    Strncmp => "strncmp",
    Strcasecmp => "strcasecmp",
    Strncasecmp => "strncasecmp",
    Strchr => "strchr",
    Strrchr => "strrchr",
    Strstr => "strstr",
    Strdup => "strdup",
    Strndup => "strndup",
    Strspn => "strspn",
    Strcspn => "strcspn",
    Strpbrk => "strpbrk",
    Strtok => "strtok",
    Strerror => "strerror",
    Printf => "printf",
    Fprintf => "fprintf",
    Sprintf => "sprintf",
    Snprintf => "snprintf",
    Puts => "puts",
    Putchar => "putchar",
    Fputs => "fputs",
    Fputc => "fputc",
    Putc => "putc",
    Fwrite => "fwrite",
    Getchar => "getchar",
    Getc => "getc",
    Fgetc => "fgetc",
    Ungetc => "ungetc",
    Fgets => "fgets",
    Scanf => "scanf",
    Sscanf => "sscanf",
    Fscanf => "fscanf",
    Fflush => "fflush",
    Perror => "perror",
    Feof => "feof",
    Ferror => "ferror",
    Isalnum => "isalnum",
    Isalpha => "isalpha",
    Isblank => "isblank",
    Iscntrl => "iscntrl",
    Isdigit => "isdigit",
    Isgraph => "isgraph",
    Islower => "islower",
    Isprint => "isprint",
    Ispunct => "ispunct",
    Isspace => "isspace",
    Isupper => "isupper",
    Isxdigit => "isxdigit",
    Tolower => "tolower",
    Toupper => "toupper",
    Sqrt => "sqrt",
    Pow => "pow",
    Fabs => "fabs",
    Floor => "floor",
    Ceil => "ceil",
    Round => "round",
    Trunc => "trunc",
    Fmod => "fmod",
    Exp => "exp",
    Log => "log",
    Log10 => "log10",
    Log2 => "log2",
    Sin => "sin",
    Cos => "cos",
    Tan => "tan",
    Asin => "asin",
    Acos => "acos",
    Atan => "atan",
    Atan2 => "atan2",
    Sinh => "sinh",
    Cosh => "cosh",
    Tanh => "tanh",
    Hypot => "hypot",
    Cbrt => "cbrt",
    Fmin => "fmin",
    Fmax => "fmax",
    Sqrtf => "sqrtf",
    Fabsf => "fabsf",
    Floorf => "floorf",
    Ceilf => "ceilf",
    Powf => "powf",
    Roundf => "roundf",
    Truncf => "truncf",
    Fmodf => "fmodf",
    Expf => "expf",
    Logf => "logf",
    Log10f => "log10f",
    Log2f => "log2f",
    Sinf => "sinf",
    Cosf => "cosf",
    Tanf => "tanf",
    Asinf => "asinf",
    Acosf => "acosf",
    Atanf => "atanf",
    Atan2f => "atan2f",
    Sinhf => "sinhf",
    Coshf => "coshf",
    Tanhf => "tanhf",
    Hypotf => "hypotf",
    Cbrtf => "cbrtf",
    Fminf => "fminf",
    Fmaxf => "fmaxf",
    Sqrtl => "sqrtl",
    Fabsl => "fabsl",
    Floorl => "floorl",
    Ceill => "ceill",
    Roundl => "roundl",
    Truncl => "truncl",
    Expl => "expl",
    Logl => "logl",
    Log10l => "log10l",
    Log2l => "log2l",
    Sinl => "sinl",
    Cosl => "cosl",
    Tanl => "tanl",
    Asinl => "asinl",
    Acosl => "acosl",
    Atanl => "atanl",
    Sinhl => "sinhl",
    Coshl => "coshl",
    Tanhl => "tanhl",
    Cbrtl => "cbrtl",
    Powl => "powl",
    Fmodl => "fmodl",
    Atan2l => "atan2l",
    Hypotl => "hypotl",
    Fminl => "fminl",
    Fmaxl => "fmaxl",
    Creal => "creal",
    Crealf => "crealf",
    Cimag => "cimag",
    Cimagf => "cimagf",
    Cabs => "cabs",
    Cabsf => "cabsf",
    Carg => "carg",
    Cargf => "cargf",
    Conj => "conj",
    Conjf => "conjf",
    Cproj => "cproj",
    Csqrt => "csqrt",
    Cexp => "cexp",
    Clog => "clog",
    Cpow => "cpow",
    Lround => "lround",
    Isnan => "isnan",
    Isinf => "isinf",
    Time => "time",
    Clock => "clock",
}

impl Builtin {
    /// The `printf` family: a format and its arguments, from the call or (`v...`) from a
    /// `va_list`.
    pub fn is_formatted_output(self) -> bool {
        use Builtin as B;
        matches!(
            self,
            B::Printf
                | B::Fprintf
                | B::Sprintf
                | B::Snprintf
                | B::Vprintf
                | B::Vfprintf
                | B::Vsprintf
                | B::Vsnprintf
        )
    }

    /// cmem's own helpers (library internals, variable-length arrays): a program cannot
    /// name them.
    pub fn is_internal(self) -> bool {
        matches!(
            self,
            Builtin::Scratch
                | Builtin::AssertFail
                | Builtin::VlaSize
                | Builtin::VlaAlloc
                | Builtin::VaStart
                | Builtin::VaArg
                | Builtin::Unreachable
                | Builtin::BuiltinTrap
        )
    }
}

/// Why a library function declared by the built-in headers cannot be called.
pub fn forbidden_reason(name: &str) -> Option<&'static str> {
    Some(match name {
        "wprintf" | "fwprintf" | "swprintf" | "wscanf" | "fwscanf" | "swscanf" | "putwchar"
        | "getwchar" | "fputwc" | "fgetwc" | "fputws" | "fgetws" => {
            "wide-character input and output is not supported by cmem: print wide strings with printf's `%ls`"
        }
        "popen" | "pclose" | "system" => "a cmem program cannot start processes",
        "getenv" => "a cmem program cannot read the host's environment",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in [
            "malloc",
            "printf",
            "strdup",
            "isdigit",
            "sqrt",
            "__cmem_assert_fail",
        ] {
            assert_eq!(Builtin::from_name(name).map(Builtin::name), Some(name));
        }
        assert_eq!(Builtin::from_name("popen"), None);
        assert!(forbidden_reason("popen").is_some());
    }
}
