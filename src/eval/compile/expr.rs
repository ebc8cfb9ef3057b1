//! Expressions: values into registers (`gen`), arithmetic, comparisons, casts,
//! increments, calls, and conditions compiled to jumps.

use super::*;

impl<'a> FnCompiler<'a> {
    pub(super) fn gen_to(&mut self, e: &Expr, d: R) {
        let r = self.gen(e);
        if r != d && !self.retarget_last(r, d) {
            self.emit(self.mov(e.ty, d, r));
        }
    }

    /// The move of a value of type `ty` (a `long double` is in the wide registers).
    pub(super) fn mov(&self, ty: TypeId, d: R, s: R) -> Insn {
        if self.is_wide(ty) {
            Insn::MovX { d, s }
        } else {
            Insn::Mov { d, s }
        }
    }

    pub(super) fn is_wide(&self, ty: TypeId) -> bool {
        self.prog.types.scalar(ty).is_some_and(Scalar::is_wide)
    }

    /// A wide constant (its bits as memory holds them) into a new temporary.
    pub(super) fn konst_wide(&mut self, bits: u128) -> R {
        let k = match self.cp.wide_consts.iter().position(|&c| c == bits) {
            Some(k) => k,
            None => {
                self.cp.wide_consts.push(bits);
                self.cp.wide_consts.len() - 1
            }
        };
        let d = self.temp();
        self.emit(Insn::ConstX { d, k: k as u32 });
        d
    }

    /// After an expression statement: a last `Mov` into a temporary at or above `m` only
    /// moved the unused value of the expression (an assignment's); leave it out.
    pub(super) fn drop_dead_move(&mut self, m: u32) {
        if self.label_at_end() {
            return;
        }
        if let Some(Insn::Mov { d, .. }) = self.code.last() {
            if u32::from(*d) >= m && u32::from(*d) >= self.first_temp() {
                self.code.pop();
                self.spans.pop();
            }
        }
    }

    pub(super) fn konst(&mut self, v: u64) -> R {
        let t = self.temp();
        self.emit(Insn::Const { d: t, v });
        t
    }

    /// Computes `e`; returns the register holding its value (for struct and array
    /// designators: their address).
    pub(super) fn gen(&mut self, e: &Expr) -> R {
        if self.error.is_some() {
            return 0;
        }
        self.span = e.span;
        use ExprKind as K;
        match &e.kind {
            K::Int(v) => self.konst(*v),
            K::Float(f) => {
                let bits = if e.ty == TypeId::FLOAT {
                    u64::from((*f as f32).to_bits())
                } else {
                    f.to_bits()
                };
                self.konst(bits)
            }
            K::F80(x) => self.konst_wide(x.0),
            K::Complex(re, im) => {
                let sc = self.scalar(e.ty);
                self.konst_wide(crate::eval::wide::join(*re, *im, sc))
            }
            K::FuncName => self.konst(0),
            K::Local(_) | K::Global(_) | K::Str(_) | K::Deref(_) | K::Member(..) | K::Bits(..) => {
                let pl = self.place(e);
                self.place_addr(pl)
            }
            K::Load(lv) => {
                let sc = self.scalar(e.ty);
                let m = self.mark();
                let pl = self.place(lv);
                self.span = e.span;
                let r = self.load_place(pl, sc);
                if let Place::Reg(_) = pl {
                    return r;
                }
                self.move_down(r, m, e.ty)
            }
            K::Decay(lv) | K::AddrOf(lv) => {
                let m = self.mark();
                let pl = self.place_in(lv, true);
                let r = self.place_addr(pl);
                self.move_down(r, m, e.ty)
            }
            K::Narrow(p, sub) => self.gen_narrow(e, p, *sub),
            K::FuncAddr(f) => {
                // Every function is allocated before any is compiled.
                let v = self.cp.func_ptrs[f.0 as usize].to_bits();
                self.konst(v)
            }
            K::Cast(kind, x) => self.cast(*kind, x, e.ty),
            K::Arith(op, a, b) => self.arith(*op, a, b, e.ty),
            K::Cmp(op, a, b) => {
                let m = self.mark();
                let ra = self.gen(a);
                let rb = self.gen(b);
                self.release(m);
                let d = self.temp();
                self.span = e.span;
                self.compare_into(*op, a.ty, d, ra, rb);
                d
            }
            K::PtrAdd(p, i, size) => self.gen_ptr_add(e, p, i, *size),
            K::PtrDiff(a, b, size) => {
                let m = self.mark();
                let ra = self.gen(a);
                let rb = self.gen(b);
                self.release(m);
                let d = self.temp();
                self.span = e.span;
                self.emit(Insn::PtrDiff {
                    d,
                    a: ra,
                    b: rb,
                    size: u32::try_from(*size).unwrap_or(u32::MAX),
                });
                d
            }
            K::Unary(op, x) => self.gen_unary(e, op, x),
            K::LogAnd(..) | K::LogOr(..) => {
                let d = self.temp();
                let lfalse = self.new_label();
                let lend = self.new_label();
                let m = self.mark();
                self.cond_jump(e, false, lfalse);
                self.release(m);
                self.emit(Insn::Const { d, v: 1 });
                self.jump(Insn::Jmp { t: lend as u32 });
                self.bind(lfalse);
                self.emit(Insn::Const { d, v: 0 });
                self.bind(lend);
                d
            }
            K::Cond(c, a, b) => self.gen_conditional(c, a, b),
            K::Comma(a, b) => {
                let m = self.mark();
                self.gen(a);
                self.release(m);
                let r = self.gen(b);
                self.move_down(r, m, e.ty)
            }
            K::StmtExpr(s, v) => {
                let m = self.mark();
                self.stmt(s);
                self.release(m);
                let r = self.gen(v);
                self.move_down(r, m, e.ty)
            }
            K::Assign(lhs, rhs) => {
                let sc = self.scalar(lhs.ty);
                let m = self.mark();
                let pl = self.place(lhs);
                let v = self.gen(rhs);
                self.span = e.span;
                self.store_place(pl, v, sc);
                let r = self.stored_value(pl, v, sc);
                self.move_down(r, m, e.ty)
            }
            K::AssignRecord(lhs, rhs) => {
                let size = self.types().size_of(lhs.ty).unwrap_or(0) as u32;
                let m = self.mark();
                let pl = self.place(lhs);
                let dst = self.place_addr(pl);
                let pr = self.place(rhs);
                let src = self.place_addr(pr);
                self.span = e.span;
                self.emit(Insn::Copy { dst, src, size });
                self.move_down(dst, m, TypeId::VOID_PTR)
            }
            K::CompoundAssign { .. } => self.gen_compound_assign(e),
            K::IncDec {
                lhs,
                inc,
                prefix,
                elem,
            } => self.incdec(lhs, *inc, *prefix, *elem, e.ty),
            K::Call {
                callee,
                args,
                ret_slot,
            } => self.call(e, callee, args, *ret_slot),
            K::CompoundLiteral(l, init) => {
                self.init_local(*l, init);
                match self.locs[l.0 as usize] {
                    LocalLoc::Mem(base) => base,
                    LocalLoc::Reg(r) => r,
                }
            }
        }
    }

    /// `p + i` (elements of `size` bytes): an immediate offset when `i` is a constant.
    pub(super) fn gen_ptr_add(&mut self, e: &Expr, p: &Expr, i: &Expr, size: u64) -> R {
        let m = self.mark();
        let rp = self.gen(p);
        if let Some(k) = i.as_int() {
            if let Some(off) = (k as i64)
                .checked_mul(size as i64)
                .and_then(|o| i32::try_from(o).ok())
            {
                self.release(m);
                let d = self.temp();
                self.span = e.span;
                self.emit(Insn::PtrAddImm { d, p: rp, off });
                return d;
            }
        }
        let ri = self.gen(i);
        self.release(m);
        let d = self.temp();
        self.span = e.span;
        self.emit(Insn::PtrAdd {
            d,
            p: rp,
            i: ri,
            size: u32::try_from(size).unwrap_or(u32::MAX),
        });
        d
    }

    /// `-x`, `~x`, `!x`.
    pub(super) fn gen_unary(&mut self, e: &Expr, op: &UnOp, x: &Expr) -> R {
        let m = self.mark();
        let r = self.gen(x);
        self.release(m);
        let d = self.temp();
        self.span = e.span;
        let sc = self.scalar(x.ty);
        let insn = match (op, sc) {
            (UnOp::Neg, Scalar::I32) => Insn::NegI32 { d, s: r },
            (UnOp::Neg, Scalar::I64) => Insn::NegI64 { d, s: r },
            (UnOp::Neg, Scalar::U32) => Insn::NegU32 { d, s: r },
            (UnOp::Neg, Scalar::F64) => Insn::NegF64 { d, s: r },
            (UnOp::Neg, Scalar::F32) => Insn::NegF32 { d, s: r },
            (UnOp::Neg, sc) if sc.is_wide() => Insn::NegX { d, s: r, sc },
            (UnOp::Not, sc) if sc.is_wide() => {
                self.emit(Insn::ToBoolX { d, s: r, sc });
                Insn::LNot { d, s: d }
            }
            (UnOp::Neg, _) => Insn::NegU64 { d, s: r },
            (UnOp::BitNot, Scalar::U32) => Insn::NotU32 { d, s: r },
            (UnOp::BitNot, _) => Insn::Not64 { d, s: r },
            (UnOp::Not, Scalar::F64) => {
                self.emit(Insn::ToBoolF64 { d, s: r });
                Insn::LNot { d, s: d }
            }
            (UnOp::Not, Scalar::F32) => {
                self.emit(Insn::ToBoolF32 { d, s: r });
                Insn::LNot { d, s: d }
            }
            (UnOp::Not, _) => Insn::LNot { d, s: r },
        };
        self.emit(insn);
        d
    }

    /// `c ? a : b` into one register.
    pub(super) fn gen_conditional(&mut self, c: &Expr, a: &Expr, b: &Expr) -> R {
        let d = self.temp();
        let lelse = self.new_label();
        let lend = self.new_label();
        let m = self.mark();
        self.cond_jump(c, false, lelse);
        self.release(m);
        if a.ty == TypeId::VOID {
            self.gen(a);
        } else {
            self.gen_to(a, d);
        }
        self.release(m);
        self.jump(Insn::Jmp { t: lend as u32 });
        self.bind(lelse);
        if b.ty == TypeId::VOID {
            self.gen(b);
        } else {
            self.gen_to(b, d);
        }
        self.release(m);
        self.bind(lend);
        d
    }

    /// `a op= b`: gcc evaluates `b` first, then loads, operates and stores `a`.
    pub(super) fn gen_compound_assign(&mut self, e: &Expr) -> R {
        let ExprKind::CompoundAssign {
            op,
            lhs,
            rhs,
            op_ty,
            elem,
        } = &e.kind
        else {
            crate::bug!("gen_compound_assign of another expression")
        };

        let lsc = self.scalar(lhs.ty);
        let m = self.mark();
        // gcc evaluates the right operand first.
        let rv = self.gen(rhs);
        let pl = self.place(lhs);
        self.span = e.span;
        let old = self.load_place(pl, lsc);
        let result = if *elem > 0 {
            let d = self.temp();
            let idx = if *op == ArithOp::Sub {
                let n = self.temp();
                self.emit(Insn::NegU64 { d: n, s: rv });
                n
            } else {
                rv
            };
            self.emit(Insn::PtrAdd {
                d,
                p: old,
                i: idx,
                size: u32::try_from(*elem).unwrap_or(u32::MAX),
            });
            d
        } else {
            let widened = self.convert_reg(old, lhs.ty, *op_ty);
            let d = self.temp();
            let rhs_ty = rhs.ty;
            self.arith_insn(*op, *op_ty, rhs_ty, d, widened, rv);
            self.convert_reg(d, *op_ty, lhs.ty)
        };
        self.store_place(pl, result, lsc);
        let r = self.stored_value(pl, result, lsc);
        self.move_down(r, m, lhs.ty)
    }

    /// Moves a result down to the temporary at `m` (so temporaries above it are free).
    pub(super) fn move_down(&mut self, r: R, m: u32, ty: TypeId) -> R {
        if u32::from(r) < m || u32::from(r) < self.first_temp() {
            self.release(m);
            return r;
        }
        if u32::from(r) == m {
            self.release(m + 1);
            return r;
        }
        self.release(m);
        let d = self.temp();
        if !self.retarget_last(r, d) {
            self.emit(self.mov(ty, d, r));
        }
        d
    }

    pub(super) fn arith(&mut self, op: ArithOp, a: &Expr, b: &Expr, ty: TypeId) -> R {
        let m = self.mark();
        let ra = self.gen(a);
        let sc = self.scalar(ty);
        // `x + k` with a small constant.
        if let (ArithOp::Add | ArithOp::Sub, Scalar::I32 | Scalar::I64, Some(k)) =
            (op, sc, b.as_int())
        {
            let k = k as i64;
            let imm = if op == ArithOp::Add {
                Some(k)
            } else {
                k.checked_neg()
            };
            if let Some(imm) = imm.and_then(|v| i32::try_from(v).ok()) {
                self.release(m);
                let d = self.temp();
                self.span = a.span.to(b.span);
                if sc == Scalar::I32 {
                    self.emit(Insn::AddI32Imm { d, a: ra, imm });
                } else {
                    self.emit(Insn::AddI64Imm { d, a: ra, imm });
                }
                return d;
            }
        }
        let rb = self.gen(b);
        self.release(m);
        let d = self.temp();
        self.span = a.span.to(b.span);
        self.arith_insn(op, ty, b.ty, d, ra, rb);
        d
    }

    pub(super) fn arith_insn(&mut self, op: ArithOp, ty: TypeId, rhs_ty: TypeId, d: R, a: R, b: R) {
        let sc = self.scalar(ty);
        use ArithOp as A;
        use Scalar as S;
        let insn = match (op, sc) {
            (A::Add, S::I32) => Insn::AddI32 { d, a, b },
            (A::Sub, S::I32) => Insn::SubI32 { d, a, b },
            (A::Mul, S::I32) => Insn::MulI32 { d, a, b },
            (A::Div, S::I32) => Insn::DivI32 { d, a, b },
            (A::Rem, S::I32) => Insn::RemI32 { d, a, b },
            (A::Add, S::I64) => Insn::AddI64 { d, a, b },
            (A::Sub, S::I64) => Insn::SubI64 { d, a, b },
            (A::Mul, S::I64) => Insn::MulI64 { d, a, b },
            (A::Div, S::I64) => Insn::DivI64 { d, a, b },
            (A::Rem, S::I64) => Insn::RemI64 { d, a, b },
            (A::Add, S::U32) => Insn::AddU32 { d, a, b },
            (A::Sub, S::U32) => Insn::SubU32 { d, a, b },
            (A::Mul, S::U32) => Insn::MulU32 { d, a, b },
            (A::Div, S::U32) => Insn::DivU32 { d, a, b },
            (A::Rem, S::U32) => Insn::RemU32 { d, a, b },
            (A::Add, S::F64) => Insn::AddF64 { d, a, b },
            (A::Sub, S::F64) => Insn::SubF64 { d, a, b },
            (A::Mul, S::F64) => Insn::MulF64 { d, a, b },
            (A::Div, S::F64) => Insn::DivF64 { d, a, b },
            (A::Add, sc) if sc.is_wide() => Insn::AddX { d, a, b, sc },
            (A::Sub, sc) if sc.is_wide() => Insn::SubX { d, a, b, sc },
            (A::Mul, sc) if sc.is_wide() => Insn::MulX { d, a, b, sc },
            (A::Div, sc) if sc.is_wide() => Insn::DivX { d, a, b, sc },
            (A::Add, S::F32) => Insn::AddF32 { d, a, b },
            (A::Sub, S::F32) => Insn::SubF32 { d, a, b },
            (A::Mul, S::F32) => Insn::MulF32 { d, a, b },
            (A::Div, S::F32) => Insn::DivF32 { d, a, b },
            (A::Add, _) => Insn::AddU64 { d, a, b },
            (A::Sub, _) => Insn::SubU64 { d, a, b },
            (A::Mul, _) => Insn::MulU64 { d, a, b },
            (A::Div, _) => Insn::DivU64 { d, a, b },
            (A::Rem, _) => Insn::RemU64 { d, a, b },
            (A::Shl | A::Shr, _) => {
                let w = match sc {
                    S::I32 => Width::I32,
                    S::U32 => Width::U32,
                    S::I64 => Width::I64,
                    _ => Width::U64,
                };
                let _ = rhs_ty;
                if op == A::Shl {
                    Insn::Shl { d, a, b, w }
                } else {
                    Insn::Shr { d, a, b, w }
                }
            }
            (A::BitAnd, _) => Insn::And { d, a, b },
            (A::BitOr, _) => Insn::Or { d, a, b },
            (A::BitXor, _) => Insn::Xor { d, a, b },
        };
        self.emit(insn);
    }

    pub(super) fn compare_into(&mut self, op: CmpOp, ty: TypeId, d: R, a: R, b: R) {
        let sc = self.scalar(ty);
        let (a, b, op) = match op {
            CmpOp::Gt => (b, a, CmpOp::Lt),
            CmpOp::Ge => (b, a, CmpOp::Le),
            o => (a, b, o),
        };
        let insn = match (sc, op) {
            (Scalar::F64, CmpOp::Eq) => Insn::EqF64 { d, a, b },
            (Scalar::F64, CmpOp::Ne) => Insn::NeF64 { d, a, b },
            (Scalar::F64, CmpOp::Lt) => Insn::LtF64 { d, a, b },
            (Scalar::F64, _) => Insn::LeF64 { d, a, b },
            (sc, CmpOp::Eq) if sc.is_wide() => Insn::EqX { d, a, b, sc },
            (sc, CmpOp::Ne) if sc.is_wide() => Insn::NeX { d, a, b, sc },
            (Scalar::F80, CmpOp::Lt) => Insn::LtX { d, a, b },
            (Scalar::F80, _) => Insn::LeX { d, a, b },
            (Scalar::F32, CmpOp::Eq) => Insn::EqF32 { d, a, b },
            (Scalar::F32, CmpOp::Ne) => Insn::NeF32 { d, a, b },
            (Scalar::F32, CmpOp::Lt) => Insn::LtF32 { d, a, b },
            (Scalar::F32, _) => Insn::LeF32 { d, a, b },
            (Scalar::Ptr, CmpOp::Eq) => Insn::EqP { d, a, b },
            (Scalar::Ptr, CmpOp::Ne) => Insn::NeP { d, a, b },
            (_, CmpOp::Eq) => Insn::Eq { d, a, b },
            (_, CmpOp::Ne) => Insn::Ne { d, a, b },
            (Scalar::Ptr, CmpOp::Lt) => Insn::LtP { d, a, b },
            (Scalar::Ptr, _) => Insn::LeP { d, a, b },
            (s, CmpOp::Lt) if s.is_signed_int() => Insn::LtS { d, a, b },
            (s, _) if s.is_signed_int() => Insn::LeS { d, a, b },
            (_, CmpOp::Lt) => Insn::LtU { d, a, b },
            (_, _) => Insn::LeU { d, a, b },
        };
        self.emit(insn);
    }

    /// Converts a register from type `from` to type `to` (same rules as casts).
    pub(super) fn convert_reg(&mut self, r: R, from: TypeId, to: TypeId) -> R {
        if from == to {
            return r;
        }
        let (fs, ts) = (self.scalar(from), self.scalar(to));
        let kind = match (fs, ts) {
            (a, b) if a == b => return r,
            (_, Scalar::Bool) => CastKind::ToBool,
            (a, b) if a.is_float() && b.is_float() => CastKind::FloatToFloat,
            (a, _) if a.is_float() => CastKind::FloatToInt,
            (_, b) if b.is_float() => CastKind::IntToFloat,
            _ => CastKind::IntToInt,
        };
        let d = self.temp();
        self.cast_insn(kind, fs, ts, d, r);
        d
    }

    pub(super) fn cast(&mut self, kind: CastKind, x: &Expr, to: TypeId) -> R {
        if kind == CastKind::ToVoid {
            let m = self.mark();
            match &x.kind {
                // Evaluate an lvalue's address only: a discarded `*p;` reads nothing.
                ExprKind::Local(_)
                | ExprKind::Global(_)
                | ExprKind::Str(_)
                | ExprKind::Deref(_)
                | ExprKind::Member(..) => {
                    let _ = self.place(x);
                }
                // The old value is not wanted: a prefix `++` does the same without a copy.
                ExprKind::IncDec {
                    lhs,
                    inc,
                    prefix: false,
                    elem,
                } => {
                    self.incdec(lhs, *inc, true, *elem, x.ty);
                }
                _ => {
                    let r = self.gen(x);
                    if self.types().is_pointer(x.ty) && matches!(x.kind, ExprKind::Call { .. }) {
                        self.span = x.span;
                        self.emit(Insn::Discard { s: r });
                    } else {
                        self.drop_dead_move(m);
                    }
                }
            }
            self.release(m);
            return 0;
        }
        let m = self.mark();
        let r = self.gen(x);
        let (fs, ts) = (self.scalar(x.ty), self.scalar(to));
        if kind == CastKind::Bits && (fs != Scalar::Ptr || ts == Scalar::Ptr) {
            return self.move_down(r, m, to);
        }
        self.release(m);
        let d = self.temp();
        self.span = x.span;
        self.cast_insn(kind, fs, ts, d, r);
        d
    }

    pub(super) fn cast_insn(&mut self, kind: CastKind, fs: Scalar, ts: Scalar, d: R, s: R) {
        let insn = match kind {
            CastKind::ToBool if fs.is_wide() => Insn::ToBoolX { d, s, sc: fs },
            _ if fs.is_wide() || ts.is_wide() => Insn::ConvX {
                d,
                s,
                from: fs,
                to: ts,
            },
            CastKind::ToBool => match fs {
                Scalar::F64 => Insn::ToBoolF64 { d, s },
                Scalar::F32 => Insn::ToBoolF32 { d, s },
                _ => Insn::ToBool { d, s },
            },
            CastKind::Widen => Insn::Widen { d, s },
            CastKind::PtrToInt | CastKind::Bits if fs == Scalar::Ptr && ts != Scalar::Ptr => {
                // An address as an integer is the whole object's (a bounded pointer and
                // the plain one to the same byte give the same number).
                self.emit(Insn::Widen { d, s });
                match ts {
                    Scalar::I8 => Insn::Sext8 { d, s: d },
                    Scalar::U8 => Insn::Zext8 { d, s: d },
                    Scalar::I16 => Insn::Sext16 { d, s: d },
                    Scalar::U16 => Insn::Zext16 { d, s: d },
                    Scalar::I32 => Insn::Sext32 { d, s: d },
                    Scalar::U32 => Insn::Zext32 { d, s: d },
                    Scalar::Bool => Insn::ToBool { d, s: d },
                    _ => return,
                }
            }
            CastKind::IntToInt | CastKind::PtrToInt | CastKind::Bits => match ts {
                Scalar::I8 => Insn::Sext8 { d, s },
                Scalar::U8 => Insn::Zext8 { d, s },
                Scalar::I16 => Insn::Sext16 { d, s },
                Scalar::U16 => Insn::Zext16 { d, s },
                Scalar::I32 => Insn::Sext32 { d, s },
                Scalar::U32 => Insn::Zext32 { d, s },
                Scalar::Bool => Insn::ToBool { d, s },
                _ => Insn::Mov { d, s },
            },
            CastKind::IntToFloat => {
                let signed = fs.is_signed_int() || fs == Scalar::Bool;
                match (ts, signed) {
                    (Scalar::F32, true) => Insn::I2F32 { d, s },
                    (Scalar::F32, false) => Insn::U2F32 { d, s },
                    (_, true) => Insn::I2F64 { d, s },
                    (_, false) => Insn::U2F64 { d, s },
                }
            }
            CastKind::FloatToInt => Insn::F2I {
                d,
                s,
                to: ts,
                from32: fs == Scalar::F32,
            },
            CastKind::FloatToFloat => {
                if ts == Scalar::F32 {
                    Insn::F64ToF32 { d, s }
                } else {
                    Insn::F32ToF64 { d, s }
                }
            }
            CastKind::ToVoid => Insn::Nop,
            CastKind::Complex => crate::bug!("a complex conversion without a complex type"),
        };
        self.emit(insn);
    }

    pub(super) fn incdec(
        &mut self,
        lhs: &Expr,
        inc: bool,
        prefix: bool,
        elem: u64,
        ty: TypeId,
    ) -> R {
        let sc = self.scalar(ty);
        let m = self.mark();
        let pl = self.place(lhs);
        self.span = lhs.span;
        let old = self.load_place(pl, sc);
        // Postfix on a register local: keep the old value (the store overwrites it). In
        // memory, `old` is a temporary the store leaves alone.
        let saved = if !prefix && matches!(pl, Place::Reg(_)) {
            let t = self.temp();
            self.emit(self.mov(ty, t, old));
            Some(t)
        } else {
            None
        };
        let new = self.temp();
        let delta: i64 = if inc { 1 } else { -1 };
        match sc {
            Scalar::Ptr => self.emit(Insn::PtrAddImm {
                d: new,
                p: old,
                off: (delta * elem as i64) as i32,
            }),
            Scalar::I32 => self.emit(Insn::AddI32Imm {
                d: new,
                a: old,
                imm: delta as i32,
            }),
            Scalar::I64 => self.emit(Insn::AddI64Imm {
                d: new,
                a: old,
                imm: delta as i32,
            }),
            sc if sc.is_wide() => {
                // (A complex `++` adds one to the real part, as gcc's extension does.)
                let one = match sc {
                    Scalar::F80 => crate::num::F80::from_i64(1).0,
                    Scalar::C32 => u128::from(1f32.to_bits()),
                    _ => u128::from(1f64.to_bits()),
                };
                let one = self.konst_wide(one);
                let (a, b) = (old, one);
                self.emit(if inc {
                    Insn::AddX { d: new, a, b, sc }
                } else {
                    Insn::SubX { d: new, a, b, sc }
                });
            }
            Scalar::F64 | Scalar::F32 => {
                let one = self.temp();
                let bits = if sc == Scalar::F32 {
                    u64::from(1f32.to_bits())
                } else {
                    1f64.to_bits()
                };
                self.emit(Insn::Const { d: one, v: bits });
                let insn = match (sc, inc) {
                    (Scalar::F64, true) => Insn::AddF64 {
                        d: new,
                        a: old,
                        b: one,
                    },
                    (Scalar::F64, false) => Insn::SubF64 {
                        d: new,
                        a: old,
                        b: one,
                    },
                    (_, true) => Insn::AddF32 {
                        d: new,
                        a: old,
                        b: one,
                    },
                    (_, false) => Insn::SubF32 {
                        d: new,
                        a: old,
                        b: one,
                    },
                };
                self.emit(insn);
            }
            Scalar::Bool => {
                // ++ on _Bool sets it to 1; -- toggles.
                if inc {
                    self.emit(Insn::Const { d: new, v: 1 });
                } else {
                    self.emit(Insn::LNot { d: new, s: old });
                }
            }
            _ => {
                // Narrow types are promoted to int, then converted back (no overflow).
                let one = self.temp();
                self.emit(Insn::Const {
                    d: one,
                    v: delta as u64,
                });
                self.emit(Insn::AddU64 {
                    d: new,
                    a: old,
                    b: one,
                });
                let conv = match sc {
                    Scalar::I8 => Insn::Sext8 { d: new, s: new },
                    Scalar::U8 => Insn::Zext8 { d: new, s: new },
                    Scalar::I16 => Insn::Sext16 { d: new, s: new },
                    Scalar::U16 => Insn::Zext16 { d: new, s: new },
                    Scalar::U32 => Insn::Zext32 { d: new, s: new },
                    _ => Insn::Nop,
                };
                self.emit(conv);
            }
        }
        self.store_place(pl, new, sc);
        let result = match saved {
            Some(t) => t,
            None if !prefix => old,
            None => self.stored_value(pl, new, sc),
        };
        self.move_down(result, m, lhs.ty)
    }

    pub(super) fn call(
        &mut self,
        e: &Expr,
        callee: &Callee,
        args: &[Expr],
        ret_slot: Option<LocalId>,
    ) -> R {
        let m = self.mark();
        let ra = match ret_slot {
            Some(l) => match self.locs[l.0 as usize] {
                LocalLoc::Mem(base) => base,
                LocalLoc::Reg(_) => NO_REG,
            },
            None => NO_REG,
        };
        let fptr = match callee {
            Callee::Indirect(p) => Some(self.gen(p)),
            Callee::Direct(_) => None,
        };
        let classes = self.va_classes(callee, args);
        // A variadic function's arguments are followed by the word of their classes.
        let n = args.len() + usize::from(classes.is_some());
        let base = self.temp_top;
        for _ in 0..n.max(1) {
            self.temp();
        }
        // gcc evaluates arguments right to left.
        for (i, a) in args.iter().enumerate().rev() {
            let target = (base + i as u32) as R;
            if self.types().is_record(a.ty) {
                let pl = self.place(a);
                let r = self.place_addr(pl);
                if r != target {
                    self.emit(Insn::Mov { d: target, s: r });
                }
            } else {
                self.gen_to(a, target);
            }
            self.release(base + n.max(1) as u32);
        }
        if let Some(v) = classes {
            let d = (base + args.len() as u32) as R;
            self.emit(Insn::Const { d, v });
        }
        self.span = e.span;
        let args_r = base as R;
        let nargs = n as u16;
        match callee {
            Callee::Direct(f) => {
                let func = &self.prog.functions[f.0 as usize];
                match func.builtin {
                    Some(b) => {
                        self.format_check(b, args, args_r);
                        self.span = e.span;
                        self.emit(Insn::Builtin {
                            b,
                            args: args_r,
                            nargs,
                            d: args_r,
                        })
                    }
                    None => self.emit(Insn::Call {
                        f: f.0,
                        args: args_r,
                        nargs,
                        ra,
                    }),
                }
            }
            Callee::Indirect(p) => {
                let fn_ty = self
                    .types()
                    .pointee(p.ty)
                    .map(|q| q.ty)
                    .unwrap_or(TypeId::INT);
                let sig = call_sig(self.types(), fn_ty);
                let sig = self.cp.sig_id(sig);
                self.emit(Insn::CallIndirect {
                    p: fptr.unwrap_or(0),
                    args: args_r,
                    nargs,
                    ra,
                    sig,
                });
            }
        }
        let result = if ra != NO_REG { ra } else { args_r };
        if ra != NO_REG {
            self.release(m);
            return ra;
        }
        self.move_down(result, m, e.ty)
    }

    /// Jumps to `target` when the truth of `e` equals `when`.
    pub(super) fn cond_jump(&mut self, e: &Expr, when: bool, target: Label) {
        self.span = e.span;
        let m = self.mark();
        match &e.kind {
            ExprKind::Int(v) if self.types().is_integer(e.ty) => {
                if (*v != 0) == when {
                    self.jump(Insn::Jmp { t: target as u32 });
                }
            }
            ExprKind::Unary(UnOp::Not, x) => self.cond_jump(x, !when, target),
            ExprKind::LogAnd(a, b) => {
                if when {
                    let skip = self.new_label();
                    self.cond_jump(a, false, skip);
                    self.cond_jump(b, true, target);
                    self.bind(skip);
                } else {
                    self.cond_jump(a, false, target);
                    self.cond_jump(b, false, target);
                }
            }
            ExprKind::LogOr(a, b) => {
                if when {
                    self.cond_jump(a, true, target);
                    self.cond_jump(b, true, target);
                } else {
                    let skip = self.new_label();
                    self.cond_jump(a, true, skip);
                    self.cond_jump(b, false, target);
                    self.bind(skip);
                }
            }
            ExprKind::Cmp(op, a, b)
                if self.scalar(a.ty).is_signed_int()
                    || (matches!(op, CmpOp::Eq | CmpOp::Ne) && !self.scalar(a.ty).is_float()) =>
            {
                let t = target as u32;
                // A constant that fits in 32 bits (as the register holds it) is an operand.
                if let Some(k) = b
                    .as_int()
                    .filter(|&v| v as i64 == i64::from(v as i64 as i32))
                    .map(|v| v as i64 as i32)
                {
                    let ra = self.gen(a);
                    self.span = e.span;
                    let (a, neg) = (ra, !when);
                    let insn = match op {
                        CmpOp::Lt => Insn::JLtSImm { a, k, t, neg },
                        CmpOp::Ge => Insn::JLtSImm { a, k, t, neg: !neg },
                        CmpOp::Le => Insn::JLeSImm { a, k, t, neg },
                        CmpOp::Gt => Insn::JLeSImm { a, k, t, neg: !neg },
                        CmpOp::Eq => Insn::JEqImm { a, k, t, neg },
                        CmpOp::Ne => Insn::JEqImm { a, k, t, neg: !neg },
                    };
                    self.jump(insn);
                    self.release(m);
                    return;
                }
                let a_ty = a.ty;
                let ra = self.gen(a);
                let rb = self.gen(b);
                self.span = e.span;
                // `a > b` is `b < a`, `a >= b` is `b <= a`.
                let (a, b) = match op {
                    CmpOp::Gt | CmpOp::Ge => (rb, ra),
                    _ => (ra, rb),
                };
                let neg = !when;
                let ptrs = self.scalar(a_ty) == Scalar::Ptr;
                let insn = match op {
                    CmpOp::Lt | CmpOp::Gt => Insn::JLtS { a, b, t, neg },
                    CmpOp::Le | CmpOp::Ge => Insn::JLeS { a, b, t, neg },
                    CmpOp::Eq if ptrs => Insn::JEqP { a, b, t, neg },
                    CmpOp::Ne if ptrs => Insn::JEqP { a, b, t, neg: !neg },
                    CmpOp::Eq => Insn::JEq { a, b, t, neg },
                    CmpOp::Ne => Insn::JEq { a, b, t, neg: !neg },
                };
                self.jump(insn);
            }
            _ => {
                let r = self.gen(e);
                let sc = self.scalar(e.ty);
                let r = if sc.is_float() {
                    let t = self.temp();
                    self.emit(match sc {
                        Scalar::F32 => Insn::ToBoolF32 { d: t, s: r },
                        sc if sc.is_wide() => Insn::ToBoolX { d: t, s: r, sc },
                        _ => Insn::ToBoolF64 { d: t, s: r },
                    });
                    t
                } else {
                    r
                };
                self.span = e.span;
                if when {
                    self.jump(Insn::Jnz {
                        c: r,
                        t: target as u32,
                    });
                } else {
                    self.jump(Insn::Jz {
                        c: r,
                        t: target as u32,
                    });
                }
            }
        }
        self.release(m);
    }
}
