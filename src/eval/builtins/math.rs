//! `<ctype.h>`, `<math.h>` and `<time.h>` (a deterministic clock).

use super::*;
use crate::eval::wide::{join, parts};
use crate::num::{Integral, F80};

impl Machine {
    /// The math functions (see [`Machine::builtin`]).
    pub(super) fn math_builtin(&mut self, b: Builtin, base: usize, _nargs: usize) -> BResult {
        use Builtin as B;
        let site = self.user_site();
        Ok(match b {
            B::Isalnum
            | B::Isalpha
            | B::Isblank
            | B::Iscntrl
            | B::Isdigit
            | B::Isgraph
            | B::Islower
            | B::Isprint
            | B::Ispunct
            | B::Isspace
            | B::Isupper
            | B::Isxdigit => {
                let c = self.int_arg(base, 0);
                let ch = if (0..=255).contains(&c) {
                    Some(c as u8)
                } else {
                    None
                };
                let r = ch.is_some_and(|ch| match b {
                    B::Isalnum => ch.is_ascii_alphanumeric(),
                    B::Isalpha => ch.is_ascii_alphabetic(),
                    B::Isblank => ch == b' ' || ch == b'\t',
                    B::Iscntrl => ch < 32 || ch == 127,
                    B::Isdigit => ch.is_ascii_digit(),
                    B::Isgraph => ch.is_ascii_graphic(),
                    B::Islower => ch.is_ascii_lowercase(),
                    B::Isprint => ch.is_ascii_graphic() || ch == b' ',
                    B::Ispunct => ch.is_ascii_punctuation(),
                    B::Isspace => matches!(ch, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c),
                    B::Isupper => ch.is_ascii_uppercase(),
                    _ => ch.is_ascii_hexdigit(),
                });
                // glibc returns the table's bit, not 1; programs only test it for zero,
                // but printing it shows glibc's values.
                let bit: u64 = match b {
                    B::Isalnum => 8,
                    B::Isalpha => 1024,
                    B::Isblank => 1,
                    B::Iscntrl => 2,
                    B::Isdigit => 2048,
                    B::Isgraph => 32768,
                    B::Islower => 512,
                    B::Isprint => 16384,
                    B::Ispunct => 4,
                    B::Isspace => 8192,
                    B::Isupper => 256,
                    _ => 4096,
                };
                if r {
                    bit
                } else {
                    0
                }
            }
            B::Tolower | B::Toupper => {
                let c = self.int_arg(base, 0);
                let r = if (0..=255).contains(&c) {
                    let ch = c as u8;
                    i32::from(if b == B::Tolower {
                        ch.to_ascii_lowercase()
                    } else {
                        ch.to_ascii_uppercase()
                    })
                } else {
                    c
                };
                r as i64 as u64
            }
            B::Sqrt => self.f64_arg(base, 0).sqrt().to_bits(),
            B::Pow => self.f64_arg(base, 0).powf(self.f64_arg(base, 1)).to_bits(),
            B::Fabs => self.f64_arg(base, 0).abs().to_bits(),
            B::Floor => self.f64_arg(base, 0).floor().to_bits(),
            B::Ceil => self.f64_arg(base, 0).ceil().to_bits(),
            B::Round => self.f64_arg(base, 0).round().to_bits(),
            B::Trunc => self.f64_arg(base, 0).trunc().to_bits(),
            B::Fmod => (self.f64_arg(base, 0) % self.f64_arg(base, 1)).to_bits(),
            B::Exp => self.f64_arg(base, 0).exp().to_bits(),
            B::Log => self.f64_arg(base, 0).ln().to_bits(),
            B::Log10 => self.f64_arg(base, 0).log10().to_bits(),
            B::Log2 => self.f64_arg(base, 0).log2().to_bits(),
            B::Sin => self.f64_arg(base, 0).sin().to_bits(),
            B::Cos => self.f64_arg(base, 0).cos().to_bits(),
            B::Tan => self.f64_arg(base, 0).tan().to_bits(),
            B::Asin => self.f64_arg(base, 0).asin().to_bits(),
            B::Acos => self.f64_arg(base, 0).acos().to_bits(),
            B::Atan => self.f64_arg(base, 0).atan().to_bits(),
            B::Atan2 => self.f64_arg(base, 0).atan2(self.f64_arg(base, 1)).to_bits(),
            B::Sinh => self.f64_arg(base, 0).sinh().to_bits(),
            B::Cosh => self.f64_arg(base, 0).cosh().to_bits(),
            B::Tanh => self.f64_arg(base, 0).tanh().to_bits(),
            B::Hypot => self.f64_arg(base, 0).hypot(self.f64_arg(base, 1)).to_bits(),
            B::Cbrt => self.f64_arg(base, 0).cbrt().to_bits(),
            B::Fmin => self.f64_arg(base, 0).min(self.f64_arg(base, 1)).to_bits(),
            B::Fmax => self.f64_arg(base, 0).max(self.f64_arg(base, 1)).to_bits(),
            B::Lround => {
                crate::eval::convert::float_to_int_x86(self.f64_arg(base, 0).round(), Scalar::I64)
            }
            B::Isnan => u64::from(self.f64_arg(base, 0).is_nan()),
            B::Isinf => {
                let x = self.f64_arg(base, 0);
                if x.is_infinite() {
                    if x > 0.0 {
                        1
                    } else {
                        (-1i64) as u64
                    }
                } else {
                    0
                }
            }
            B::Time => {
                // Deterministic: every run sees the same clock (2000-01-01 00:00:00 UTC).
                let t = 946_684_800u64;
                let p = self.ptr_arg(base, 0);
                if !p.is_null() {
                    self.mem
                        .store(p, Scalar::I64, t, site)
                        .map_err(mem_err(b, true))?;
                }
                t
            }
            B::Clock => (self.limits.max_steps - self.steps_left) / 1000,
            _ if b.is_long_double_math() => {
                let r = self.long_double_math(b, base);
                // The result goes to the wide register of the result.
                self.set_xreg(base, r);
                0
            }
            _ if b.is_complex_math() => self.complex_math(b, base),
            // The rest are the `float` functions (`float_math` says if one is not).
            _ => self.float_math(b, base),
        })
    }

    /// The `long double` functions. Those with an exact result (square root, rounding,
    /// `fmodl`, `fabsl`, `fminl`, `fmaxl`) are exact in the 80-bit format; the
    /// transcendental ones are computed in double precision and widened, so their digits
    /// past the 16th may differ from glibc's.
    fn long_double_math(&self, b: Builtin, base: usize) -> F80 {
        use Builtin as B;
        let x = self.xreg(base);
        let y = || self.xreg(base + 1);
        let via_f64 = |f: fn(f64) -> f64| F80::from_f64(f(x.to_f64()));
        let via_f64_2 = |f: fn(f64, f64) -> f64| F80::from_f64(f(x.to_f64(), y().to_f64()));
        match b {
            B::Sqrtl => x.sqrt(),
            B::Fabsl => x.abs(),
            B::Floorl => x.integral(Integral::Floor),
            B::Ceill => x.integral(Integral::Ceil),
            B::Roundl => x.integral(Integral::Round),
            B::Truncl => x.integral(Integral::Trunc),
            B::Fmodl => x.fmod(y()),
            B::Fminl | B::Fmaxl => {
                let y = y();
                let pick_x = match x.compare(y) {
                    _ if y.is_nan() => true,
                    _ if x.is_nan() => false,
                    Some(std::cmp::Ordering::Less) => b == B::Fminl,
                    _ => b == B::Fmaxl,
                };
                if pick_x {
                    x
                } else {
                    y
                }
            }
            B::Expl => via_f64(f64::exp),
            B::Logl => via_f64(f64::ln),
            B::Log10l => via_f64(f64::log10),
            B::Log2l => via_f64(f64::log2),
            B::Sinl => via_f64(f64::sin),
            B::Cosl => via_f64(f64::cos),
            B::Tanl => via_f64(f64::tan),
            B::Asinl => via_f64(f64::asin),
            B::Acosl => via_f64(f64::acos),
            B::Atanl => via_f64(f64::atan),
            B::Sinhl => via_f64(f64::sinh),
            B::Coshl => via_f64(f64::cosh),
            B::Tanhl => via_f64(f64::tanh),
            B::Cbrtl => via_f64(f64::cbrt),
            B::Powl => via_f64_2(f64::powf),
            B::Atan2l => via_f64_2(f64::atan2),
            B::Hypotl => via_f64_2(f64::hypot),
            _ => crate::bug!("`{}` is not a long double math function", b.name()),
        }
    }

    /// The `float` functions: they compute in `float`, as glibc's do (libm's own
    /// single-precision routines, not the double ones rounded).
    fn float_math(&self, b: Builtin, base: usize) -> u64 {
        use Builtin as B;
        let x = f32::from_bits(self.arg(base, 0) as u32);
        let y = || f32::from_bits(self.arg(base, 1) as u32);
        let r = match b {
            B::Sqrtf => x.sqrt(),
            B::Fabsf => x.abs(),
            B::Floorf => x.floor(),
            B::Ceilf => x.ceil(),
            B::Powf => x.powf(y()),
            B::Roundf => x.round(),
            B::Truncf => x.trunc(),
            B::Fmodf => x % y(),
            B::Expf => x.exp(),
            B::Logf => x.ln(),
            B::Log10f => x.log10(),
            B::Log2f => x.log2(),
            B::Sinf => x.sin(),
            B::Cosf => x.cos(),
            B::Tanf => x.tan(),
            B::Asinf => x.asin(),
            B::Acosf => x.acos(),
            B::Atanf => x.atan(),
            B::Atan2f => x.atan2(y()),
            B::Sinhf => x.sinh(),
            B::Coshf => x.cosh(),
            B::Tanhf => x.tanh(),
            B::Hypotf => x.hypot(y()),
            B::Cbrtf => x.cbrt(),
            B::Fminf => x.min(y()),
            B::Fmaxf => x.max(y()),
            _ => crate::bug!("`{}` is not a float math function", b.name()),
        };
        u64::from(r.to_bits())
    }

    /// The `<complex.h>` functions: a complex result goes to the wide register of the
    /// result, a real one is returned.
    fn complex_math(&mut self, b: Builtin, base: usize) -> u64 {
        use Builtin as B;
        let single = matches!(b, B::Crealf | B::Cimagf | B::Cabsf | B::Cargf | B::Conjf);
        let sc = if single { Scalar::C32 } else { Scalar::C64 };
        let (re, im) = parts(self.xreg(base).0, sc);
        let real = |v: f64| {
            if single {
                u64::from((v as f32).to_bits())
            } else {
                v.to_bits()
            }
        };
        let z = match b {
            B::Creal | B::Crealf => return real(re),
            B::Cimag | B::Cimagf => return real(im),
            // In float, as glibc's `cabsf` and `cargf` compute.
            B::Cabsf => return u64::from((re as f32).hypot(im as f32).to_bits()),
            B::Cargf => return u64::from((im as f32).atan2(re as f32).to_bits()),
            B::Cabs => return re.hypot(im).to_bits(),
            B::Carg => return im.atan2(re).to_bits(),
            B::Conj | B::Conjf => (re, -im),
            B::Cproj if re.is_infinite() || im.is_infinite() => (f64::INFINITY, 0f64.copysign(im)),
            B::Cproj => (re, im),
            B::Csqrt => csqrt(re, im),
            B::Cexp => cexp(re, im),
            B::Clog => clog(re, im),
            _ => {
                let (c, d) = parts(self.xreg(base + 1).0, Scalar::C64);
                let (lr, li) = clog(re, im);
                let (x, y) = crate::num::complex::mul_f64(c, d, lr, li);
                cexp(x, y)
            }
        };
        self.set_xreg(base, F80(join(z.0, z.1, sc)));
        0
    }
}

/// `csqrt` as glibc computes it for finite arguments (the root with a non-negative real
/// part; the identity `2 Re Im = Im z` avoids cancellation).
fn csqrt(re: f64, im: f64) -> (f64, f64) {
    if re.is_nan() || im.is_nan() || re.is_infinite() || im.is_infinite() {
        if im.is_infinite() {
            return (f64::INFINITY, im);
        }
        if re == f64::NEG_INFINITY {
            return (
                if im.is_nan() { f64::NAN } else { 0.0 },
                f64::INFINITY.copysign(im),
            );
        }
        if re == f64::INFINITY {
            return (
                re,
                if im.is_nan() {
                    f64::NAN
                } else {
                    0f64.copysign(im)
                },
            );
        }
        return (f64::NAN, f64::NAN);
    }
    if im == 0.0 {
        return if re < 0.0 {
            (0.0, (-re).sqrt().copysign(im))
        } else {
            (re.sqrt().abs(), 0f64.copysign(im))
        };
    }
    if re == 0.0 {
        let r = (0.5 * im.abs()).sqrt();
        return (r, r.copysign(im));
    }
    let d = re.hypot(im);
    let (r, s) = if re > 0.0 {
        let r = (0.5 * (d + re)).sqrt();
        (r, 0.5 * (im / r))
    } else {
        let s = (0.5 * (d - re)).sqrt();
        ((0.5 * (im / s)).abs(), s)
    };
    (r, s.copysign(im))
}

/// `cexp` as glibc computes it for finite arguments: `exp(re) (cos im + i sin im)`.
fn cexp(re: f64, im: f64) -> (f64, f64) {
    let (sin, cos) = if im.abs() > f64::MIN_POSITIVE {
        im.sin_cos()
    } else {
        (im, 1.0)
    };
    let e = re.exp();
    (e * cos, e * sin)
}

/// `clog`: `log |z| + i arg z`, with `log1p` where `|z|` is near 1, as glibc does.
fn clog(re: f64, im: f64) -> (f64, f64) {
    let arg = im.atan2(re);
    let (x, y) = if re.abs() >= im.abs() {
        (re.abs(), im.abs())
    } else {
        (im.abs(), re.abs())
    };
    let real = if x == 1.0 {
        (y * y).ln_1p() / 2.0
    } else if x > 1.0 && x < 2.0 && y < 1.0 {
        let mut d2m1 = (x - 1.0) * (x + 1.0);
        if y >= f64::EPSILON {
            d2m1 += y * y;
        }
        d2m1.ln_1p() / 2.0
    } else if (0.5..1.0).contains(&x) && y < f64::EPSILON / 2.0 {
        ((x - 1.0) * (x + 1.0)).ln_1p() / 2.0
    } else if (0.5..1.0).contains(&x) && x * x + y * y >= 0.5 {
        x.mul_add(x, -1.0).mul_add(1.0, y * y).ln_1p() / 2.0
    } else {
        x.hypot(y).ln()
    };
    (real, arg)
}
