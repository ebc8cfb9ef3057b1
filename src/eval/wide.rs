//! The instructions of wide values (`long double`, `float _Complex`, `double _Complex`)
//! and the wide register file they work on.
//!
//! A frame's wide register `r` is `xregs[bp + r]`: the same window as its registers, so
//! a call's arguments and result line up in both files without copying. The file is
//! allocated when a program first uses it (most programs never do).

use super::convert::float_to_int_x86;
use super::vm::{Machine, Trap, REG_FILE};
use crate::bytecode::insn::Insn;
use crate::mem::{Pointer, Scalar, Site};
use std::cmp::Ordering;

use crate::num::{complex, F80};

impl Machine {
    /// The wide register at absolute index `i` (a frame's `bp + r`).
    pub(crate) fn xreg(&self, i: usize) -> F80 {
        F80(self.xregs.get(i & (REG_FILE - 1)).copied().unwrap_or(0))
    }

    pub(crate) fn set_xreg(&mut self, i: usize, v: F80) {
        if self.xregs.is_empty() {
            self.xregs = vec![0; REG_FILE];
        }
        self.xregs[i & (REG_FILE - 1)] = v.0;
    }

    /// Runs one wide instruction of the frame at `bp` (see `Insn::ConstX` and after).
    #[cold]
    pub(crate) fn wide_insn(&mut self, insn: Insn, bp: usize, site: Site) -> Result<(), Trap> {
        let reg = |r: u16| bp + r as usize;
        let x = |m: &Machine, r: u16| m.xreg(reg(r));
        let int = |m: &Machine, r: u16| m.regs[reg(r) & (REG_FILE - 1)];
        let set_int = |m: &mut Machine, r: u16, v: u64| m.regs[reg(r) & (REG_FILE - 1)] = v;
        match insn {
            Insn::ConstX { d, k } => {
                let v = self.prog.wide_consts.get(k as usize).copied().unwrap_or(0);
                self.set_xreg(reg(d), F80(v));
            }
            Insn::MovX { d, s } => self.set_xreg(reg(d), x(self, s)),
            Insn::AddX { d, a, b, sc }
            | Insn::SubX { d, a, b, sc }
            | Insn::MulX { d, a, b, sc }
            | Insn::DivX { d, a, b, sc } => {
                let (p, q) = (x(self, a), x(self, b));
                let r = if sc == Scalar::F80 {
                    match insn {
                        Insn::AddX { .. } => p + q,
                        Insn::SubX { .. } => p - q,
                        Insn::MulX { .. } => p * q,
                        _ => p / q,
                    }
                } else {
                    F80(complex_op(insn, p.0, q.0, sc))
                };
                self.set_xreg(reg(d), r);
            }
            Insn::NegX { d, s, sc } => {
                let v = x(self, s);
                let r = match sc {
                    Scalar::F80 => -v,
                    Scalar::C32 => F80(v.0 ^ (1 << 31 | 1 << 63)),
                    _ => F80(v.0 ^ (1 << 63 | 1 << 127)),
                };
                self.set_xreg(reg(d), r);
            }
            Insn::EqX { d, a, b, sc } | Insn::NeX { d, a, b, sc } => {
                let (p, q) = (x(self, a), x(self, b));
                let eq = if sc == Scalar::F80 {
                    p.compare(q) == Some(Ordering::Equal)
                } else {
                    let ((pr, pi), (qr, qi)) = (parts(p.0, sc), parts(q.0, sc));
                    pr == qr && pi == qi
                };
                let ne = matches!(insn, Insn::NeX { .. });
                set_int(self, d, u64::from(eq != ne));
            }
            Insn::LtX { d, a, b } | Insn::LeX { d, a, b } => {
                let ord = x(self, a).compare(x(self, b));
                let r = match insn {
                    Insn::LtX { .. } => ord == Some(Ordering::Less),
                    _ => matches!(ord, Some(Ordering::Less | Ordering::Equal)),
                };
                set_int(self, d, u64::from(r));
            }
            Insn::ToBoolX { d, s, sc } => {
                let v = x(self, s);
                let t = if sc == Scalar::F80 {
                    v.truth()
                } else {
                    let (re, im) = parts(v.0, sc);
                    re != 0.0 || im != 0.0
                };
                set_int(self, d, u64::from(t));
            }
            Insn::ConvX { d, s, from, to } => {
                let v = if from.is_wide() {
                    Value::Wide(x(self, s).0, from)
                } else {
                    Value::Reg(int(self, s), from)
                };
                if to.is_wide() {
                    self.set_xreg(reg(d), F80(v.to_wide(to)));
                } else {
                    set_int(self, d, v.to_reg(to));
                }
            }
            Insn::LoadX { d, a, off, sc } => {
                let p = Pointer::from_bits(int(self, a)).offset_by(i64::from(off));
                let v = self
                    .mem
                    .load_wide(p, sc.size() as usize)
                    .map_err(|err| Trap::Mem {
                        err,
                        write: false,
                        via: None,
                    })?;
                self.set_xreg(reg(d), F80(v));
            }
            Insn::StoreX { a, off, s, sc } => {
                let p = Pointer::from_bits(int(self, a)).offset_by(i64::from(off));
                let v = x(self, s);
                self.mem
                    .store_wide(p, sc.size() as usize, v.0, site)
                    .map_err(|err| Trap::Mem {
                        err,
                        write: true,
                        via: None,
                    })?;
            }
            _ => crate::bug!("wide_insn of {insn:?}"),
        }
        Ok(())
    }
}

/// A complex value's real and imaginary parts (of a `float _Complex`: exact floats).
pub(crate) fn parts(bits: u128, sc: Scalar) -> (f64, f64) {
    if sc == Scalar::C32 {
        (
            f64::from(f32::from_bits(bits as u32)),
            f64::from(f32::from_bits((bits >> 32) as u32)),
        )
    } else {
        (
            f64::from_bits(bits as u64),
            f64::from_bits((bits >> 64) as u64),
        )
    }
}

/// A complex value of scalar `sc` from its parts (rounded to float for `C32`).
pub(crate) fn join(re: f64, im: f64, sc: Scalar) -> u128 {
    if sc == Scalar::C32 {
        u128::from((re as f32).to_bits()) | u128::from((im as f32).to_bits()) << 32
    } else {
        u128::from(re.to_bits()) | u128::from(im.to_bits()) << 64
    }
}

/// A complex `+ - * /` (`*` and `/` as libgcc does them; `float _Complex` in float).
fn complex_op(insn: Insn, p: u128, q: u128, sc: Scalar) -> u128 {
    let ((a, b), (c, d)) = (parts(p, sc), parts(q, sc));
    let (re, im) = match (insn, sc) {
        // (A sum or difference of floats is exact in double before its one rounding.)
        (Insn::AddX { .. }, _) => (a + c, b + d),
        (Insn::SubX { .. }, _) => (a - c, b - d),
        (Insn::MulX { .. }, Scalar::C32) => {
            let (x, y) = complex::mul_f32(a as f32, b as f32, c as f32, d as f32);
            (f64::from(x), f64::from(y))
        }
        (Insn::MulX { .. }, _) => complex::mul_f64(a, b, c, d),
        (_, Scalar::C32) => {
            let (x, y) = complex::div_f32(a as f32, b as f32, c as f32, d as f32);
            (f64::from(x), f64::from(y))
        }
        _ => complex::div_f64(a, b, c, d),
    };
    join(re, im, sc)
}

/// The operand of a conversion: a register of scalar type, or a wide register.
enum Value {
    Reg(u64, Scalar),
    Wide(u128, Scalar),
}

impl Value {
    /// Its real part as a double, or its integer value.
    fn real(&self) -> Result<f64, i128> {
        match *self {
            Value::Reg(v, Scalar::F64) => Ok(f64::from_bits(v)),
            Value::Reg(v, Scalar::F32) => Ok(f64::from(f32::from_bits(v as u32))),
            Value::Reg(v, Scalar::U64 | Scalar::Ptr) => Err(i128::from(v)),
            Value::Reg(v, _) => Err(i128::from(v as i64)),
            Value::Wide(v, Scalar::F80) => Ok(F80(v).to_f64()),
            Value::Wide(v, sc) => Ok(parts(v, sc).0),
        }
    }

    /// Converted to the wide scalar `to`.
    fn to_wide(&self, to: Scalar) -> u128 {
        if to == Scalar::F80 {
            return match *self {
                Value::Reg(v, Scalar::F64) => F80::from_f64(f64::from_bits(v)),
                Value::Reg(v, Scalar::F32) => F80::from_f32(f32::from_bits(v as u32)),
                Value::Reg(v, Scalar::U64 | Scalar::Ptr) => F80::from_u64(v),
                // Narrower integers are held extended to 64 bits.
                Value::Reg(v, _) => F80::from_i64(v as i64),
                Value::Wide(v, Scalar::F80) => F80(v),
                Value::Wide(v, sc) => F80::from_f64(parts(v, sc).0),
            }
            .0;
        }
        let (re, im) = match *self {
            Value::Wide(v, sc) if sc.is_complex() => parts(v, sc),
            // A `long double` to `float _Complex` rounds once.
            Value::Wide(v, _) if to == Scalar::C32 => (f64::from(F80(v).to_f32()), 0.0),
            // An integer to `float _Complex` too.
            Value::Reg(v, s) if to == Scalar::C32 && !s.is_float() => {
                let f = if matches!(s, Scalar::U64 | Scalar::Ptr) {
                    v as f32
                } else {
                    v as i64 as f32
                };
                (f64::from(f), 0.0)
            }
            _ => match self.real() {
                Ok(f) => (f, 0.0),
                Err(i) => (i as f64, 0.0),
            },
        };
        join(re, im, to)
    }

    /// Converted to the register scalar `to` (from a wide value).
    fn to_reg(&self, to: Scalar) -> u64 {
        match *self {
            Value::Wide(v, Scalar::F80) => from_f80(F80(v), to),
            Value::Wide(v, sc) => {
                let (re, im) = parts(v, sc);
                match to {
                    Scalar::Bool => u64::from(re != 0.0 || im != 0.0),
                    Scalar::F64 => re.to_bits(),
                    Scalar::F32 => u64::from((re as f32).to_bits()),
                    _ => float_to_int_x86(re, to),
                }
            }
            Value::Reg(v, _) => v,
        }
    }
}

/// A `long double` converted to a register of scalar `to`, as gcc's x87 code converts it.
pub(crate) fn from_f80(v: F80, to: Scalar) -> u64 {
    match to {
        Scalar::F64 => v.to_f64().to_bits(),
        Scalar::F32 => u64::from(v.to_f32().to_bits()),
        Scalar::Bool => u64::from(v.truth()),
        Scalar::I64 => v.to_i64(64) as u64,
        Scalar::U64 | Scalar::Ptr => v.to_u64(),
        // Through a 32-bit conversion, as for doubles (`float_to_int_x86`); unsigned
        // through a 64-bit one.
        Scalar::U32 => v.to_i64(64) as u32 as u64,
        _ => {
            let w = v.to_i64(32);
            let via = f64::from(w as i32);
            float_to_int_x86(via, to)
        }
    }
}
