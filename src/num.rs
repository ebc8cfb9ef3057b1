//! `long double` as gcc has it on x86-64: the x87 80-bit extended format (64-bit
//! significand with an explicit integer bit, 15-bit exponent), stored in 16 bytes of which
//! the first 10 hold the value.
//!
//! Arithmetic and conversions are exact IEEE operations in that format (round to nearest,
//! ties to even: the x87 control word gcc's programs run with), done by `rustc_apfloat`,
//! the software floating point rustc itself uses for constant evaluation. The decimal
//! expansion printf needs is exact too ([`exact_decimal`]), so `%.30Lf` prints the digits
//! glibc prints.
//!
//! [`complex`] is `_Complex` multiplication and division as libgcc does them.
//!
//! This module is at the bottom of the layers: the checker folds constants with it, the
//! runtime computes with it.

use std::cmp::Ordering;

use rustc_apfloat::ieee::{Double, Single, X87DoubleExtended as X87};
use rustc_apfloat::{Float, FloatConvert, Round};

/// A `long double` value: the 80 bits of the x87 format in the low bits (bytes 0..10 of
/// the object, little-endian, as in memory).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct F80(pub u128);

/// The bytes of a `long double` object that hold its value (the other 6 are padding).
pub const F80_BYTES: usize = 10;

/// The NaN x87 arithmetic makes from operands that are not NaN (the "real indefinite":
/// negative, so glibc prints it as `-nan`, as it prints gcc's `0.0L / 0.0L`).
const INDEFINITE: u128 = 0xFFFF_C000_0000_0000_0000;

impl F80 {
    pub const ZERO: F80 = F80(0);

    fn x(self) -> X87 {
        X87::from_bits(self.0 & ((1u128 << 80) - 1))
    }

    fn of(x: X87) -> F80 {
        F80(x.to_bits())
    }

    /// An operation's result: a NaN made from operands that were not NaN is the x87's.
    fn result(self, o: F80, r: X87) -> F80 {
        if r.is_nan() && !self.is_nan() && !o.is_nan() {
            F80(INDEFINITE)
        } else {
            F80::of(r)
        }
    }

    pub fn from_f64(f: f64) -> F80 {
        let d = Double::from_bits(u128::from(f.to_bits()));
        F80::of(d.convert(&mut false).value)
    }

    pub fn from_f32(f: f32) -> F80 {
        let s = Single::from_bits(u128::from(f.to_bits()));
        F80::of(s.convert(&mut false).value)
    }

    pub fn from_i64(v: i64) -> F80 {
        F80::of(X87::from_i128(i128::from(v)).value)
    }

    pub fn from_u64(v: u64) -> F80 {
        F80::of(X87::from_u128(u128::from(v)).value)
    }

    /// Rounded to the nearest double (ties to even), as `fstpl` does.
    pub fn to_f64(self) -> f64 {
        let d: Double = self.x().convert(&mut false).value;
        f64::from_bits(d.to_bits() as u64)
    }

    pub fn to_f32(self) -> f32 {
        let s: Single = self.x().convert(&mut false).value;
        f32::from_bits(s.to_bits() as u32)
    }

    /// Truncated toward zero to a signed integer of `width` bits; NaN and values out of
    /// range give the "integer indefinite" (the lowest value), as `fisttp` does.
    pub fn to_i64(self, width: usize) -> i64 {
        let r = self.x().to_i128(width);
        if r.status.contains(rustc_apfloat::Status::INVALID_OP) {
            return i64::MIN >> (64 - width);
        }
        r.value as i64
    }

    /// Truncated toward zero to `u64` as gcc's code does it: below 2^63 through a signed
    /// conversion, from 2^63 by subtracting 2^63 first; out of range gives 2^63.
    pub fn to_u64(self) -> u64 {
        let two63 = F80::from_u64(1 << 63);
        if self.compare(two63) == Some(Ordering::Less) {
            self.to_i64(64) as u64
        } else {
            ((self - two63).to_i64(64) as u64) ^ (1 << 63)
        }
    }

    pub fn abs(self) -> F80 {
        F80(self.0 & !(1 << 79))
    }

    /// `None` when either is NaN (every comparison but `!=` is false).
    pub fn compare(self, o: F80) -> Option<Ordering> {
        self.x().partial_cmp(&o.x())
    }

    pub fn is_nan(self) -> bool {
        self.x().is_nan()
    }

    pub fn is_infinite(self) -> bool {
        self.x().is_infinite()
    }

    pub fn is_finite(self) -> bool {
        !self.is_nan() && !self.is_infinite()
    }

    pub fn is_zero(self) -> bool {
        self.x().is_zero()
    }

    pub fn is_sign_negative(self) -> bool {
        self.0 >> 79 & 1 == 1
    }

    /// Whether it is not zero (C's truth of a value; NaN is true).
    pub fn truth(self) -> bool {
        !self.is_zero()
    }

    /// A floating constant's text without its suffix (decimal or hexadecimal), rounded
    /// to nearest.
    pub fn parse(text: &str) -> Option<F80> {
        X87::from_str_r(text, Round::NearestTiesToEven)
            .ok()
            .map(|r| F80::of(r.value))
    }

    /// The significand (with its integer bit) and the power of two it is scaled by, of a
    /// finite value: `|x| = mant * 2^exp`.
    pub fn decompose(self) -> (u64, i32) {
        let mant = self.0 as u64;
        let biased = (self.0 >> 64) as i32 & 0x7FFF;
        (mant, biased.max(1) - 16383 - 63)
    }

    /// `mant * 2^exp`, rounded to nearest (exact when `mant` fits 64 bits and the result
    /// is in range).
    pub fn from_parts(mant: u128, exp: i32) -> F80 {
        let m = X87::from_u128(mant).value;
        F80::of(m.scalbn(exp as rustc_apfloat::ExpInt))
    }

    /// Correctly rounded square root (the x87 `fsqrt`).
    pub fn sqrt(self) -> F80 {
        if self.is_nan() || self.is_zero() || (self.is_infinite() && !self.is_sign_negative()) {
            return self;
        }
        if self.is_sign_negative() {
            return F80(INDEFINITE);
        }
        let (mut mant, mut exp) = self.decompose();
        // Normalise (a subnormal has leading zeros).
        let lz = mant.leading_zeros();
        mant <<= lz;
        exp -= lz as i32;
        // R = mant * 2^s with 127 or 128 bits and exp - s even: sqrt(x) = sqrt(R) * 2^((exp - s) / 2).
        let s = if (exp - 64).rem_euclid(2) == 0 {
            64
        } else {
            63
        };
        let r = u128::from(mant) << s;
        let q = r.isqrt();
        let rem = r - q * q;
        // sqrt(R) > q + 1/2 exactly when R - q^2 > q (no ties: (q + 1/2)^2 is not an integer).
        let q = if rem > q { q + 1 } else { q };
        F80::from_parts(q, (exp - s) / 2)
    }

    /// Rounded to an integral value: `Floor`, `Ceil`, `Trunc`, or `Round` (half away from zero).
    pub fn integral(self, how: Integral) -> F80 {
        let round = match how {
            Integral::Floor => Round::TowardNegative,
            Integral::Ceil => Round::TowardPositive,
            Integral::Trunc => Round::TowardZero,
            Integral::Round => Round::NearestTiesToAway,
        };
        F80::of(self.x().round_to_integral(round).value)
    }

    /// C's `fmodl`.
    pub fn fmod(self, o: F80) -> F80 {
        self.result(o, self.x().c_fmod(o.x()).value)
    }

    /// `x * 2^n`.
    pub fn scale(self, n: i32) -> F80 {
        F80::of(self.x().scalbn(n as rustc_apfloat::ExpInt))
    }

    /// `frexpl`: a fraction in [0.5, 1) and the power of two.
    pub fn frexp(self) -> (F80, i32) {
        let mut e: rustc_apfloat::ExpInt = 0;
        let f = self.x().frexp(&mut e);
        (F80::of(f), e as i32)
    }
}

macro_rules! ops {
    ($($tr:ident $f:ident $op:tt),*) => {$(
        impl std::ops::$tr for F80 {
            type Output = F80;
            fn $f(self, o: F80) -> F80 {
                self.result(o, (self.x() $op o.x()).value)
            }
        }
    )*};
}
ops!(Add add +, Sub sub -, Mul mul *, Div div /);

impl std::ops::Neg for F80 {
    type Output = F80;
    fn neg(self) -> F80 {
        F80(self.0 ^ (1 << 79))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Integral {
    Floor,
    Ceil,
    Trunc,
    Round,
}

/// The exact decimal expansion of `mant * 2^exp` (`mant` not zero): its digits (no
/// leading zero) and the position of the decimal point (`point` digits before it; may be
/// negative or past the end).
pub fn exact_decimal(mant: u64, exp: i32) -> (Vec<u8>, i64) {
    // Base 10^9 limbs, least significant first.
    const BASE: u64 = 1_000_000_000;
    let mut limbs: Vec<u64> = Vec::new();
    let mut m = mant;
    while m > 0 {
        limbs.push(m % BASE);
        m /= BASE;
    }
    let mul = |limbs: &mut Vec<u64>, k: u64| {
        let mut carry = 0u64;
        for l in limbs.iter_mut() {
            let v = *l * k + carry;
            *l = v % BASE;
            carry = v / BASE;
        }
        while carry > 0 {
            limbs.push(carry % BASE);
            carry /= BASE;
        }
    };
    // mant * 2^exp = mant * 5^-exp / 10^-exp when exp < 0.
    let (base, chunk, per) = if exp >= 0 {
        (2u64, 1u64 << 30, 30)
    } else {
        (5u64, 1_220_703_125, 13)
    };
    let mut n = exp.unsigned_abs();
    while n >= per {
        mul(&mut limbs, chunk);
        n -= per;
    }
    if n > 0 {
        mul(&mut limbs, base.pow(n));
    }
    let mut digits = Vec::with_capacity(limbs.len() * 9);
    for (i, l) in limbs.iter().rev().enumerate() {
        let text = if i == 0 {
            l.to_string()
        } else {
            format!("{l:09}")
        };
        digits.extend(text.bytes().map(|b| b - b'0'));
    }
    let point = digits.len() as i64
        - if exp < 0 {
            i64::from(exp.unsigned_abs())
        } else {
            0
        };
    while digits.last() == Some(&0) {
        digits.pop();
    }
    (digits, point)
}

/// About how many limb operations [`exact_decimal`] does for a value scaled by `2^exp`
/// (it grows with the square of the exponent: printing `1e-4900L` takes a few
/// milliseconds), for charging the work to a program's step budget.
pub fn decimal_work(exp: i32) -> u64 {
    let n = u64::from(exp.unsigned_abs());
    let (iters, limbs) = if exp >= 0 {
        (n / 30, n * 34 / 1000)
    } else {
        (n / 13, n * 78 / 1000)
    };
    iters * (limbs + 3) / 2
}

/// The first `keep` digits of `digits` rounded to nearest, ties to even, on what follows;
/// `true` when rounding carried out of them (they became all zeros, with a 1 before).
pub fn round_digits(digits: &[u8], keep: i64) -> (Vec<u8>, bool) {
    if keep < 0 {
        return (Vec::new(), false);
    }
    let keep = keep as usize;
    if keep >= digits.len() {
        let mut v = digits.to_vec();
        v.resize(keep, 0);
        return (v, false);
    }
    let mut kept = digits[..keep].to_vec();
    let next = digits[keep];
    let rest_nonzero = digits[keep + 1..].iter().any(|&d| d != 0);
    let odd = kept.last().is_some_and(|d| d % 2 == 1);
    let up = next > 5 || (next == 5 && (rest_nonzero || odd));
    if !up {
        return (kept, false);
    }
    for d in kept.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return (kept, false);
        }
    }
    (kept, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(x: F80) -> String {
        let (m, e) = x.decompose();
        let (d, p) = exact_decimal(m, e);
        let s: String = d.iter().map(|d| char::from(b'0' + d)).collect();
        format!("0.{s}e{p}")
    }

    #[test]
    fn arithmetic_is_the_x87s() {
        let third = F80::from_i64(1) / F80::from_i64(3);
        // 1/3 in 64 bits of significand: 0xAAAAAAAAAAAAAAAB * 2^-65.
        assert_eq!(third.decompose(), (0xAAAA_AAAA_AAAA_AAAB, -65));
        assert_eq!(
            F80::parse("0.1").map(|x| x.0),
            Some(0x3FFB_CCCC_CCCC_CCCC_CCCD)
        );
        assert_eq!(F80::from_f64(0.5).to_f64(), 0.5);
        assert_eq!(F80::from_i64(-7).to_i64(32), -7);
        assert_eq!(F80::from_f64(1e30).to_i64(32), i64::from(i32::MIN));
        assert_eq!(F80::from_f64(1.8e19).to_u64(), 18_000_000_000_000_000_000);
        let nan = F80::ZERO / F80::ZERO;
        assert!(nan.is_nan() && nan.is_sign_negative());
    }

    #[test]
    fn square_roots_are_correctly_rounded() {
        assert_eq!(F80::from_i64(4).sqrt(), F80::from_i64(2));
        // sqrt(2) = 0xB504F333F9DE6484|597D89B3... * 2^-63: rounds down.
        assert_eq!(
            F80::from_i64(2).sqrt().decompose(),
            (0xB504_F333_F9DE_6484, -63)
        );
        assert!(F80::from_i64(-1).sqrt().is_nan());
    }

    #[test]
    fn decimal_expansions_are_exact() {
        assert_eq!(show(F80::from_f64(0.5)), "0.5e0");
        assert_eq!(show(F80::from_i64(1000)), "0.1e4");
        assert_eq!(show(F80::from_f64(0.375)), "0.375e0");
        assert_eq!(
            show(F80::from_f64(0.01)),
            "0.1000000000000000020816681711721685132943093776702880859375e-1"
        );
        assert_eq!(round_digits(&[1, 2, 5], 2), (vec![1, 2], false));
        assert_eq!(round_digits(&[1, 3, 5], 2), (vec![1, 4], false));
        assert_eq!(round_digits(&[9, 9, 7], 2), (vec![0, 0], true));
        assert_eq!(round_digits(&[5], 0), (vec![], false));
        assert_eq!(round_digits(&[5, 1], 0), (vec![], true));
    }
}

/// Complex arithmetic as gcc's code does it on x86-64: `*` and `/` are libgcc's
/// `__muldc3`/`__divdc3` (and `__mulsc3`/`__divsc3` for `float _Complex`), with their
/// recovery of infinities that the plain formulas turn into NaN.
pub mod complex {
    macro_rules! mul {
        ($name:ident, $t:ty) => {
            pub fn $name(a: $t, b: $t, c: $t, d: $t) -> ($t, $t) {
                let (ac, bd, ad, bc) = (a * c, b * d, a * d, b * c);
                let (x, y) = (ac - bd, ad + bc);
                if !(x.is_nan() && y.is_nan()) {
                    return (x, y);
                }
                let (mut a, mut b, mut c, mut d) = (a, b, c, d);
                let boxed = |v: $t| (if v.is_infinite() { 1.0 } else { 0.0 } as $t).copysign(v);
                let zero_nan = |v: $t| {
                    if v.is_nan() {
                        (0.0 as $t).copysign(v)
                    } else {
                        v
                    }
                };
                let mut recalc = false;
                if a.is_infinite() || b.is_infinite() {
                    (a, b) = (boxed(a), boxed(b));
                    (c, d) = (zero_nan(c), zero_nan(d));
                    recalc = true;
                }
                if c.is_infinite() || d.is_infinite() {
                    (c, d) = (boxed(c), boxed(d));
                    (a, b) = (zero_nan(a), zero_nan(b));
                    recalc = true;
                }
                if !recalc
                    && (ac.is_infinite()
                        || bd.is_infinite()
                        || ad.is_infinite()
                        || bc.is_infinite())
                {
                    (a, b, c, d) = (zero_nan(a), zero_nan(b), zero_nan(c), zero_nan(d));
                    recalc = true;
                }
                if recalc {
                    (
                        <$t>::INFINITY * (a * c - b * d),
                        <$t>::INFINITY * (a * d + b * c),
                    )
                } else {
                    (x, y)
                }
            }
        };
    }
    mul!(mul_f64, f64);
    mul!(mul_f32, f32);

    /// The infinities and zeros `__div?c3` recovers when the quotient came out NaN + iNaN.
    macro_rules! recover_div {
        ($t:ty, $a:expr, $b:expr, $c:expr, $d:expr, $x:expr, $y:expr) => {{
            let (a, b, c, d, x, y): ($t, $t, $t, $t, $t, $t) = ($a, $b, $c, $d, $x, $y);
            let boxed = |v: $t| (if v.is_infinite() { 1.0 } else { 0.0 } as $t).copysign(v);
            if !(x.is_nan() && y.is_nan()) {
                (x, y)
            } else if c == 0.0 && d == 0.0 && (!a.is_nan() || !b.is_nan()) {
                let inf = <$t>::INFINITY.copysign(c);
                (inf * a, inf * b)
            } else if (a.is_infinite() || b.is_infinite()) && c.is_finite() && d.is_finite() {
                let (a, b) = (boxed(a), boxed(b));
                (
                    <$t>::INFINITY * (a * c + b * d),
                    <$t>::INFINITY * (b * c - a * d),
                )
            } else if (c.is_infinite() || d.is_infinite()) && a.is_finite() && b.is_finite() {
                let (c, d) = (boxed(c), boxed(d));
                (0.0 * (a * c + b * d), 0.0 * (b * c - a * d))
            } else {
                (x, y)
            }
        }};
    }

    /// `__divdc3` (GCC 12): Smith's method with scaling against overflow and underflow.
    pub fn div_f64(a: f64, b: f64, c: f64, d: f64) -> (f64, f64) {
        const RBIG: f64 = f64::MAX / 2.0;
        const RMIN: f64 = f64::MIN_POSITIVE;
        const RMIN2: f64 = f64::EPSILON;
        const RMINSCAL: f64 = 1.0 / f64::EPSILON;
        const RMAX2: f64 = RBIG * RMIN2;
        let (mut a, mut b, mut c, mut d) = (a, b, c, d);
        let (x, y);
        if c.abs() < d.abs() {
            if d.abs() >= RBIG {
                (a, b, c, d) = (a / 2.0, b / 2.0, c / 2.0, d / 2.0);
            }
            if d.abs() < RMIN2
                || ((a.abs() < RMIN && b.abs() < RMAX2 && d.abs() < RMAX2)
                    || (b.abs() < RMIN && a.abs() < RMAX2 && d.abs() < RMAX2))
            {
                (a, b, c, d) = (a * RMINSCAL, b * RMINSCAL, c * RMINSCAL, d * RMINSCAL);
            }
            let ratio = c / d;
            let denom = c * ratio + d;
            if ratio.abs() > RMIN {
                x = (a * ratio + b) / denom;
                y = (b * ratio - a) / denom;
            } else {
                x = (c * (a / d) + b) / denom;
                y = (c * (b / d) - a) / denom;
            }
        } else {
            if c.abs() >= RBIG {
                (a, b, c, d) = (a / 2.0, b / 2.0, c / 2.0, d / 2.0);
            }
            if c.abs() < RMIN2
                || ((a.abs() < RMIN && b.abs() < RMAX2 && c.abs() < RMAX2)
                    || (b.abs() < RMIN && a.abs() < RMAX2 && c.abs() < RMAX2))
            {
                (a, b, c, d) = (a * RMINSCAL, b * RMINSCAL, c * RMINSCAL, d * RMINSCAL);
            }
            let ratio = d / c;
            let denom = d * ratio + c;
            if ratio.abs() > RMIN {
                x = (b * ratio + a) / denom;
                y = (b - a * ratio) / denom;
            } else {
                x = (a + d * (b / c)) / denom;
                y = (b - d * (a / c)) / denom;
            }
        }
        recover_div!(f64, a, b, c, d, x, y)
    }

    /// `__divsc3` where the hardware has doubles: the plain formula, computed in double.
    pub fn div_f32(a: f32, b: f32, c: f32, d: f32) -> (f32, f32) {
        let (aa, bb, cc, dd) = (f64::from(a), f64::from(b), f64::from(c), f64::from(d));
        let denom = cc * cc + dd * dd;
        let x = ((aa * cc + bb * dd) / denom) as f32;
        let y = ((bb * cc - aa * dd) / denom) as f32;
        recover_div!(f32, a, b, c, d, x, y)
    }
}
