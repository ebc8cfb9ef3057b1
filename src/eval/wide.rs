//! The `long double` instructions and the wide register file they work on.
//!
//! A frame's wide register `r` is `xregs[bp + r]`: the same window as its registers, so
//! a call's arguments and result line up in both files without copying. The file is
//! allocated when a program first uses it (most programs never do).

use super::convert::float_to_int_x86;
use super::vm::{Machine, Trap, REG_FILE};
use crate::bytecode::insn::Insn;
use crate::mem::{Pointer, Scalar, Site};
use crate::num::{F80, F80_BYTES};

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
            Insn::AddX { d, a, b } => self.set_xreg(reg(d), x(self, a) + x(self, b)),
            Insn::SubX { d, a, b } => self.set_xreg(reg(d), x(self, a) - x(self, b)),
            Insn::MulX { d, a, b } => self.set_xreg(reg(d), x(self, a) * x(self, b)),
            Insn::DivX { d, a, b } => self.set_xreg(reg(d), x(self, a) / x(self, b)),
            Insn::NegX { d, s } => self.set_xreg(reg(d), -x(self, s)),
            Insn::EqX { d, a, b }
            | Insn::NeX { d, a, b }
            | Insn::LtX { d, a, b }
            | Insn::LeX { d, a, b } => {
                use std::cmp::Ordering::*;
                let ord = x(self, a).compare(x(self, b));
                let r = match insn {
                    Insn::EqX { .. } => ord == Some(Equal),
                    Insn::NeX { .. } => ord != Some(Equal),
                    Insn::LtX { .. } => ord == Some(Less),
                    _ => matches!(ord, Some(Less | Equal)),
                };
                set_int(self, d, u64::from(r));
            }
            Insn::ToBoolX { d, s } => {
                let v = u64::from(x(self, s).truth());
                set_int(self, d, v);
            }
            Insn::ToX { d, s, from } => {
                let v = int(self, s);
                let r = match from {
                    Scalar::F64 => F80::from_f64(f64::from_bits(v)),
                    Scalar::F32 => F80::from_f32(f32::from_bits(v as u32)),
                    Scalar::F80 => x(self, s),
                    Scalar::U64 | Scalar::Ptr => F80::from_u64(v),
                    // Narrower integers are held extended to 64 bits.
                    _ => F80::from_i64(v as i64),
                };
                self.set_xreg(reg(d), r);
            }
            Insn::FromX { d, s, to } => {
                let v = x(self, s);
                set_int(self, d, from_f80(v, to));
            }
            Insn::LoadX { d, a, off } => {
                let p = Pointer::from_bits(int(self, a)).offset_by(i64::from(off));
                let v = self.mem.load_wide(p, F80_BYTES).map_err(|err| Trap::Mem {
                    err,
                    write: false,
                    via: None,
                })?;
                self.set_xreg(reg(d), F80(v));
            }
            Insn::StoreX { a, off, s } => {
                let p = Pointer::from_bits(int(self, a)).offset_by(i64::from(off));
                let v = x(self, s);
                self.mem
                    .store_wide(p, F80_BYTES, v.0, site)
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
