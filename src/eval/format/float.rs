//! Floating conversions (`%f`, `%e`, `%g`, `%a` and their `L` forms), digit for digit as
//! glibc prints them: doubles through Rust's exact formatting, `long double`s through their
//! exact decimal expansion (`crate::num`).

use super::{pad_bytes, Spec};
use crate::num::{exact_decimal, round_digits, F80};

/// Digits a double's exact decimal expansion can have after the point (2^-1074 has 1074):
/// a longer precision only adds zeros, which are appended without asking Rust's
/// formatter (whose precision stops at 65535).
const EXACT_DIGITS: usize = 1100;
/// `x` with `prec` digits after the point (`%f`), for any precision.
fn fixed(x: f64, prec: usize) -> String {
    if prec <= EXACT_DIGITS {
        return format!("{:.*}", prec, x);
    }
    format!("{:.*}", EXACT_DIGITS, x) + &"0".repeat(prec - EXACT_DIGITS)
}

/// `%e` text with the exponent as C writes it (`1.5e+00`).
fn exp_form(x: f64, prec: usize, upper: bool) -> String {
    let t = if prec <= EXACT_DIGITS {
        format!("{:.*e}", prec, x)
    } else {
        let t = format!("{:.*e}", EXACT_DIGITS, x);
        let (mant, exp) = t.split_once('e').unwrap_or((&t, "0"));
        format!("{mant}{}e{exp}", "0".repeat(prec - EXACT_DIGITS))
    };
    let (mant, exp) = t.split_once('e').unwrap_or((&t, "0"));
    let e: i32 = exp.parse().unwrap_or(0);
    let sign = if e < 0 { '-' } else { '+' };
    let s = format!(
        "{mant}{}{sign}{:02}",
        if upper { 'E' } else { 'e' },
        e.unsigned_abs()
    );
    s
}

fn strip_trailing_zeros(s: &str) -> String {
    if let Some(epos) = s.find(['e', 'E']) {
        let (m, e) = s.split_at(epos);
        let m = if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.')
        } else {
            m
        };
        return format!("{m}{e}");
    }
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// A value for a floating conversion: a double, or (`%Lf`) a `long double`.
#[derive(Clone, Copy, Debug)]
pub(super) enum Fp {
    D(f64),
    L(F80),
}

impl Fp {
    fn is_sign_negative(self) -> bool {
        match self {
            Fp::D(x) => x.is_sign_negative(),
            Fp::L(x) => x.is_sign_negative(),
        }
    }

    fn is_nan(self) -> bool {
        match self {
            Fp::D(x) => x.is_nan(),
            Fp::L(x) => x.is_nan(),
        }
    }

    fn is_finite(self) -> bool {
        match self {
            Fp::D(x) => x.is_finite(),
            Fp::L(x) => !x.is_nan() && !x.is_infinite(),
        }
    }

    fn is_zero(self) -> bool {
        match self {
            Fp::D(x) => x == 0.0,
            Fp::L(x) => x.is_zero(),
        }
    }

    fn abs(self) -> Fp {
        match self {
            Fp::D(x) => Fp::D(x.abs()),
            Fp::L(x) => Fp::L(x.abs()),
        }
    }

    /// `%f` of a non-negative finite value.
    fn fixed(self, prec: usize) -> String {
        match self {
            Fp::D(x) => fixed(x, prec),
            Fp::L(x) => {
                let (digits, point) = decimal_of(x);
                let (mut kept, carry) = round_digits(&digits, point.saturating_add(prec as i64));
                if carry {
                    kept.insert(0, 1);
                }
                let mut t: String = kept.iter().map(|d| char::from(b'0' + d)).collect();
                if t.len() < prec + 1 {
                    t.insert_str(0, &"0".repeat(prec + 1 - t.len()));
                }
                if prec > 0 {
                    t.insert(t.len() - prec, '.');
                }
                t
            }
        }
    }

    /// `%e` of a non-negative finite value.
    fn exp_form(self, prec: usize, upper: bool) -> String {
        match self {
            Fp::D(x) => exp_form(x, prec, upper),
            Fp::L(x) => {
                let (digits, point) = decimal_of(x);
                let (mut kept, carry) = round_digits(&digits, prec as i64 + 1);
                let mut e = if x.is_zero() { 0 } else { point - 1 };
                if carry {
                    kept[0] = 1;
                    e += 1;
                }
                let mut t = String::with_capacity(prec + 8);
                t.push(char::from(b'0' + kept[0]));
                if prec > 0 {
                    t.push('.');
                    t.extend(kept[1..].iter().map(|d| char::from(b'0' + d)));
                }
                let sign = if e < 0 { '-' } else { '+' };
                format!(
                    "{t}{}{sign}{:02}",
                    if upper { 'E' } else { 'e' },
                    e.unsigned_abs()
                )
            }
        }
    }

    /// The decimal exponent of a non-negative finite value before any rounding.
    fn exponent(self) -> i64 {
        match self {
            Fp::D(x) => format!("{x:e}")
                .rsplit_once('e')
                .and_then(|(_, e)| e.parse().ok())
                .unwrap_or(0),
            Fp::L(x) if x.is_zero() => 0,
            Fp::L(x) => decimal_of(x).1 - 1,
        }
    }

    fn hex(self, prec: Option<usize>, upper: bool) -> String {
        match self {
            Fp::D(x) => hex_float(x, prec, upper),
            Fp::L(x) => hex_long_double(x, prec, upper),
        }
    }
}

/// A `long double` in the fewest significant digits (`%Lg` style) that read back as it.
pub fn shortest_long_double(x: F80) -> String {
    let mut out = Vec::new();
    for n in 1..=21 {
        out.clear();
        let spec = Spec {
            prec: Some(n),
            ..Spec::default()
        };
        format_float(&mut out, &spec, b'g', Fp::L(x));
        let text = String::from_utf8_lossy(&out).into_owned();
        if !x.is_finite() || F80::parse(&text) == Some(x) {
            return text;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The exact decimal digits of a finite `long double` (zero: no digits, point 1).
fn decimal_of(x: F80) -> (Vec<u8>, i64) {
    if x.is_zero() {
        return (Vec::new(), 1);
    }
    let (mant, exp) = x.decompose();
    exact_decimal(mant, exp)
}

/// `%La` as glibc prints a `long double`: the 64-bit significand in 16 hex digits, the
/// first holding its top 4 bits (`1.0L` is `0x8p-3`).
fn hex_long_double(x: F80, prec: Option<usize>, upper: bool) -> String {
    let (mut mant, exp) = x.decompose();
    let mut exp = if x.is_zero() { 0 } else { exp + 60 };
    if let Some(p) = prec.filter(|&p| p < 15) {
        // Round to p fraction digits (half to even on the dropped bits).
        let drop = (15 - p) * 4;
        let rem = mant & ((1u64 << drop) - 1);
        let half = 1u64 << (drop - 1);
        let mut kept = u128::from(mant >> drop);
        if rem > half || (rem == half && kept & 1 == 1) {
            kept += 1;
        }
        if kept >> (p * 4) >= 16 {
            // The leading digit carried out: 0x10 becomes 0x1 with the exponent up by 4.
            kept >>= 4;
            exp += 4;
        }
        mant = (kept << drop) as u64;
    }
    let digits = format!("{mant:016x}");
    let (lead, frac) = digits.split_at(1);
    let frac = match prec {
        Some(p) if p <= 15 => frac[..p].to_string(),
        Some(p) => format!("{frac}{}", "0".repeat(p - 15)),
        None => frac.trim_end_matches('0').to_string(),
    };
    let t = format!(
        "0x{lead}{}{frac}p{}{}",
        if frac.is_empty() { "" } else { "." },
        if exp < 0 { '-' } else { '+' },
        exp.unsigned_abs()
    );
    if upper {
        t.to_uppercase()
    } else {
        t
    }
}

pub(super) fn format_float(out: &mut Vec<u8>, s: &Spec, conv: u8, x: Fp) {
    let upper = conv.is_ascii_uppercase();
    let sign = s.sign(x.is_sign_negative());
    if !x.is_finite() {
        let t = if x.is_nan() { "nan" } else { "inf" };
        let t = if upper {
            t.to_uppercase()
        } else {
            t.to_string()
        };
        let text = format!("{sign}{t}");
        pad_bytes(out, &Spec { zero: false, ..*s }, text.as_bytes());
        return;
    }
    let a = x.abs();
    let body = match conv {
        b'f' | b'F' => {
            let p = s.prec.unwrap_or(6);
            let mut t = a.fixed(p);
            if s.alt && p == 0 {
                t.push('.');
            }
            t
        }
        b'e' | b'E' => {
            let p = s.prec.unwrap_or(6);
            let mut t = a.exp_form(p, upper);
            if s.alt && p == 0 {
                if let Some(pos) = t.find(['e', 'E']) {
                    t.insert(pos, '.');
                }
            }
            t
        }
        b'g' | b'G' => {
            let p = match s.prec {
                None => 6,
                Some(0) => 1,
                Some(p) => p,
            };
            // The exponent after rounding to p significant digits.
            let e_text = a.exp_form(p - 1, false);
            let exp: i32 = e_text
                .rsplit_once('e')
                .and_then(|(_, e)| e.parse().ok())
                .unwrap_or(0);
            let t = if exp < -4 || i64::from(exp) >= p as i64 {
                // glibc quirk: when rounding carries into a new digit (999999.5 with P=6),
                // it keeps the fraction digits of the f-style it first chose, i.e. none.
                let x0 = a.exponent();
                if s.alt && !a.is_zero() && x0 == p as i64 - 1 && i64::from(exp) == p as i64 {
                    let mut t = a.exp_form(0, upper);
                    if let Some(pos) = t.find(['e', 'E']) {
                        t.insert(pos, '.');
                    }
                    t
                } else {
                    a.exp_form(p - 1, upper)
                }
            } else {
                a.fixed((p as i64 - 1 - i64::from(exp)).max(0) as usize)
            };
            if s.alt {
                if t.contains(['e', 'E']) || t.contains('.') {
                    t
                } else {
                    format!("{t}.")
                }
            } else {
                strip_trailing_zeros(&t)
            }
        }
        _ => a.hex(s.prec, upper),
    };
    let body_len = sign.len() + body.len();
    let pad = s.width.saturating_sub(body_len);
    if s.left {
        out.extend_from_slice(sign.as_bytes());
        out.extend_from_slice(body.as_bytes());
        out.extend(std::iter::repeat_n(b' ', pad));
    } else if s.zero {
        out.extend_from_slice(sign.as_bytes());
        let (prefix, rest) = if body.starts_with("0x") || body.starts_with("0X") {
            body.split_at(2)
        } else {
            ("", body.as_str())
        };
        out.extend_from_slice(prefix.as_bytes());
        out.extend(std::iter::repeat_n(b'0', pad));
        out.extend_from_slice(rest.as_bytes());
    } else {
        out.extend(std::iter::repeat_n(b' ', pad));
        out.extend_from_slice(sign.as_bytes());
        out.extend_from_slice(body.as_bytes());
    }
}

/// `%a`: hexadecimal floating point, as glibc prints doubles (`0x1.8p+1`).
fn hex_float(a: f64, prec: Option<usize>, upper: bool) -> String {
    let bits = a.to_bits();
    let mut exp = ((bits >> 52) & 0x7FF) as i32;
    let mut mant = bits & ((1u64 << 52) - 1);
    let lead;
    if exp == 0 {
        if mant == 0 {
            lead = 0;
        } else {
            lead = 0;
            exp = -1022;
        }
    } else {
        lead = 1;
        exp -= 1023;
    }
    if a == 0.0 {
        exp = 0;
    }
    let mut digits = format!("{mant:013x}");
    if let Some(p) = prec {
        if p < 13 {
            // Round to p hex digits (half to even on the dropped bits).
            let drop = (13 - p) * 4;
            let rem = mant & ((1u64 << drop) - 1);
            mant >>= drop;
            let half = 1u64 << (drop - 1);
            let mut lead_v = lead;
            if rem > half || (rem == half && mant & 1 == 1) {
                mant += 1;
                if p == 0 || mant >> (p * 4) != 0 {
                    if p > 0 {
                        mant &= (1u64 << (p * 4)) - 1;
                    } else {
                        mant = 0;
                    }
                    lead_v += 1;
                }
            }
            digits = if p == 0 {
                String::new()
            } else {
                format!("{:0width$x}", mant, width = p)
            };
            let s = format!(
                "0x{lead_v}{}{digits}p{}{}",
                if p > 0 { "." } else { "" },
                if exp < 0 { '-' } else { '+' },
                exp.unsigned_abs()
            );
            return if upper { s.to_uppercase() } else { s };
        }
        while digits.len() < p {
            digits.push('0');
        }
    } else {
        digits = digits.trim_end_matches('0').to_string();
    }
    let s = format!(
        "0x{lead}{}{digits}p{}{}",
        if digits.is_empty() { "" } else { "." },
        if exp < 0 { '-' } else { '+' },
        exp.unsigned_abs()
    );
    if upper {
        s.to_uppercase()
    } else {
        s
    }
}
