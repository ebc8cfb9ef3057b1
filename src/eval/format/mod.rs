//! `printf`-family formatting, byte for byte as glibc does it, and the number parsing that
//! `scanf`/`strtol`/`strtod` share.
//!
//! The formatter does not know about memory: arguments come from an [`ArgSource`], which
//! the runtime implements over the call's registers and the memory model (for `%s` and
//! `%n`), so every argument read is checked like the program's own.

pub mod check;
mod float;

use crate::num::F80;
pub use float::shortest_long_double;
use float::{format_float, Fp};

/// Where the formatter gets its arguments.
pub trait ArgSource {
    type Error;
    /// The raw 64 bits of the argument `index` places after the format (0: the first;
    /// integers already promoted, floats as double bits).
    fn arg(&mut self, index: usize) -> Result<u64, Self::Error>;
    /// The argument `index` as a `long double` (its 80 bits).
    fn wide_arg(&mut self, index: usize) -> Result<u128, Self::Error>;
    /// The bytes of the C string at `ptr`, reading at most `max` bytes.
    fn string(&mut self, ptr: u64, max: Option<usize>) -> Result<Vec<u8>, Self::Error>;
    /// The `wchar_t`s of the wide string at `ptr`, reading at most `max` of them.
    fn wide_string(&mut self, ptr: u64, max: Option<usize>) -> Result<Vec<u32>, Self::Error>;
    /// `%n`: stores the count so far through the pointer argument.
    fn store_count(&mut self, ptr: u64, count: i64, len: Length) -> Result<(), Self::Error>;
    /// `%p`: the address a pointer argument prints as (a pointer bounded to a sub-object
    /// prints as the plain pointer to the same byte).
    fn address(&mut self, ptr: u64) -> u64 {
        ptr
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Length {
    None,
    Hh,
    H,
    L,
    Ll,
    Z,
    J,
    T,
    BigL,
}

#[derive(Clone, Copy, Debug, Default)]
struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: usize,
    prec: Option<usize>,
}

impl Spec {
    /// The sign a signed conversion writes: `-`, or what the `+` and space flags ask.
    fn sign(&self, negative: bool) -> &'static str {
        if negative {
            "-"
        } else if self.plus {
            "+"
        } else if self.space {
            " "
        } else {
            ""
        }
    }
}

/// A problem with the format itself (reported as an error by the runtime).
#[derive(Debug, PartialEq, Eq)]
pub enum FormatError<E> {
    Arg(E),
    Unsupported(String),
    /// The output would pass the byte limit the caller gave (a field of width `INT_MAX`).
    TooLong,
    /// A wide character with no multibyte form in the "C" locale (above 0x7F): glibc's
    /// printf stops with `EILSEQ` and returns -1.
    Encoding,
}

impl<E> From<E> for FormatError<E> {
    fn from(e: E) -> Self {
        FormatError::Arg(e)
    }
}

/// The arguments as the conversions take them: in order, or by position (`%2$d`,
/// `%*3$d`), as glibc allows.
pub struct Cursor<'a, A> {
    src: &'a mut A,
    next: usize,
}

impl<A: ArgSource> Cursor<'_, A> {
    /// The next argument in order.
    fn next(&mut self) -> Result<u64, A::Error> {
        let v = self.src.arg(self.next)?;
        self.next += 1;
        Ok(v)
    }

    fn next_wide(&mut self) -> Result<u128, A::Error> {
        let v = self.src.wide_arg(self.next)?;
        self.next += 1;
        Ok(v)
    }

    fn string(&mut self, ptr: u64, max: Option<usize>) -> Result<Vec<u8>, A::Error> {
        self.src.string(ptr, max)
    }

    fn wide_string(&mut self, ptr: u64, max: Option<usize>) -> Result<Vec<u32>, A::Error> {
        self.src.wide_string(ptr, max)
    }

    fn store_count(&mut self, ptr: u64, count: i64, len: Length) -> Result<(), A::Error> {
        self.src.store_count(ptr, count, len)
    }
}

/// A 1-based argument position followed by `$` at `fmt[*i]`, consumed if there is one.
fn position(fmt: &[u8], i: &mut usize) -> Option<usize> {
    let start = *i;
    let n = digits(fmt, i);
    if n > 0 && fmt.get(*i) == Some(&b'$') {
        *i += 1;
        Some(n)
    } else {
        *i = start;
        None
    }
}

/// A `*` width or precision: the next argument, or the one at its position (`*2$`).
fn star_arg<A: ArgSource>(
    fmt: &[u8],
    i: &mut usize,
    args: &mut Cursor<'_, A>,
) -> Result<i32, FormatError<A::Error>> {
    Ok(match position(fmt, i) {
        Some(n) => args.src.arg(n - 1)? as i32,
        None => args.next()? as i32,
    })
}

/// One conversion specification: flags, width, precision, length and the letter.
struct Conversion {
    spec: Spec,
    len: Length,
    conv: u8,
}

/// Parses the conversion after the `%` at `fmt[*i]`, taking `*` widths and precisions from
/// `args`; `None` at the end of the format (a lone `%`: glibc prints nothing for it).
fn parse_conversion<A: ArgSource>(
    fmt: &[u8],
    i: &mut usize,
    args: &mut Cursor<'_, A>,
) -> Result<Option<Conversion>, FormatError<A::Error>> {
    *i += 1;
    // `%2$d`: the conversion takes argument 2, and the ones after it follow from there.
    let pos = position(fmt, i);
    let mut s = Spec::default();
    while let Some(&f) = fmt.get(*i) {
        match f {
            b'-' => s.left = true,
            b'+' => s.plus = true,
            b' ' => s.space = true,
            b'#' => s.alt = true,
            b'0' => s.zero = true,
            _ => break,
        }
        *i += 1;
    }
    if fmt.get(*i) == Some(&b'*') {
        *i += 1;
        let w = star_arg(fmt, i, args)?;
        s.left |= w < 0;
        s.width = w.unsigned_abs() as usize;
    } else {
        s.width = digits(fmt, i);
    }
    if fmt.get(*i) == Some(&b'.') {
        *i += 1;
        if fmt.get(*i) == Some(&b'*') {
            *i += 1;
            let p = star_arg(fmt, i, args)?;
            s.prec = usize::try_from(p).ok();
        } else {
            s.prec = Some(digits(fmt, i));
        }
    }
    let (len, skip) = match (fmt.get(*i), fmt.get(*i + 1)) {
        (Some(b'h'), Some(b'h')) => (Length::Hh, 2),
        (Some(b'l'), Some(b'l')) => (Length::Ll, 2),
        (Some(b'h'), _) => (Length::H, 1),
        (Some(b'l'), _) => (Length::L, 1),
        (Some(b'z'), _) => (Length::Z, 1),
        (Some(b'j'), _) => (Length::J, 1),
        (Some(b't'), _) => (Length::T, 1),
        (Some(b'L'), _) => (Length::BigL, 1),
        _ => (Length::None, 0),
    };
    *i += skip;
    let Some(&conv) = fmt.get(*i) else {
        return Ok(None);
    };
    *i += 1;
    if let Some(n) = pos {
        args.next = n - 1;
    }
    Ok(Some(Conversion { spec: s, len, conv }))
}

/// A decimal number in a format (saturating: a huge width is refused later, by size).
fn digits(fmt: &[u8], i: &mut usize) -> usize {
    let mut n = 0usize;
    while let Some(d) = fmt.get(*i).filter(|b| b.is_ascii_digit()) {
        n = n.saturating_mul(10).saturating_add(usize::from(d - b'0'));
        *i += 1;
    }
    n
}

/// Formats `fmt` with arguments from `args`, appending to `out`, which may grow by at most
/// `limit` bytes (past it: [`FormatError::TooLong`], before anything that large is built).
pub fn format<A: ArgSource>(
    fmt: &[u8],
    args: &mut A,
    out: &mut Vec<u8>,
    limit: usize,
) -> Result<(), FormatError<A::Error>> {
    let args = &mut Cursor { src: args, next: 0 };
    let mut i = 0;
    let start_len = out.len();
    while i < fmt.len() {
        if out.len() - start_len > limit {
            return Err(FormatError::TooLong);
        }
        if fmt[i] != b'%' {
            // Copy a run of literal bytes.
            let run_end = fmt[i..]
                .iter()
                .position(|&b| b == b'%')
                .map_or(fmt.len(), |p| i + p);
            out.extend_from_slice(&fmt[i..run_end]);
            i = run_end;
            continue;
        }
        let spec_start = i;
        let Some(c) = parse_conversion(fmt, &mut i, args)? else {
            break;
        };
        // Width and precision pad with that many bytes: refuse them before building.
        let room = limit.saturating_sub(out.len() - start_len);
        let padded = c.conv != b's' && c.spec.prec.is_some_and(|p| p > room);
        if c.spec.width > room || padded {
            return Err(FormatError::TooLong);
        }
        convert(&c, args, out, start_len, &fmt[spec_start..i])?;
    }
    if out.len() - start_len > limit {
        return Err(FormatError::TooLong);
    }
    Ok(())
}

/// One conversion; `written` is where this call's output started (for `%n`), `text` the
/// specification as written (printed for an unknown conversion, as glibc does).
fn convert<A: ArgSource>(
    c: &Conversion,
    args: &mut Cursor<'_, A>,
    out: &mut Vec<u8>,
    written: usize,
    text: &[u8],
) -> Result<(), FormatError<A::Error>> {
    let (s, len, conv) = (c.spec, c.len, c.conv);
    match conv {
        b'%' => out.push(b'%'),
        b'd' | b'i' => {
            let raw = args.next()?;
            let v: i64 = match len {
                Length::Hh => i64::from(raw as i8),
                Length::H => i64::from(raw as i16),
                Length::None => i64::from(raw as i32),
                _ => raw as i64,
            };
            let digits = v.unsigned_abs().to_string();
            let sign = s.sign(v < 0);
            pad_number(out, &s, sign, "", &digits);
        }
        b'u' | b'x' | b'X' | b'o' => {
            let raw = args.next()?;
            let v: u64 = match len {
                Length::Hh => u64::from(raw as u8),
                Length::H => u64::from(raw as u16),
                Length::None => u64::from(raw as u32),
                _ => raw,
            };
            let mut digits = match conv {
                b'u' => v.to_string(),
                b'x' => format!("{v:x}"),
                b'X' => format!("{v:X}"),
                _ => format!("{v:o}"),
            };
            let prefix = match conv {
                b'x' if s.alt && v != 0 => "0x",
                b'X' if s.alt && v != 0 => "0X",
                _ => "",
            };
            if conv == b'o'
                && s.alt
                && !digits.starts_with('0')
                && s.prec.unwrap_or(0) <= digits.len()
            {
                // `#o`: the first digit is a zero (also after precision padding).
                digits.insert(0, '0');
            }
            pad_number(out, &s, "", prefix, &digits);
        }
        b'c' if len == Length::L => {
            let raw = args.next()? as u32;
            pad_bytes(out, &s, &[narrow(raw)?]);
        }
        b's' if len == Length::L => {
            let ptr = args.next()?;
            let bytes = if ptr != 0 {
                let units = args.wide_string(ptr, s.prec)?;
                units
                    .into_iter()
                    .map(narrow)
                    .collect::<Result<Vec<u8>, _>>()?
            } else {
                b"(null)".to_vec()
            };
            pad_bytes(out, &s, &bytes);
        }
        b'c' => {
            let raw = args.next()?;
            pad_bytes(out, &s, &[raw as u8]);
        }
        b's' => {
            let ptr = args.next()?;
            let bytes = if ptr != 0 {
                args.string(ptr, s.prec)?
            } else if s.prec.is_some_and(|p| p < 6) {
                Vec::new()
            } else {
                b"(null)".to_vec()
            };
            pad_bytes(out, &s, &bytes);
        }
        b'p' => {
            let ptr = args.next()?;
            let ptr = args.src.address(ptr);
            let text = if ptr == 0 {
                "(nil)".to_string()
            } else {
                format!("0x{ptr:x}")
            };
            let sign = match (ptr != 0, s.plus, s.space) {
                (true, true, _) => "+",
                (true, false, true) => " ",
                _ => "",
            };
            let spec = Spec {
                prec: None,
                zero: s.zero && ptr != 0,
                ..s
            };
            pad_bytes(out, &spec, format!("{sign}{text}").as_bytes());
        }
        b'f' | b'F' | b'e' | b'E' | b'g' | b'G' | b'a' | b'A' => {
            let x = if len == Length::BigL {
                Fp::L(F80(args.next_wide()?))
            } else {
                Fp::D(f64::from_bits(args.next()?))
            };
            format_float(out, &s, conv, x);
        }
        b'n' => {
            let ptr = args.next()?;
            args.store_count(ptr, (out.len() - written) as i64, len)?;
        }
        // An unknown conversion: glibc prints the specification as written.
        _ => out.extend_from_slice(text),
    }
    Ok(())
}

/// A wide character as the "C" locale writes it: ASCII only.
fn narrow<E>(unit: u32) -> Result<u8, FormatError<E>> {
    u8::try_from(unit)
        .ok()
        .filter(u8::is_ascii)
        .ok_or(FormatError::Encoding)
}

fn pad_bytes(out: &mut Vec<u8>, s: &Spec, bytes: &[u8]) {
    let pad = s.width.saturating_sub(bytes.len());
    if !s.left {
        out.extend(std::iter::repeat_n(if s.zero { b'0' } else { b' ' }, pad));
    }
    out.extend_from_slice(bytes);
    if s.left {
        out.extend(std::iter::repeat_n(b' ', pad));
    }
}

/// An integer conversion with sign, prefix, precision and width.
fn pad_number(out: &mut Vec<u8>, s: &Spec, sign: &str, prefix: &str, digits: &str) {
    let mut digits = digits.to_string();
    if let Some(p) = s.prec {
        if p == 0 && digits == "0" {
            digits.clear();
        }
        if digits.len() < p {
            digits = "0".repeat(p - digits.len()) + &digits;
        }
    }
    let body_len = sign.len() + prefix.len() + digits.len();
    let pad = s.width.saturating_sub(body_len);
    let zero = s.zero && !s.left && s.prec.is_none();
    if !s.left && !zero {
        out.extend(std::iter::repeat_n(b' ', pad));
    }
    out.extend_from_slice(sign.as_bytes());
    out.extend_from_slice(prefix.as_bytes());
    if zero {
        out.extend(std::iter::repeat_n(b'0', pad));
    }
    out.extend_from_slice(digits.as_bytes());
    if s.left {
        out.extend(std::iter::repeat_n(b' ', pad));
    }
}

/// Parses an integer as `strtol` does: optional whitespace and sign, base prefix.
/// Returns (value, bytes consumed, overflowed) with C's wrap-around for unsigned parsing;
/// `None` when no digits were found.
pub fn parse_c_int(s: &[u8], base: u32) -> Option<(u128, bool, usize)> {
    let mut i = 0;
    while s
        .get(i)
        .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c'))
    {
        i += 1;
    }
    let mut neg = false;
    if let Some(&c) = s.get(i) {
        if c == b'+' || c == b'-' {
            neg = c == b'-';
            i += 1;
        }
    }
    let mut base = base;
    if (base == 0 || base == 16)
        && s.get(i) == Some(&b'0')
        && matches!(s.get(i + 1), Some(b'x' | b'X'))
        && s.get(i + 2).is_some_and(|c| c.is_ascii_hexdigit())
    {
        i += 2;
        base = 16;
    } else if base == 0 {
        base = if s.get(i) == Some(&b'0') { 8 } else { 10 };
    }
    let start = i;
    let mut v: u128 = 0;
    while let Some(d) = s.get(i).and_then(|c| (*c as char).to_digit(base)) {
        v = v
            .saturating_mul(u128::from(base))
            .saturating_add(u128::from(d));
        i += 1;
    }
    if i == start {
        return None;
    }
    Some((v, neg, i))
}

/// Parses a floating-point prefix as `strtod` does; returns (value, bytes consumed).
pub fn parse_c_float(s: &[u8]) -> Option<(f64, usize)> {
    let mut i = 0;
    while s
        .get(i)
        .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c'))
    {
        i += 1;
    }
    let start = i;
    if matches!(s.get(i), Some(b'+' | b'-')) {
        i += 1;
    }
    let lower: Vec<u8> = s[i..]
        .iter()
        .take(8)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if lower.starts_with(b"infinity") || lower.starts_with(b"inf") {
        let n = if lower.starts_with(b"infinity") { 8 } else { 3 };
        let neg = s.get(start) == Some(&b'-');
        return Some((
            if neg {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            },
            i + n,
        ));
    }
    if lower.starts_with(b"nan") {
        return Some((f64::NAN, i + 3));
    }
    let digits_start = i;
    let mut saw_digit = false;
    while s.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
        saw_digit = true;
    }
    if s.get(i) == Some(&b'.') {
        i += 1;
        while s.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
            saw_digit = true;
        }
    }
    if !saw_digit {
        return None;
    }
    let _ = digits_start;
    if matches!(s.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(s.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if s.get(j).is_some_and(u8::is_ascii_digit) {
            while s.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            i = j;
        }
    }
    let text = std::str::from_utf8(&s[start..i]).ok()?;
    let text = if text.ends_with('.') {
        text.trim_end_matches('.')
    } else {
        text
    };
    let text = if text.starts_with('.') || text.starts_with("-.") || text.starts_with("+.") {
        text.replacen('.', "0.", 1)
    } else {
        text.to_string()
    };
    let v: f64 = text.parse().ok()?;
    Some((v, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Args(Vec<u64>);
    impl ArgSource for Args {
        type Error = ();
        fn arg(&mut self, index: usize) -> Result<u64, ()> {
            self.0.get(index).copied().ok_or(())
        }
        fn wide_arg(&mut self, index: usize) -> Result<u128, ()> {
            self.0.get(index).map(|&v| u128::from(v)).ok_or(())
        }
        fn string(&mut self, ptr: u64, max: Option<usize>) -> Result<Vec<u8>, ()> {
            let s: &[u8] = match ptr {
                1 => b"string",
                2 => b"",
                3 => b"left",
                4 => b"toolongtext",
                _ => b"two",
            };
            Ok(s[..max.unwrap_or(s.len()).min(s.len())].to_vec())
        }
        fn wide_string(&mut self, ptr: u64, max: Option<usize>) -> Result<Vec<u32>, ()> {
            let s = self.string(ptr, max)?;
            Ok(s.into_iter().map(u32::from).collect())
        }
        fn store_count(&mut self, _: u64, _: i64, _: Length) -> Result<(), ()> {
            Ok(())
        }
    }

    fn f(fmt: &str, args: &[u64]) -> String {
        let mut out = Vec::new();
        format(fmt.as_bytes(), &mut Args(args.to_vec()), &mut out, 1 << 20).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn d(x: f64) -> u64 {
        x.to_bits()
    }

    #[test]
    fn integers_like_glibc() {
        assert_eq!(
            f("%d %d %i", &[42, (-17i64) as u64, (-17i64) as u64]),
            "42 -17 -17"
        );
        assert_eq!(f("%u", &[4000000000]), "4000000000");
        assert_eq!(
            f("%ld %lu", &[(-1234567890123i64) as u64, u64::MAX]),
            "-1234567890123 18446744073709551615"
        );
        assert_eq!(f("%x %X %o", &[255, 48879, 8]), "ff BEEF 10");
        assert_eq!(
            f(
                "[%10d] [%-5d|] [%05d] [%05d]",
                &[42, 7, 42, (-17i64) as u64]
            ),
            "[        42] [7    |] [00042] [-0017]"
        );
        assert_eq!(f("[%+d] [%+d] [% d]", &[42, 0, 5]), "[+42] [+0] [ 5]");
        assert_eq!(f("%#x %#o %#x", &[255, 8, 0]), "0xff 010 0");
        assert_eq!(f("%.3d|%.0d|%5.2d", &[5, 0, 3]), "005||   03");
        assert_eq!(f("%hhd %hd", &[0x1ff, 0x18000]), "-1 -32768");
        assert_eq!(f("100%%", &[]), "100%");
    }

    /// Widths and precisions from hostile formats: refused by size before anything that
    /// large is built, exact beyond Rust's formatter's precision limit, linear to pad.
    #[test]
    fn huge_widths_and_precisions_are_bounded() {
        let run = |fmt: &str, args: &[u64], limit: usize| {
            let mut out = Vec::new();
            format(fmt.as_bytes(), &mut Args(args.to_vec()), &mut out, limit).map(|()| out)
        };
        for fmt in ["%9223372036854775807c", "%99999999999999999999d", "%*d"] {
            assert_eq!(
                run(fmt, &[i32::MAX as u64, 1], 1 << 20),
                Err(FormatError::TooLong),
                "{fmt}"
            );
        }
        assert_eq!(run("%.2000000d", &[1], 1 << 20), Err(FormatError::TooLong));
        // glibc prints these: the zeros past a double's exact expansion are appended.
        let one = run("%.70000f", &[1.0f64.to_bits()], 1 << 20).unwrap();
        assert_eq!(one.len(), 70002);
        assert!(one.starts_with(b"1.000") && one.iter().skip(2).all(|&c| c == b'0'));
        let e = run("%.70000e", &[1.5f64.to_bits()], 1 << 20).unwrap();
        assert!(
            e.starts_with(b"1.5000") && e.ends_with(b"0e+00"),
            "{}",
            e.len()
        );
        assert_eq!(e.len(), 70006);
        let g = run("%#.70000g", &[0.25f64.to_bits()], 1 << 20).unwrap();
        assert_eq!(g.len(), 70002);
        assert_eq!(
            run("%.70000g", &[0.25f64.to_bits()], 1 << 20).unwrap(),
            b"0.25"
        );
        let padded = run("%.200000d", &[7], 1 << 20).unwrap();
        assert_eq!(padded.len(), 200_000);
        assert_eq!(padded.last(), Some(&b'7'));
        assert_eq!(run("%2$d %1$d", &[1, 2], 1 << 20), Ok(b"2 1".to_vec()));
        // A position past the arguments is the caller's error, not a crash.
        assert_eq!(
            run("%99999999999999999999$d", &[1], 1 << 20),
            Err(FormatError::Arg(()))
        );
        // Literal text past the limit is refused too.
        assert_eq!(run("0123456789", &[], 4), Err(FormatError::TooLong));
    }

    #[test]
    fn strings_and_chars() {
        assert_eq!(f("%s, [%s]", &[1, 2]), "string, []");
        assert_eq!(f("[%-8s|] [%-8s|]", &[3, 4]), "[left    |] [toolongtext|]");
        assert_eq!(f("%c%c%c", &[99, 109, 65]), "cmA");
        assert_eq!(f("%.2s|%5s", &[1, 5]), "st|  two");
        assert_eq!(f("%s", &[0]), "(null)");
        assert_eq!(f("%p %p", &[0, 0x1_0000_0010]), "(nil) 0x100000010");
    }

    #[test]
    fn floats_like_glibc() {
        let pi = std::f64::consts::PI;
        assert_eq!(
            f("%f %.3f %.0f", &[d(pi), d(pi), d(2.5)]),
            "3.141593 3.142 2"
        );
        assert_eq!(f("%f %.2f", &[d(-0.5), d(1.005)]), "-0.500000 1.00");
        assert_eq!(
            f("%e %e", &[d(pi), d(123456789.0)]),
            "3.141593e+00 1.234568e+08"
        );
        assert_eq!(
            f(
                "%g %g %g %g",
                &[d(pi), d(123456789.0), d(0.000012345), d(100.0)]
            ),
            "3.14159 1.23457e+08 1.2345e-05 100"
        );
        assert_eq!(
            f("[%8.2f] [%-8.1f] [%08.3f]", &[d(pi), d(2.0), d(-1.5)]),
            "[    3.14] [2.0     ] [-001.500]"
        );
        assert_eq!(
            f("%g %g %G", &[d(0.0001), d(1e-5), d(1e20)]),
            "0.0001 1e-05 1E+20"
        );
        assert_eq!(
            f(
                "%f %f %F",
                &[d(f64::INFINITY), d(f64::NEG_INFINITY), d(f64::NAN)]
            ),
            "inf -inf NAN"
        );
        assert_eq!(f("%.1f %.1f", &[d(0.25), d(0.35)]), "0.2 0.3");
        assert_eq!(f("%a %a", &[d(1.0), d(3.0)]), "0x1p+0 0x1.8p+1");
        assert_eq!(f("%#.0f %#g", &[d(3.0), d(1.0)]), "3. 1.00000");
        // glibc's own rounding quirks for `%#g`.
        assert_eq!(
            f(
                "%#g %#.3g %#g %#.4g",
                &[d(999999.5), d(99.99999), d(100000.0), d(9999.995)]
            ),
            "1.e+06 100. 100000. 1.e+04"
        );
        assert_eq!(f("%5.1f|%-+6.1f|", &[d(2.3), d(2.3)]), "  2.3|+2.3  |");
    }

    #[test]
    fn number_parsing() {
        assert_eq!(parse_c_int(b"  -42xyz", 10), Some((42, true, 5)));
        assert_eq!(parse_c_int(b"0x1F", 0), Some((31, false, 4)));
        assert_eq!(parse_c_int(b"017", 0), Some((15, false, 3)));
        assert_eq!(parse_c_int(b"abc", 10), None);
        assert_eq!(parse_c_float(b" 3.5e2x"), Some((350.0, 6)));
        assert_eq!(parse_c_float(b"-.5"), Some((-0.5, 3)));
        assert_eq!(parse_c_float(b"1e"), Some((1.0, 1)));
        assert_eq!(parse_c_float(b"x"), None);
    }
}
