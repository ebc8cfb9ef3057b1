//! The arguments a printf or scanf format needs, checked against the types of the
//! arguments a call passed (C11 §7.21.6.1p9, §7.21.6.2p10: a conversion given an argument
//! of the wrong type is undefined behaviour, which gcc's `-Wformat` only sees when the
//! format is a literal).

use crate::sema::builtins::fmt::{ArgClass, Pointee};

/// What a conversion needs of its argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// `int` (or an unsigned or narrower integer, promoted): `%d`, `%c`, `%x`, a `*`.
    Int,
    /// A 64-bit integer: `%ld`, `%lld`, `%zu`, `%jd`, `%td`.
    Long,
    /// `double` (a `float` is promoted): `%f`, `%g`, `%e`, `%a`.
    Double,
    /// `long double`: `%Lf`.
    LongDouble,
    /// Any pointer: `%s`, `%p` of printf.
    AnyPointer,
    /// A pointer to what scanf stores (`%d`: an `int *`).
    PointerTo(Pointee),
}

impl Need {
    /// Whether an argument of class `c` is right.
    pub fn accepts(self, c: ArgClass) -> bool {
        match (self, c) {
            (_, ArgClass::Other) => true,
            (Need::Int, ArgClass::Int) | (Need::Long, ArgClass::Long) => true,
            (Need::Double, ArgClass::Double) | (Need::LongDouble, ArgClass::LongDouble) => true,
            (Need::AnyPointer, ArgClass::Pointer(_)) => true,
            (Need::PointerTo(p), ArgClass::Pointer(q)) => p == q || q == Pointee::Void,
            _ => false,
        }
    }

    /// The C type it needs, as a report says it.
    pub fn describe(self) -> &'static str {
        match self {
            Need::Int => "an `int`",
            Need::Long => "a 64-bit integer (`long`, `long long` or `size_t`)",
            Need::Double => "a `double`",
            Need::LongDouble => "a `long double`",
            Need::AnyPointer => "a pointer",
            Need::PointerTo(p) => match p {
                Pointee::Char => "a `char *`",
                Pointee::Short => "a `short *`",
                Pointee::Int => "an `int *`",
                Pointee::Long => "a `long *` (or `long long *`, `size_t *`)",
                Pointee::Float => "a `float *`",
                Pointee::Double => "a `double *`",
                Pointee::LongDouble => "a `long double *`",
                Pointee::Pointer => "a `void **`",
                Pointee::Void | Pointee::Other => "a pointer",
            },
        }
    }
}

/// One argument a format takes: which argument (0 is the first after the format), what it
/// needs, and the conversion (its text, and which conversion of the format it is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wanted {
    pub arg: usize,
    pub need: Need,
    pub conv: String,
    pub nth: usize,
}

/// The arguments printf's format `fmt` takes, in order; `None` when it numbers its
/// arguments (`%1$d`), which is not checked.
pub fn printf_wants(fmt: &[u8]) -> Option<Vec<Wanted>> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut nth = 0;
    while let Some(start) = next_conversion(fmt, &mut i) {
        // Flags, width, precision (a `*` takes an int), length, conversion.
        while matches!(fmt.get(i), Some(b'-' | b'+' | b' ' | b'#' | b'0' | b'\'')) {
            i += 1;
        }
        let star = |i: &mut usize, out: &mut Vec<Wanted>, nth: usize| {
            if fmt.get(*i) == Some(&b'*') {
                *i += 1;
                out.push(Wanted {
                    arg: out.len(),
                    need: Need::Int,
                    conv: "*".into(),
                    nth,
                });
            }
        };
        star(&mut i, &mut out, nth);
        while fmt.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if fmt.get(i) == Some(&b'$') {
            return None;
        }
        if fmt.get(i) == Some(&b'.') {
            i += 1;
            star(&mut i, &mut out, nth);
            while fmt.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        let (long, big_l) = length(fmt, &mut i);
        let Some(&c) = fmt.get(i) else { break };
        i += 1;
        let need = match c {
            // (`%lc` takes a `wint_t`, an unsigned int.)
            b'd' | b'i' | b'o' | b'u' | b'x' | b'X' if long => Need::Long,
            b'd' | b'i' | b'o' | b'u' | b'x' | b'X' | b'c' => Need::Int,
            b'f' | b'F' | b'e' | b'E' | b'g' | b'G' | b'a' | b'A' if big_l => Need::LongDouble,
            b'f' | b'F' | b'e' | b'E' | b'g' | b'G' | b'a' | b'A' => Need::Double,
            b's' | b'p' | b'n' => Need::AnyPointer,
            // An unknown conversion is the formatter's to report.
            _ => return Some(out),
        };
        out.push(Wanted {
            arg: out.len(),
            need,
            conv: String::from_utf8_lossy(&fmt[start..i]).into_owned(),
            nth,
        });
        nth += 1;
    }
    Some(out)
}

/// The arguments scanf's format `fmt` takes, in order (`%*d` takes none).
pub fn scanf_wants(fmt: &[u8]) -> Option<Vec<Wanted>> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut nth = 0;
    while let Some(start) = next_conversion(fmt, &mut i) {
        let suppressed = fmt.get(i) == Some(&b'*');
        if suppressed {
            i += 1;
        }
        while fmt.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if fmt.get(i) == Some(&b'$') {
            return None;
        }
        let size = scan_size(fmt, &mut i);
        let Some(&c) = fmt.get(i) else { break };
        i += 1;
        if c == b'[' {
            // The set: a `]` first is part of it.
            if fmt.get(i) == Some(&b'^') {
                i += 1;
            }
            if fmt.get(i) == Some(&b']') {
                i += 1;
            }
            while fmt.get(i).is_some_and(|&b| b != b']') {
                i += 1;
            }
            i += 1;
        }
        let pointee = match c {
            b'd' | b'i' | b'o' | b'u' | b'x' | b'X' | b'n' => match size {
                Size::Char => Pointee::Char,
                Size::Short => Pointee::Short,
                Size::Long => Pointee::Long,
                Size::Plain | Size::LongDouble => Pointee::Int,
            },
            b'f' | b'F' | b'e' | b'E' | b'g' | b'G' | b'a' | b'A' => match size {
                Size::Long => Pointee::Double,
                Size::LongDouble => Pointee::LongDouble,
                _ => Pointee::Float,
            },
            b's' | b'c' | b'[' => Pointee::Char,
            b'p' => Pointee::Pointer,
            _ => return Some(out),
        };
        if !suppressed {
            out.push(Wanted {
                arg: out.len(),
                need: Need::PointerTo(pointee),
                conv: String::from_utf8_lossy(&fmt[start..i.min(fmt.len())]).into_owned(),
                nth,
            });
        }
        nth += 1;
    }
    Some(out)
}

/// The start of the next conversion at or after `*i` (`%%` is none), with `*i` just
/// past its `%`.
fn next_conversion(fmt: &[u8], i: &mut usize) -> Option<usize> {
    while *i < fmt.len() {
        if fmt[*i] != b'%' {
            *i += 1;
            continue;
        }
        let start = *i;
        *i += 1;
        if fmt.get(*i) == Some(&b'%') {
            *i += 1;
            continue;
        }
        return Some(start);
    }
    None
}

/// printf's length modifier: whether it makes an integer conversion 64-bit, and whether
/// it is `L`.
fn length(fmt: &[u8], i: &mut usize) -> (bool, bool) {
    match fmt.get(*i) {
        Some(b'l') => {
            *i += 1;
            if fmt.get(*i) == Some(&b'l') {
                *i += 1;
            }
            (true, false)
        }
        Some(b'h') => {
            *i += 1;
            if fmt.get(*i) == Some(&b'h') {
                *i += 1;
            }
            (false, false)
        }
        Some(b'q' | b'j' | b'z' | b't') => {
            *i += 1;
            (true, false)
        }
        Some(b'L') => {
            *i += 1;
            (false, true)
        }
        _ => (false, false),
    }
}

#[derive(Clone, Copy)]
enum Size {
    Char,
    Short,
    Plain,
    Long,
    LongDouble,
}

/// scanf's length modifier.
fn scan_size(fmt: &[u8], i: &mut usize) -> Size {
    let (size, n) = match (fmt.get(*i), fmt.get(*i + 1)) {
        (Some(b'h'), Some(b'h')) => (Size::Char, 2),
        (Some(b'h'), _) => (Size::Short, 1),
        (Some(b'l'), Some(b'l')) => (Size::Long, 2),
        (Some(b'l' | b'q' | b'j' | b'z' | b't'), _) => (Size::Long, 1),
        (Some(b'L'), _) => (Size::LongDouble, 1),
        _ => (Size::Plain, 0),
    };
    *i += n;
    size
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needs(w: Option<Vec<Wanted>>) -> Vec<(Need, String)> {
        w.unwrap().into_iter().map(|w| (w.need, w.conv)).collect()
    }

    #[test]
    fn printf_conversions_and_stars() {
        assert_eq!(
            needs(printf_wants(
                b"%d %5.2f %-*s %ld %zu %% %Lg %p %c %lld %hhx"
            )),
            vec![
                (Need::Int, "%d".into()),
                (Need::Double, "%5.2f".into()),
                (Need::Int, "*".into()),
                (Need::AnyPointer, "%-*s".into()),
                (Need::Long, "%ld".into()),
                (Need::Long, "%zu".into()),
                (Need::LongDouble, "%Lg".into()),
                (Need::AnyPointer, "%p".into()),
                (Need::Int, "%c".into()),
                (Need::Long, "%lld".into()),
                (Need::Int, "%hhx".into()),
            ]
        );
        assert_eq!(printf_wants(b"%1$d"), None);
    }

    #[test]
    fn scanf_conversions() {
        assert_eq!(
            needs(scanf_wants(b"%d %*d %lf %f %s %3[^,] %hd %zu %c")),
            vec![
                (Need::PointerTo(Pointee::Int), "%d".into()),
                (Need::PointerTo(Pointee::Double), "%lf".into()),
                (Need::PointerTo(Pointee::Float), "%f".into()),
                (Need::PointerTo(Pointee::Char), "%s".into()),
                (Need::PointerTo(Pointee::Char), "%3[^,]".into()),
                (Need::PointerTo(Pointee::Short), "%hd".into()),
                (Need::PointerTo(Pointee::Long), "%zu".into()),
                (Need::PointerTo(Pointee::Char), "%c".into()),
            ]
        );
        assert!(Need::PointerTo(Pointee::Int).accepts(ArgClass::Pointer(Pointee::Void)));
        assert!(!Need::PointerTo(Pointee::Int).accepts(ArgClass::Pointer(Pointee::Double)));
        assert!(!Need::Double.accepts(ArgClass::Long));
    }
}
