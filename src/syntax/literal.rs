//! Decoding of C literals: integer and floating constants, character constants and
//! string literals with every escape sequence.

/// The suffix of an integer constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct IntSuffix {
    pub unsigned: bool,
    /// 0, 1 (`l`) or 2 (`ll`).
    pub longs: u8,
}

/// A decoded integer constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntConst {
    pub value: u64,
    pub suffix: IntSuffix,
    /// Decimal constants without `u` never become unsigned (C11 6.4.4.1p5).
    pub decimal: bool,
}

/// A decoded floating constant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FloatConst {
    pub value: f64,
    /// `f` suffix: the constant has type float.
    pub is_float: bool,
    /// `l` suffix: long double (`value` is then only its nearest double: the checker
    /// parses the text again in the 80-bit format).
    pub is_long: bool,
    /// `i` or `j` suffix (a GNU extension): an imaginary constant, of complex type.
    pub imaginary: bool,
}

/// Whether a pp-number spells a floating constant.
pub fn is_float_text(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("0x") {
        lower.contains('.') || lower.contains('p')
    } else {
        lower.contains('.') || lower.contains('e')
    }
}

pub fn parse_int(text: &str) -> Result<IntConst, String> {
    let lower = text.to_ascii_lowercase();
    let body_end = lower.trim_end_matches(['u', 'l']).len();
    let (body, suffix_text) = lower.split_at(body_end);
    let suffix = match suffix_text {
        "" => IntSuffix::default(),
        "u" => IntSuffix {
            unsigned: true,
            longs: 0,
        },
        "l" => IntSuffix {
            unsigned: false,
            longs: 1,
        },
        "ul" | "lu" => IntSuffix {
            unsigned: true,
            longs: 1,
        },
        "ll" => IntSuffix {
            unsigned: false,
            longs: 2,
        },
        "ull" | "llu" => IntSuffix {
            unsigned: true,
            longs: 2,
        },
        _ => {
            return Err(format!(
                "invalid suffix `{}` on integer constant",
                &text[body_end..]
            ))
        }
    };
    // `lL` mixes are invalid in C; accept only the same case for ll.
    if suffix.longs == 2 && !(text.contains("ll") || text.contains("LL")) {
        return Err(format!(
            "invalid suffix `{}` on integer constant",
            &text[body_end..]
        ));
    }
    let (digits, radix, decimal) = if let Some(h) = body.strip_prefix("0x") {
        (h, 16, false)
    } else if let Some(b) = body.strip_prefix("0b") {
        (b, 2, false)
    } else if body.len() > 1 && body.starts_with('0') {
        (&body[1..], 8, false)
    } else {
        (body, 10, true)
    };
    if digits.is_empty() {
        return Err(format!("invalid integer constant `{text}`"));
    }
    if let Some(bad) = digits.chars().find(|c| !c.is_digit(radix)) {
        return Err(if radix == 8 && bad.is_ascii_digit() {
            format!("invalid digit `{bad}` in octal constant `{text}`")
        } else {
            format!("invalid integer constant `{text}`")
        });
    }
    let value = u64::from_str_radix(digits, radix)
        .map_err(|_| format!("integer constant `{text}` is too large for any integer type"))?;
    Ok(IntConst {
        value,
        suffix,
        decimal,
    })
}

pub fn parse_float(text: &str) -> Result<FloatConst, String> {
    let lower = text.to_ascii_lowercase();
    // The imaginary suffix may come before or after `f`/`l` (`1.0if`, `1.0fi`).
    let (lower, mut imaginary) = match lower.strip_suffix(['i', 'j']) {
        Some(b) => (b.to_string(), true),
        None => (lower.clone(), false),
    };
    let (body, is_float, is_long) = if let Some(b) = lower.strip_suffix('f') {
        (b, true, false)
    } else if let Some(b) = lower.strip_suffix('l') {
        (b, false, true)
    } else {
        (lower.as_str(), false, false)
    };
    let body = match body.strip_suffix(['i', 'j']) {
        Some(b) if !imaginary && !lower.starts_with("0x") => {
            imaginary = true;
            b
        }
        _ => body,
    };
    let bad = || format!("invalid floating constant `{text}`");
    let value = if let Some(hex) = body.strip_prefix("0x") {
        parse_hex_float(hex).ok_or_else(bad)?
    } else {
        if body
            .chars()
            .any(|c| !(c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-')))
        {
            return Err(bad());
        }
        body.parse::<f64>().map_err(|_| bad())?
    };
    let value = if is_float {
        f64::from(value as f32)
    } else {
        value
    };
    Ok(FloatConst {
        value,
        is_float,
        is_long,
        imaginary,
    })
}

fn parse_hex_float(s: &str) -> Option<f64> {
    let (mant, exp) = s.split_once('p')?;
    let exp: i32 = exp.parse().ok()?;
    let (int_part, frac_part) = mant.split_once('.').unwrap_or((mant, ""));
    let mut value = 0f64;
    for c in int_part.chars() {
        value = value * 16.0 + f64::from(c.to_digit(16)?);
    }
    let mut scale = 1.0 / 16.0;
    for c in frac_part.chars() {
        value += f64::from(c.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    Some(value * 2f64.powi(exp))
}

/// Decodes one escape sequence starting after the backslash; returns the value (at most
/// `max`: 255 in a narrow literal) and the number of characters consumed. `\u` and `\U`
/// give a code point (which a narrow literal encodes in UTF-8).
fn escape(chars: &[char], max: u32) -> Result<(u32, usize), String> {
    let Some(&c) = chars.first() else {
        return Err("incomplete escape sequence".into());
    };
    Ok(match c {
        'n' => (10, 1),
        't' => (9, 1),
        'r' => (13, 1),
        '0'..='7' => {
            let mut v = 0u32;
            let mut n = 0;
            while n < 3 {
                match chars.get(n) {
                    Some(d @ '0'..='7') => {
                        v = v * 8 + d.to_digit(8).unwrap_or(0);
                        n += 1;
                    }
                    _ => break,
                }
            }
            if v > max {
                return Err("octal escape sequence out of range".into());
            }
            (v, n)
        }
        'x' => {
            let mut v = 0u32;
            let mut n = 1;
            while let Some(d) = chars.get(n).and_then(|c| c.to_digit(16)) {
                v = v.saturating_mul(16).saturating_add(d);
                n += 1;
            }
            if n == 1 {
                return Err("`\\x` used with no following hex digits".into());
            }
            if v > max {
                return Err("hex escape sequence out of range".into());
            }
            (v, n)
        }
        'u' | 'U' => {
            let len = if c == 'u' { 4 } else { 8 };
            let digits: String = chars.iter().skip(1).take(len).collect();
            let v = (digits.len() == len)
                .then(|| u32::from_str_radix(&digits, 16).ok())
                .flatten()
                .filter(|&v| char::from_u32(v).is_some())
                .ok_or_else(|| format!("`\\{c}` needs {len} hex digits naming a character"))?;
            (v, 1 + len)
        }
        'a' => (7, 1),
        'b' => (8, 1),
        'f' => (12, 1),
        'v' => (11, 1),
        'e' | 'E' => (27, 1),
        '\\' => (92, 1),
        '\'' => (39, 1),
        '"' => (34, 1),
        '?' => (63, 1),
        other => return Err(format!("unknown escape sequence `\\{other}`")),
    })
}

/// The encoding prefix of a character constant or string literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// No prefix: `char`s (non-ASCII characters in UTF-8).
    Plain,
    /// `u8"..."`: `char`s in UTF-8.
    Utf8,
    /// `u'x'`, `u"..."`: `char16_t` (UTF-16 units).
    Utf16,
    /// `U'x'`, `U"..."`: `char32_t` (code points).
    Utf32,
    /// `L'x'`, `L"..."`: `wchar_t` (code points, as glibc's 32-bit `wchar_t`).
    Wide,
}

impl Encoding {
    /// The prefix of a literal's text, and the rest from its opening quote.
    fn split(text: &str) -> (Encoding, &str) {
        for (prefix, enc) in [
            ("u8", Encoding::Utf8),
            ("u", Encoding::Utf16),
            ("U", Encoding::Utf32),
            ("L", Encoding::Wide),
        ] {
            if let Some(rest) = text.strip_prefix(prefix) {
                if rest.starts_with(['\'', '"']) {
                    return (enc, rest);
                }
            }
        }
        (Encoding::Plain, text)
    }

    /// Bytes in one code unit.
    pub fn unit_size(self) -> u64 {
        match self {
            Encoding::Plain | Encoding::Utf8 => 1,
            Encoding::Utf16 => 2,
            Encoding::Utf32 | Encoding::Wide => 4,
        }
    }

    pub fn is_narrow(self) -> bool {
        matches!(self, Encoding::Plain | Encoding::Utf8)
    }
}

/// The code units of a literal's body: bytes (UTF-8) for a narrow encoding, UTF-16 units
/// or code points for the others.
fn decode_body(body: &str, enc: Encoding) -> Result<Vec<u32>, String> {
    let chars: Vec<char> = body.chars().collect();
    let max = match enc.unit_size() {
        1 => 0xFF,
        2 => 0xFFFF,
        _ => u32::MAX,
    };
    let mut out = Vec::with_capacity(chars.len());
    let push_char = |c: char, out: &mut Vec<u32>| match enc {
        Encoding::Plain | Encoding::Utf8 => {
            let mut buf = [0u8; 4];
            out.extend(c.encode_utf8(&mut buf).bytes().map(u32::from));
        }
        Encoding::Utf16 => {
            let mut buf = [0u16; 2];
            out.extend(c.encode_utf16(&mut buf).iter().map(|&u| u32::from(u)));
        }
        Encoding::Utf32 | Encoding::Wide => out.push(c as u32),
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            let (v, n) = escape(&chars[i + 1..], max)?;
            // A universal character name is a character; the others are code units.
            match (chars.get(i + 1), char::from_u32(v)) {
                (Some('u' | 'U'), Some(ch)) => push_char(ch, &mut out),
                _ => out.push(v),
            }
            i += 1 + n;
        } else {
            push_char(c, &mut out);
            i += 1;
        }
    }
    Ok(out)
}

/// The value of a character constant as gcc computes it, and its encoding: a plain one is
/// an `int` from a `char` (signed), several characters packed big-endian; a wide one is
/// one character.
pub fn char_value(text: &str) -> Result<(i64, Encoding), String> {
    let (enc, text) = Encoding::split(text);
    let body = text.get(1..text.len().saturating_sub(1)).unwrap_or("");
    let units = decode_body(body, enc)?;
    match (enc, units.len()) {
        (_, 0) => Err("empty character constant".into()),
        (Encoding::Plain | Encoding::Utf8, 1) => Ok((i64::from(units[0] as u8 as i8), enc)),
        (Encoding::Plain | Encoding::Utf8, n) if n <= 4 => {
            // Multi-character constant: gcc packs the bytes big-endian into an int.
            let mut v: i32 = 0;
            for b in units {
                v = v.wrapping_shl(8) | b as i32;
            }
            Ok((i64::from(v), enc))
        }
        (Encoding::Utf16, 1) => Ok((i64::from(units[0] as u16), enc)),
        (Encoding::Utf32, 1) => Ok((i64::from(units[0]), enc)),
        (Encoding::Wide, 1) => Ok((i64::from(units[0] as i32), enc)),
        _ => Err("character constant too long for its type".into()),
    }
}

/// The code units of a string literal (without the terminating zero) and its encoding.
pub fn string_units(text: &str) -> Result<(Vec<u32>, Encoding), String> {
    let (enc, text) = Encoding::split(text);
    let body = text.get(1..text.len().saturating_sub(1)).unwrap_or("");
    Ok((decode_body(body, enc)?, enc))
}

/// The bytes of a plain string literal (without the terminating NUL).
pub fn string_bytes(text: &str) -> Result<Vec<u8>, String> {
    let (units, _) = string_units(text)?;
    Ok(units.into_iter().map(|u| u as u8).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        assert_eq!(parse_int("42").unwrap().value, 42);
        assert_eq!(parse_int("0x1F").unwrap().value, 31);
        assert_eq!(parse_int("017").unwrap().value, 15);
        assert_eq!(parse_int("0").unwrap().value, 0);
        let c = parse_int("4000000000u").unwrap();
        assert!(c.suffix.unsigned && c.decimal);
        let c = parse_int("18446744073709551615UL").unwrap();
        assert_eq!(c.value, u64::MAX);
        assert_eq!(parse_int("10LL").unwrap().suffix.longs, 2);
        assert!(parse_int("08").is_err());
        assert!(parse_int("12abc").is_err());
        assert!(parse_int("99999999999999999999").is_err());
    }

    #[test]
    fn floats() {
        assert_eq!(parse_float("3.5").unwrap().value, 3.5);
        assert_eq!(parse_float("1e3").unwrap().value, 1000.0);
        assert_eq!(parse_float(".5").unwrap().value, 0.5);
        let f = parse_float("0.1f").unwrap();
        assert!(f.is_float);
        assert_eq!(f.value, f64::from(0.1f32));
        assert_eq!(parse_float("0x1.8p1").unwrap().value, 3.0);
        assert!(is_float_text("1e5") && !is_float_text("0x1e5") && is_float_text("2."));
    }

    #[test]
    fn characters() {
        let plain = |t: &str| char_value(t).map(|(v, _)| v);
        assert_eq!(plain("'a'"), Ok(97));
        assert_eq!(plain("'\\n'"), Ok(10));
        assert_eq!(plain("'\\0'"), Ok(0));
        assert_eq!(plain("'\\x41'"), Ok(65));
        assert_eq!(plain("'\\101'"), Ok(65));
        assert_eq!(plain("'\\xff'"), Ok(-1));
        assert_eq!(plain("'\\''"), Ok(39));
        assert_eq!(plain("'ab'"), Ok(0x6162));
        assert!(plain("''").is_err());
        assert_eq!(char_value("L'é'"), Ok((0xE9, Encoding::Wide)));
        assert_eq!(char_value("U'\\U0001F600'"), Ok((0x1F600, Encoding::Utf32)));
        assert_eq!(char_value("L'\\x12345'"), Ok((0x12345, Encoding::Wide)));
        assert!(char_value("L'ab'").is_err());
    }

    #[test]
    fn strings() {
        assert_eq!(string_bytes(r#""a\tb\\\"""#).unwrap(), b"a\tb\\\"".to_vec());
        assert_eq!(string_bytes(r#""\x41\0z""#).unwrap(), vec![65, 0, b'z']);
        assert_eq!(string_bytes("\"é\"").unwrap(), "é".as_bytes().to_vec());
        assert!(string_bytes(r#""\q""#).is_err());
        assert_eq!(
            string_bytes(r#""\u00e9""#).unwrap(),
            "é".as_bytes().to_vec()
        );
        assert_eq!(
            string_units("u\"\u{1F600}a\""),
            Ok((vec![0xD83D, 0xDE00, 0x61], Encoding::Utf16))
        );
        assert_eq!(string_units("L\"é\""), Ok((vec![0xE9], Encoding::Wide)));
    }
}
