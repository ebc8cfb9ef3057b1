//! Lvalues: the place an expression designates (a register, memory at a base plus an
//! offset, or an indexed element), and loads and stores through it.

use super::*;

impl<'a> FnCompiler<'a> {
    /// The place `e` designates, to be read or written (its address does not escape).
    pub(super) fn place(&mut self, e: &Expr) -> Place {
        self.place_in(e, false)
    }

    /// The place `e` designates. `escaping`: its address becomes a pointer value (`&e`, an
    /// array's decay), so a sub-object array's element is addressed through a bounded
    /// pointer; otherwise the place is only accessed, and an index checked against the
    /// array's length keeps the plain pointer (`BoundIdx`).
    pub(super) fn place_in(&mut self, e: &Expr, escaping: bool) -> Place {
        self.span = e.span;
        match &e.kind {
            ExprKind::Local(l) => match self.locs[l.0 as usize] {
                LocalLoc::Reg(r) => Place::Reg(r),
                LocalLoc::Mem(base) => Place::Mem { base, off: 0 },
            },
            ExprKind::Global(g) => {
                let t = self.temp();
                let v = self.cp.global_ptrs[g.0 as usize].to_bits();
                self.emit(Insn::Const { d: t, v });
                Place::Mem { base: t, off: 0 }
            }
            ExprKind::Str(s) => {
                let t = self.temp();
                let v = self.cp.str_ptrs[s.0 as usize].to_bits();
                self.emit(Insn::Const { d: t, v });
                Place::Mem { base: t, off: 0 }
            }
            ExprKind::Deref(p) => {
                if let ExprKind::PtrAdd(q, i, size) = &p.kind {
                    if let (false, ExprKind::Narrow(inner, sub)) = (escaping, &q.kind) {
                        if let Some(pl) = self.bounded_element(inner, *sub, i, *size) {
                            return pl;
                        }
                    }
                    if let Some(k) = i.as_int() {
                        let off = (k as i64)
                            .checked_mul(*size as i64)
                            .and_then(|o| i32::try_from(o).ok());
                        if let Some(off) = off {
                            let base = self.gen(q);
                            return Place::Mem { base, off };
                        }
                    } else if let Ok(sz) = u16::try_from(*size) {
                        let pr = self.gen(q);
                        let ir = self.gen(i);
                        self.span = e.span;
                        return Place::Idx {
                            p: pr,
                            i: ir,
                            size: sz,
                        };
                    }
                }
                let base = self.gen(p);
                Place::Mem { base, off: 0 }
            }
            ExprKind::Member(b, off, _) => {
                let pl = self.place_in(b, escaping);
                self.span = e.span;
                let off = i32::try_from(*off).unwrap_or(i32::MAX);
                match pl {
                    Place::Mem { base, off: o } => match o.checked_add(off) {
                        Some(total) => Place::Mem { base, off: total },
                        None => {
                            let t = self.temp();
                            self.emit(Insn::PtrAddImm {
                                d: t,
                                p: base,
                                off: o,
                            });
                            Place::Mem { base: t, off }
                        }
                    },
                    Place::Idx { p, i, size } => {
                        let t = self.temp();
                        self.emit(Insn::PtrAdd {
                            d: t,
                            p,
                            i,
                            size: u32::from(size),
                        });
                        Place::Mem { base: t, off }
                    }
                    Place::Reg(_) | Place::Bits { .. } => {
                        self.fail("internal: member of a register local or a bit-field");
                        Place::Mem { base: 0, off: 0 }
                    }
                }
            }
            ExprKind::Bits(unit, bf) => {
                let pl = self.place_in(unit, escaping);
                let addr = self.place_addr(pl);
                Place::Bits {
                    base: addr,
                    off: 0,
                    bf: *bf,
                }
            }
            _ => {
                // Struct-valued expressions (calls, ?:, compound literals...) yield an address.
                let r = self.gen(e);
                Place::Mem { base: r, off: 0 }
            }
        }
    }

    /// Element `i` (of `size` bytes) of sub-object array `sub`, whose address `inner`
    /// computes, for an access: a constant index inside the array needs no check, any
    /// other index is checked by `BoundIdx`. `None` when the array's length is not known
    /// here (the caller narrows the pointer instead).
    fn bounded_element(&mut self, inner: &Expr, sub: u32, i: &Expr, size: u64) -> Option<Place> {
        let len = u64::from(*self.cp.subobject_lens.get(sub as usize)?);
        let n = u32::try_from(len.checked_div(size)?).ok()?;
        let sz = u16::try_from(size).ok()?;
        if len == u64::from(crate::mem::TO_END) {
            return None;
        }
        if let Some(k) = i.as_int() {
            // A constant index past the end takes the bounded pointer, to report it.
            let k = u32::try_from(k).ok().filter(|&k| k < n)?;
            let off = i32::try_from(u64::from(k) * size).ok()?;
            let base = self.base_addr(inner);
            return Some(Place::Mem { base, off });
        }
        let p = self.base_addr(inner);
        let i = self.gen(i);
        self.span = inner.span;
        let d = self.temp();
        self.emit(Insn::BoundIdx { d, p, i, n, sub });
        Some(Place::Idx { p: d, i, size: sz })
    }

    /// `e`, pointer `p` bounded to sub-object array `sub`.
    pub(super) fn gen_narrow(&mut self, e: &Expr, p: &Expr, sub: u32) -> R {
        let m = self.mark();
        let s = self.gen(p);
        self.release(m);
        let d = self.temp();
        self.span = e.span;
        self.emit(Insn::Narrow { d, s, sub });
        d
    }

    /// The address of an array that is subscripted for an access: when it is itself an
    /// lvalue (`s.m` in `s.m[i][j]`), its place is computed for an access too, so each
    /// level checks its own index and no bounded pointer is made.
    fn base_addr(&mut self, e: &Expr) -> R {
        match &e.kind {
            ExprKind::Decay(lv) => {
                let pl = self.place_in(lv, false);
                self.place_addr(pl)
            }
            _ => self.gen(e),
        }
    }

    /// The address of a place, in a register.
    pub(super) fn place_addr(&mut self, pl: Place) -> R {
        match pl {
            Place::Mem { base, off: 0 } => base,
            Place::Mem { base, off } => {
                let t = self.temp();
                self.emit(Insn::PtrAddImm { d: t, p: base, off });
                t
            }
            Place::Idx { p, i, size } => {
                let t = self.temp();
                self.emit(Insn::PtrAdd {
                    d: t,
                    p,
                    i,
                    size: u32::from(size),
                });
                t
            }
            Place::Reg(_) => {
                self.fail("internal: address of a register local");
                0
            }
            // (Only a bit-field evaluated for nothing, `(s.f, x)`, asks: its unit's address.
            // The checker refuses `&s.f`.)
            Place::Bits { base, off, .. } => self.place_addr(Place::Mem { base, off }),
        }
    }

    pub(super) fn load_place(&mut self, pl: Place, sc: Scalar) -> R {
        if sc.is_wide() {
            return match pl {
                Place::Reg(r) => r,
                _ => {
                    let (a, off) = self.wide_addr(pl);
                    let d = self.temp();
                    self.emit(Insn::LoadX { d, a, off, sc });
                    d
                }
            };
        }
        match pl {
            Place::Reg(r) => r,
            Place::Mem { base, off } => {
                let t = self.temp();
                self.emit(Insn::Load {
                    d: t,
                    a: base,
                    off,
                    sc,
                });
                t
            }
            Place::Idx { p, i, size } => {
                let t = self.temp();
                self.emit(Insn::LoadIdx {
                    d: t,
                    p,
                    i,
                    sc,
                    size,
                });
                t
            }
            Place::Bits { base, off, bf } => {
                let t = self.temp();
                self.emit(Insn::LoadBits {
                    d: t,
                    a: base,
                    off,
                    bf,
                });
                t
            }
        }
    }

    /// The value an assignment to `pl` of `v` has: `v`, except that a bit-field holds
    /// only its width (`s.b = 300` is 44 for an 8-bit `b`).
    pub(super) fn stored_value(&mut self, pl: Place, v: R, sc: Scalar) -> R {
        match pl {
            Place::Reg(r) => r,
            Place::Bits { .. } => self.load_place(pl, sc),
            _ => v,
        }
    }

    /// The base and offset of a wide value in memory (the wide loads and stores have
    /// no indexed form: the address is computed first).
    fn wide_addr(&mut self, pl: Place) -> (R, i32) {
        match pl {
            Place::Mem { base, off } => (base, off),
            _ => (self.place_addr(pl), 0),
        }
    }

    pub(super) fn store_place(&mut self, pl: Place, v: R, sc: Scalar) {
        if sc.is_wide() {
            match pl {
                Place::Reg(r) if r == v => {}
                Place::Reg(r) => {
                    if !self.retarget_last(v, r) {
                        self.emit(Insn::MovX { d: r, s: v });
                    }
                }
                _ => {
                    let (a, off) = self.wide_addr(pl);
                    self.emit(Insn::StoreX { a, off, s: v, sc });
                }
            }
            return;
        }
        match pl {
            Place::Reg(r) => {
                if r == v {
                    return;
                }
                if self.is_ptr_local_reg(r) {
                    self.emit(Insn::MovPtr { d: r, s: v });
                } else if !self.retarget_last(v, r) {
                    self.emit(Insn::Mov { d: r, s: v });
                }
            }
            Place::Mem { base, off } => self.emit(Insn::Store {
                a: base,
                off,
                s: v,
                sc,
            }),
            Place::Idx { p, i, size } => self.emit(Insn::StoreIdx {
                p,
                i,
                s: v,
                sc,
                size,
            }),
            Place::Bits { base, off, bf } => self.emit(Insn::StoreBits {
                a: base,
                off,
                s: v,
                bf,
            }),
        }
    }

    /// If the last instruction computed temporary `t`, make it write `d` instead.
    pub(super) fn retarget_last(&mut self, t: R, d: R) -> bool {
        if u32::from(t) < self.first_temp() {
            return false;
        }
        // Not when a label is bound after the last instruction (control may arrive there).
        if self.label_at_end() {
            return false;
        }
        let Some(last) = self.code.last_mut() else {
            return false;
        };
        macro_rules! re {
            ($($v:ident),*) => {
                match last {
                    $(Insn::$v { d: x, .. } if *x == t => { *x = d; true })*
                    _ => false,
                }
            };
        }
        re!(
            Const, AddI32, SubI32, MulI32, DivI32, RemI32, AddI64, SubI64, MulI64, DivI64, RemI64,
            AddU32, SubU32, MulU32, DivU32, RemU32, AddU64, SubU64, MulU64, DivU64, RemU64,
            AddI32Imm, AddI64Imm, Shl, Shr, And, Or, Xor, NegI32, NegI64, NegU32, NegU64, Not64,
            NotU32, LNot, Eq, Ne, LtS, LeS, LtU, LeU, LtP, LeP, AddF64, SubF64, MulF64, DivF64,
            NegF64, AddF32, SubF32, MulF32, DivF32, NegF32, EqF64, NeF64, LtF64, LeF64, EqF32,
            NeF32, LtF32, LeF32, Sext8, Zext8, Sext16, Zext16, Sext32, Zext32, ToBool, ToBoolF64,
            ToBoolF32, I2F64, U2F64, I2F32, U2F32, F64ToF32, F32ToF64, F2I, PtrAdd, PtrAddImm,
            PtrDiff, Load, LoadIdx, LoadBits, ConstX, AddX, SubX, MulX, DivX, NegX, EqX, NeX, LtX,
            LeX, ToBoolX, ConvX, LoadX
        )
    }
}
