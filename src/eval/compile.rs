//! Compiles the checked program to register bytecode.
//!
//! Decisions made here, once, so that the evaluator never makes them per step:
//! * where each local lives: a register, or (when its address is taken, it is an aggregate,
//!   or it may be read before it is written) an object in the memory model, so that every
//!   byte of it has an init bit;
//! * frame layout: parameters in registers `0..n`, then named locals, then the base
//!   pointers of memory locals, then temporaries allocated like a stack;
//! * addresses of globals, literals and functions (allocated before compiling, so they are
//!   constants in the code);
//! * C's evaluation order as gcc implements it: call arguments right to left, operands
//!   left to right, `a = b` address first, `a op= b` value first.

use std::collections::HashMap;

use crate::bytecode::insn::{Insn, Width, NO_REG, R};
use crate::bytecode::*;
use crate::mem::Scalar;
use crate::sema::program::*;
use crate::sema::types::{TypeId, Types};
use crate::source::Span;

/// The place an lvalue designates.
#[derive(Clone, Copy, Debug)]
enum Place {
    Reg(R),
    Mem { base: R, off: i32 },
    Idx { p: R, i: R, size: u16 },
}

/// Definite assignment: which scalar locals might be read before being written.
struct DefAssign<'a> {
    candidate: Vec<bool>,
    maybe_uninit: Vec<bool>,
    case_labels: Vec<Vec<LabelId>>,
    switch_entry: Vec<Vec<bool>>,
    prog: &'a Program,
}

#[derive(Clone)]
struct DaState {
    assigned: Vec<bool>,
    dead: bool,
}

impl DaState {
    fn meet(&mut self, o: &DaState) {
        if o.dead {
            return;
        }
        if self.dead {
            *self = o.clone();
            return;
        }
        for (a, b) in self.assigned.iter_mut().zip(&o.assigned) {
            *a = *a && *b;
        }
    }
}

impl DefAssign<'_> {
    fn read(&mut self, l: LocalId, st: &DaState) {
        let i = l.0 as usize;
        if self.candidate.get(i).copied().unwrap_or(false) && !st.dead && !st.assigned[i] {
            self.maybe_uninit[i] = true;
        }
    }

    fn write(l: LocalId, st: &mut DaState) {
        if let Some(a) = st.assigned.get_mut(l.0 as usize) {
            *a = true;
        }
    }

    fn expr(&mut self, e: &Expr, st: &mut DaState) {
        use ExprKind as K;
        match &e.kind {
            K::Int(_)
            | K::Float(_)
            | K::Global(_)
            | K::Str(_)
            | K::FuncAddr(_)
            | K::FuncName
            | K::Local(_) => {}
            K::Load(x) => {
                if let K::Local(l) = x.kind {
                    self.read(l, st);
                } else {
                    self.expr(x, st);
                }
            }
            K::Deref(x)
            | K::Member(x, ..)
            | K::Decay(x)
            | K::AddrOf(x)
            | K::Cast(_, x)
            | K::Unary(_, x) => self.expr(x, st),
            K::Arith(_, a, b)
            | K::Cmp(_, a, b)
            | K::PtrAdd(a, b, _)
            | K::PtrDiff(a, b, _)
            | K::Comma(a, b)
            | K::AssignRecord(a, b) => {
                self.expr(a, st);
                self.expr(b, st);
            }
            K::LogAnd(a, b) | K::LogOr(a, b) => {
                self.expr(a, st);
                let saved = st.clone();
                self.expr(b, st);
                *st = saved;
            }
            K::Cond(c, a, b) => {
                self.expr(c, st);
                let mut sa = st.clone();
                self.expr(a, &mut sa);
                let mut sb = st.clone();
                self.expr(b, &mut sb);
                sa.meet(&sb);
                *st = sa;
            }
            K::Assign(lhs, rhs) => {
                if let K::Local(l) = lhs.kind {
                    self.expr(rhs, st);
                    Self::write(l, st);
                } else {
                    self.expr(lhs, st);
                    self.expr(rhs, st);
                }
            }
            K::CompoundAssign { lhs, rhs, .. } => {
                self.expr(rhs, st);
                if let K::Local(l) = lhs.kind {
                    self.read(l, st);
                    Self::write(l, st);
                } else {
                    self.expr(lhs, st);
                }
            }
            K::IncDec { lhs, .. } => {
                if let K::Local(l) = lhs.kind {
                    self.read(l, st);
                    Self::write(l, st);
                } else {
                    self.expr(lhs, st);
                }
            }
            K::Call { callee, args, .. } => {
                if let Callee::Indirect(p) = callee {
                    self.expr(p, st);
                }
                for a in args.iter().rev() {
                    self.expr(a, st);
                }
            }
            K::CompoundLiteral(_, init) => self.init(init, st),
        }
    }

    fn init(&mut self, init: &Init, st: &mut DaState) {
        match init {
            Init::Expr(e) => self.expr(e, st),
            Init::Aggregate { items, .. } => {
                for (_, it) in items {
                    if let InitItem::Expr(e) = it {
                        self.expr(e, st);
                    }
                }
            }
        }
    }

    fn stmt(&mut self, s: &Stmt, st: &mut DaState) {
        use StmtKind as S;
        match &s.kind {
            S::Expr(e) => self.expr(e, st),
            S::Block(v) => {
                for x in v {
                    self.stmt(x, st);
                }
            }
            S::If(c, a, b) => {
                self.expr(c, st);
                let mut sa = st.clone();
                self.stmt(a, &mut sa);
                let mut sb = st.clone();
                if let Some(b) = b {
                    self.stmt(b, &mut sb);
                }
                sa.meet(&sb);
                *st = sa;
            }
            S::While(c, body) => {
                self.expr(c, st);
                let entry = st.clone();
                let mut sb = st.clone();
                self.stmt(body, &mut sb);
                *st = entry;
            }
            S::DoWhile(body, c) => {
                let entry = st.clone();
                self.stmt(body, st);
                if !st.dead {
                    self.expr(c, st);
                }
                // `continue` may skip part of the body: only the entry state is certain.
                let mut after = entry;
                if !st.dead {
                    after.meet(st);
                }
                *st = after;
            }
            S::For(init, c, step, body) => {
                if let Some(i) = init {
                    self.stmt(i, st);
                }
                if let Some(c) = c {
                    self.expr(c, st);
                }
                let entry = st.clone();
                let mut sb = st.clone();
                self.stmt(body, &mut sb);
                if let Some(step) = step {
                    let mut ss = entry.clone();
                    self.expr(step, &mut ss);
                }
                *st = entry;
            }
            S::Switch {
                cond,
                body,
                cases,
                default,
            } => {
                self.expr(cond, st);
                let mut labels: Vec<LabelId> = cases.iter().map(|c| c.1).collect();
                labels.extend(default.iter().copied());
                self.case_labels.push(labels);
                self.switch_entry.push(st.assigned.clone());
                let entry = st.clone();
                let mut sb = DaState {
                    assigned: st.assigned.clone(),
                    dead: true,
                };
                self.stmt(body, &mut sb);
                self.case_labels.pop();
                self.switch_entry.pop();
                *st = entry;
            }
            S::Break | S::Continue | S::Return(None) | S::Goto(_) => st.dead = true,
            S::Return(Some(e)) => {
                self.expr(e, st);
                st.dead = true;
            }
            S::Label(id, body) => {
                let is_case = self.case_labels.last().is_some_and(|v| v.contains(id));
                if is_case {
                    let entry = DaState {
                        assigned: self.switch_entry.last().cloned().unwrap_or_default(),
                        dead: false,
                    };
                    st.meet(&entry);
                    if st.dead {
                        *st = entry;
                    }
                } else {
                    // A goto may arrive from anywhere.
                    st.assigned.iter_mut().for_each(|a| *a = false);
                    st.dead = false;
                }
                self.stmt(body, st);
            }
            S::Init(l, init) => {
                self.init(init, st);
                Self::write(*l, st);
            }
            S::Uninit(l) => {
                if let Some(a) = st.assigned.get_mut(l.0 as usize) {
                    *a = false;
                }
            }
            S::Empty => {}
        }
        let _ = self.prog;
    }
}

/// Compiles one function.
pub struct FnCompiler<'a> {
    prog: &'a Program,
    cp: &'a mut CompiledProgram,
    fid: u32,
    code: Vec<Insn>,
    spans: Vec<Span>,
    locs: Vec<LocalLoc>,
    ptr_locals: Vec<bool>,
    temp_top: u32,
    max_reg: u32,
    labels: Vec<Option<u32>>,
    fixups: Vec<usize>,
    user_labels: HashMap<LabelId, usize>,
    loops: Vec<(usize, usize)>,
    switches: Vec<SwitchTable>,
    switch_fixups: Vec<SwitchFixup>,
    span: Span,
    error: Option<CompileError>,
    /// The first register that is a temporary (below it: parameters, locals, bases).
    base_temp: u32,
}

type Label = usize;

/// A switch table to resolve once labels are bound: (table, case labels, default label).
type SwitchFixup = (usize, Vec<(u64, Label)>, Label);

impl<'a> FnCompiler<'a> {
    fn types(&self) -> &'a Types {
        &self.prog.types
    }

    fn scalar(&self, ty: TypeId) -> Scalar {
        self.prog.types.scalar(ty).unwrap_or(Scalar::I64)
    }

    fn emit(&mut self, i: Insn) {
        // Instructions that do nothing cost a dispatch each: leave them out.
        match i {
            Insn::Nop => return,
            Insn::Mov { d, s } if d == s => return,
            _ => {}
        }
        self.code.push(i);
        self.spans.push(self.span);
    }

    fn fail(&mut self, msg: &str) {
        if self.error.is_none() {
            self.error = Some(CompileError {
                span: self.span,
                message: msg.to_string(),
            });
        }
    }

    fn temp(&mut self) -> R {
        let r = self.temp_top;
        self.temp_top += 1;
        if self.temp_top > self.max_reg {
            self.max_reg = self.temp_top;
        }
        if r >= u32::from(NO_REG) - 1 {
            self.fail("this function needs more than 65,000 registers (it is too large for cmem)");
            return 0;
        }
        r as R
    }

    fn mark(&self) -> u32 {
        self.temp_top
    }

    fn release(&mut self, m: u32) {
        self.temp_top = m;
    }

    fn new_label(&mut self) -> Label {
        self.labels.push(None);
        self.labels.len() - 1
    }

    fn bind(&mut self, l: Label) {
        self.labels[l] = Some(self.code.len() as u32);
    }

    fn jump(&mut self, i: Insn) {
        self.fixups.push(self.code.len());
        self.emit(i);
    }

    fn is_ptr_local_reg(&self, r: R) -> bool {
        self.locs
            .iter()
            .enumerate()
            .any(|(i, l)| *l == LocalLoc::Reg(r) && self.ptr_locals[i])
    }

    // ---- places --------------------------------------------------------------------------

    fn place(&mut self, e: &Expr) -> Place {
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
                let pl = self.place(b);
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
                    Place::Reg(_) => {
                        self.fail("internal: member of a register local");
                        Place::Mem { base: 0, off: 0 }
                    }
                }
            }
            _ => {
                // Struct-valued expressions (calls, ?:, compound literals...) yield an address.
                let r = self.gen(e);
                Place::Mem { base: r, off: 0 }
            }
        }
    }

    /// The address of a place, in a register.
    fn place_addr(&mut self, pl: Place) -> R {
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
        }
    }

    fn load_place(&mut self, pl: Place, sc: Scalar) -> R {
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
        }
    }

    fn store_place(&mut self, pl: Place, v: R, sc: Scalar) {
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
        }
    }

    /// If the last instruction computed temporary `t`, make it write `d` instead.
    fn retarget_last(&mut self, t: R, d: R) -> bool {
        if u32::from(t) < self.first_temp() {
            return false;
        }
        // Not when a label is bound after the last instruction (control may arrive there).
        let pos = self.code.len() as u32;
        if self.labels.contains(&Some(pos)) {
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
            PtrDiff, Load, LoadIdx
        )
    }

    fn first_temp(&self) -> u32 {
        self.base_temp
    }

    // ---- values ----------------------------------------------------------------------------

    fn gen_to(&mut self, e: &Expr, d: R) {
        let r = self.gen(e);
        if r != d && !self.retarget_last(r, d) {
            self.emit(Insn::Mov { d, s: r });
        }
    }

    /// After an expression statement: a last `Mov` into a temporary at or above `m` only
    /// moved the unused value of the expression (an assignment's); leave it out.
    fn drop_dead_move(&mut self, m: u32) {
        let pos = self.code.len() as u32;
        if self.labels.contains(&Some(pos)) {
            return;
        }
        if let Some(Insn::Mov { d, .. }) = self.code.last() {
            if u32::from(*d) >= m && u32::from(*d) >= self.first_temp() {
                self.code.pop();
                self.spans.pop();
            }
        }
    }

    fn konst(&mut self, v: u64) -> R {
        let t = self.temp();
        self.emit(Insn::Const { d: t, v });
        t
    }

    /// Computes `e`; returns the register holding its value (for struct and array
    /// designators: their address).
    fn gen(&mut self, e: &Expr) -> R {
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
            K::FuncName => self.konst(0),
            K::Local(_) | K::Global(_) | K::Str(_) | K::Deref(_) | K::Member(..) => {
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
                self.move_down(r, m)
            }
            K::Decay(lv) | K::AddrOf(lv) => {
                let m = self.mark();
                let pl = self.place(lv);
                let r = self.place_addr(pl);
                self.move_down(r, m)
            }
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
            K::PtrAdd(p, i, size) => {
                let m = self.mark();
                let rp = self.gen(p);
                if let Some(k) = i.as_int() {
                    if let Some(off) = (k as i64)
                        .checked_mul(*size as i64)
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
                    size: u32::try_from(*size).unwrap_or(u32::MAX),
                });
                d
            }
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
            K::Unary(op, x) => {
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
            K::Cond(c, a, b) => {
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
            K::Comma(a, b) => {
                let m = self.mark();
                self.gen(a);
                self.release(m);
                let r = self.gen(b);
                self.move_down(r, m)
            }
            K::Assign(lhs, rhs) => {
                let sc = self.scalar(lhs.ty);
                let m = self.mark();
                let pl = self.place(lhs);
                let v = self.gen(rhs);
                self.span = e.span;
                self.store_place(pl, v, sc);
                let r = if let Place::Reg(r) = pl { r } else { v };
                self.move_down(r, m)
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
                self.move_down(dst, m)
            }
            K::CompoundAssign {
                op,
                lhs,
                rhs,
                op_ty,
                elem,
            } => {
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
                let r = if let Place::Reg(r) = pl { r } else { result };
                self.move_down(r, m)
            }
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

    /// Moves a result down to the temporary at `m` (so temporaries above it are free).
    fn move_down(&mut self, r: R, m: u32) -> R {
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
            self.emit(Insn::Mov { d, s: r });
        }
        d
    }

    fn arith(&mut self, op: ArithOp, a: &Expr, b: &Expr, ty: TypeId) -> R {
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

    fn arith_insn(&mut self, op: ArithOp, ty: TypeId, rhs_ty: TypeId, d: R, a: R, b: R) {
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

    fn compare_into(&mut self, op: CmpOp, ty: TypeId, d: R, a: R, b: R) {
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
            (Scalar::F32, CmpOp::Eq) => Insn::EqF32 { d, a, b },
            (Scalar::F32, CmpOp::Ne) => Insn::NeF32 { d, a, b },
            (Scalar::F32, CmpOp::Lt) => Insn::LtF32 { d, a, b },
            (Scalar::F32, _) => Insn::LeF32 { d, a, b },
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
    fn convert_reg(&mut self, r: R, from: TypeId, to: TypeId) -> R {
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

    fn cast(&mut self, kind: CastKind, x: &Expr, to: TypeId) -> R {
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
        if kind == CastKind::Bits {
            return self.move_down(r, m);
        }
        let (fs, ts) = (self.scalar(x.ty), self.scalar(to));
        self.release(m);
        let d = self.temp();
        self.span = x.span;
        self.cast_insn(kind, fs, ts, d, r);
        d
    }

    fn cast_insn(&mut self, kind: CastKind, fs: Scalar, ts: Scalar, d: R, s: R) {
        let insn = match kind {
            CastKind::ToBool => match fs {
                Scalar::F64 => Insn::ToBoolF64 { d, s },
                Scalar::F32 => Insn::ToBoolF32 { d, s },
                _ => Insn::ToBool { d, s },
            },
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
        };
        self.emit(insn);
    }

    fn incdec(&mut self, lhs: &Expr, inc: bool, prefix: bool, elem: u64, ty: TypeId) -> R {
        let sc = self.scalar(ty);
        let m = self.mark();
        let pl = self.place(lhs);
        self.span = lhs.span;
        let old = self.load_place(pl, sc);
        // Postfix on a register local: keep the old value (the store overwrites it). In
        // memory, `old` is a temporary the store leaves alone.
        let saved = if !prefix && matches!(pl, Place::Reg(_)) {
            let t = self.temp();
            self.emit(Insn::Mov { d: t, s: old });
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
            None => {
                if let Place::Reg(r) = pl {
                    r
                } else {
                    new
                }
            }
        };
        self.move_down(result, m)
    }

    fn call(&mut self, e: &Expr, callee: &Callee, args: &[Expr], ret_slot: Option<LocalId>) -> R {
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
        let n = args.len();
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
        self.span = e.span;
        let args_r = base as R;
        let nargs = n as u16;
        match callee {
            Callee::Direct(f) => {
                let func = &self.prog.functions[f.0 as usize];
                match func.builtin {
                    Some(b) => self.emit(Insn::Builtin {
                        b,
                        args: args_r,
                        nargs,
                        d: args_r,
                    }),
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
        self.move_down(result, m)
    }

    // ---- conditions ------------------------------------------------------------------------

    /// Jumps to `target` when the truth of `e` equals `when`.
    fn cond_jump(&mut self, e: &Expr, when: bool, target: Label) {
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
                let ra = self.gen(a);
                let rb = self.gen(b);
                self.span = e.span;
                // `a > b` is `b < a`, `a >= b` is `b <= a`.
                let (a, b) = match op {
                    CmpOp::Gt | CmpOp::Ge => (rb, ra),
                    _ => (ra, rb),
                };
                let neg = !when;
                let insn = match op {
                    CmpOp::Lt | CmpOp::Gt => Insn::JLtS { a, b, t, neg },
                    CmpOp::Le | CmpOp::Ge => Insn::JLeS { a, b, t, neg },
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
                    self.emit(if sc == Scalar::F32 {
                        Insn::ToBoolF32 { d: t, s: r }
                    } else {
                        Insn::ToBoolF64 { d: t, s: r }
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

    // ---- statements ------------------------------------------------------------------------

    fn init_local(&mut self, l: LocalId, init: &Init) {
        let local = &self.prog.functions[self.fid as usize].locals[l.0 as usize];
        let ty = local.ty;
        let m = self.mark();
        match (self.locs[l.0 as usize], init) {
            (LocalLoc::Reg(r), Init::Expr(e)) => {
                let v = self.gen(e);
                self.store_place(Place::Reg(r), v, self.scalar(ty));
            }
            (LocalLoc::Reg(r), Init::Aggregate { items, .. }) => {
                // `int x = {5}` or `{}` for a scalar.
                match items.first() {
                    Some((_, InitItem::Expr(e))) => {
                        let v = self.gen(e);
                        self.store_place(Place::Reg(r), v, self.scalar(ty));
                    }
                    _ => {
                        let z = self.konst(0);
                        self.store_place(Place::Reg(r), z, self.scalar(ty));
                    }
                }
            }
            (LocalLoc::Mem(base), _) => self.init_memory(base, ty, init),
        }
        self.release(m);
    }

    fn init_memory(&mut self, base: R, ty: TypeId, init: &Init) {
        let size = self.types().size_of(ty).unwrap_or(0) as u32;
        match init {
            Init::Expr(e) if self.types().is_record(e.ty) => {
                let pl = self.place(e);
                let src = self.place_addr(pl);
                self.emit(Insn::Copy {
                    dst: base,
                    src,
                    size,
                });
            }
            Init::Expr(e) => {
                let v = self.gen(e);
                let sc = self.scalar(ty);
                self.emit(Insn::Store {
                    a: base,
                    off: 0,
                    s: v,
                    sc,
                });
            }
            Init::Aggregate { zero, items } => {
                if *zero {
                    self.emit(Insn::Zero { a: base, size });
                }
                for (off, item) in items {
                    let m = self.mark();
                    let off32 = i32::try_from(*off).unwrap_or(i32::MAX);
                    match item {
                        InitItem::Expr(e) if self.types().is_record(e.ty) => {
                            let sz = self.types().size_of(e.ty).unwrap_or(0) as u32;
                            let pl = self.place(e);
                            let src = self.place_addr(pl);
                            let dst = self.temp();
                            self.emit(Insn::PtrAddImm {
                                d: dst,
                                p: base,
                                off: off32,
                            });
                            self.emit(Insn::Copy { dst, src, size: sz });
                        }
                        InitItem::Expr(e) => {
                            let v = self.gen(e);
                            let sc = self.scalar(e.ty);
                            self.span = e.span;
                            self.emit(Insn::Store {
                                a: base,
                                off: off32,
                                s: v,
                                sc,
                            });
                        }
                        InitItem::Bytes(s, n) => {
                            self.emit(Insn::InitBytes {
                                a: base,
                                off: *off as u32,
                                s: s.0,
                                n: *n as u32,
                            });
                        }
                    }
                    self.release(m);
                }
            }
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        if self.error.is_some() {
            return;
        }
        self.span = s.span;
        let m = self.mark();
        match &s.kind {
            StmtKind::Expr(e) => {
                let m = self.mark();
                self.gen(e);
                self.drop_dead_move(m);
                self.release(m);
            }
            StmtKind::Block(v) => {
                for x in v {
                    self.stmt(x);
                }
            }
            StmtKind::If(c, a, b) => {
                let lelse = self.new_label();
                self.cond_jump(c, false, lelse);
                self.stmt(a);
                match b {
                    Some(b) => {
                        let lend = self.new_label();
                        self.jump(Insn::Jmp { t: lend as u32 });
                        self.bind(lelse);
                        self.stmt(b);
                        self.bind(lend);
                    }
                    None => self.bind(lelse),
                }
            }
            StmtKind::While(c, body) => {
                let ltop = self.new_label();
                let lend = self.new_label();
                self.bind(ltop);
                self.cond_jump(c, false, lend);
                self.loops.push((lend, ltop));
                self.stmt(body);
                self.loops.pop();
                self.span = loop_span(s.span, Some(c));
                self.jump(Insn::Loop { t: ltop as u32 });
                self.bind(lend);
            }
            StmtKind::DoWhile(body, c) => {
                let ltop = self.new_label();
                let lcont = self.new_label();
                let lend = self.new_label();
                self.bind(ltop);
                self.loops.push((lend, lcont));
                self.stmt(body);
                self.loops.pop();
                self.bind(lcont);
                self.cond_jump(c, false, lend);
                self.span = loop_span(s.span, Some(c));
                self.jump(Insn::Loop { t: ltop as u32 });
                self.bind(lend);
            }
            StmtKind::For(init, c, step, body) => {
                if let Some(i) = init {
                    self.stmt(i);
                }
                let ltop = self.new_label();
                let lcont = self.new_label();
                let lend = self.new_label();
                self.bind(ltop);
                if let Some(c) = c {
                    self.cond_jump(c, false, lend);
                }
                self.loops.push((lend, lcont));
                self.stmt(body);
                self.loops.pop();
                self.bind(lcont);
                if let Some(step) = step {
                    self.gen(step);
                    self.release(m);
                }
                self.span = loop_span(s.span, c.as_ref());
                self.jump(Insn::Loop { t: ltop as u32 });
                self.bind(lend);
            }
            StmtKind::Switch {
                cond,
                body,
                cases,
                default,
            } => {
                let r = self.gen(cond);
                let lend = self.new_label();
                let mut case_labels = Vec::with_capacity(cases.len());
                for (v, l) in cases {
                    let lab = self.user_label(*l);
                    case_labels.push((*v, lab));
                }
                let dflt = match default {
                    Some(l) => self.user_label(*l),
                    None => lend,
                };
                let table = self.switches.len() as u32;
                self.switches.push(SwitchTable::default());
                self.switch_fixups.push((table as usize, case_labels, dflt));
                self.span = cond.span;
                self.emit(Insn::Switch { c: r, table });
                self.release(m);
                // `continue` inside a switch continues the enclosing loop.
                let cont = self.loops.last().map(|l| l.1).unwrap_or(lend);
                self.loops.push((lend, cont));
                self.stmt(body);
                self.loops.pop();
                self.bind(lend);
            }
            StmtKind::Break => {
                if let Some(&(b, _)) = self.loops.last() {
                    self.jump(Insn::Jmp { t: b as u32 });
                }
            }
            StmtKind::Continue => {
                if let Some(&(_, c)) = self.loops.last() {
                    self.jump(Insn::Loop { t: c as u32 });
                }
            }
            StmtKind::Return(e) => self.ret(e.as_ref(), s.span),
            StmtKind::Goto(l) => {
                let lab = self.user_label(*l);
                self.jump(Insn::Loop { t: lab as u32 });
            }
            StmtKind::Label(l, body) => {
                let lab = self.user_label(*l);
                self.bind(lab);
                self.stmt(body);
            }
            StmtKind::Init(l, init) => self.init_local(*l, init),
            StmtKind::Uninit(l) => {
                if let LocalLoc::Mem(base) = self.locs[l.0 as usize] {
                    let ty = self.prog.functions[self.fid as usize].locals[l.0 as usize].ty;
                    let size = self.types().size_of(ty).unwrap_or(0) as u32;
                    self.emit(Insn::Uninit { a: base, size });
                }
            }
            StmtKind::Empty => {}
        }
        self.release(m);
    }

    fn user_label(&mut self, l: LabelId) -> Label {
        if let Some(&lab) = self.user_labels.get(&l) {
            return lab;
        }
        let lab = self.new_label();
        self.user_labels.insert(l, lab);
        lab
    }

    fn ret(&mut self, e: Option<&Expr>, span: Span) {
        let ret_ty = self.prog.functions[self.fid as usize].ret;
        match e {
            None => {
                self.span = span;
                if self.prog.main.map(|m| m.0) == Some(self.fid) {
                    let z = self.konst(0);
                    self.emit(Insn::Ret { s: z });
                } else {
                    self.emit(Insn::RetVoid);
                }
            }
            Some(e) if self.types().is_record(ret_ty) => {
                let size = self.types().size_of(ret_ty).unwrap_or(0) as u32;
                let pl = self.place(e);
                let a = self.place_addr(pl);
                self.span = span;
                self.emit(Insn::RetRecord { s: a, size });
            }
            Some(e) => {
                let r = self.gen(e);
                self.span = span;
                self.emit(Insn::Ret { s: r });
            }
        }
    }

    fn finish_labels(&mut self) {
        for &at in &self.fixups {
            let resolve = |t: &mut u32, labels: &Vec<Option<u32>>| {
                *t = labels.get(*t as usize).copied().flatten().unwrap_or(0);
            };
            match &mut self.code[at] {
                Insn::Jmp { t } | Insn::Jz { t, .. } | Insn::Jnz { t, .. } | Insn::Loop { t } => {
                    resolve(t, &self.labels)
                }
                Insn::JLtS { t, .. } | Insn::JLeS { t, .. } | Insn::JEq { t, .. } => {
                    resolve(t, &self.labels)
                }
                Insn::JLtSImm { t, .. } | Insn::JLeSImm { t, .. } | Insn::JEqImm { t, .. } => {
                    resolve(t, &self.labels)
                }
                _ => {}
            }
        }
        for (table, cases, dflt) in std::mem::take(&mut self.switch_fixups) {
            let mut resolved: Vec<(u64, u32)> = cases
                .iter()
                .map(|(v, l)| (*v, self.labels.get(*l).copied().flatten().unwrap_or(0)))
                .collect();
            resolved.sort_by_key(|x| x.0);
            let default = self.labels.get(dflt).copied().flatten().unwrap_or(0);
            // Values are sign-extended bits: the range is measured as signed.
            let lo = resolved.iter().map(|x| x.0 as i64).min().unwrap_or(0);
            let hi = resolved.iter().map(|x| x.0 as i64).max().unwrap_or(0);
            let span = (hi as i128 - lo as i128) as u128;
            let dense = if !resolved.is_empty() && span < 4 * resolved.len() as u128 + 16 {
                let mut d = vec![default; span as usize + 1];
                for &(v, t) in &resolved {
                    d[(v as i64 as i128 - lo as i128) as usize] = t;
                }
                d
            } else {
                Vec::new()
            };
            self.switches[table] = SwitchTable {
                cases: resolved,
                default,
                lo: lo as u64,
                dense,
            };
        }
    }
}

/// Where a loop's back edge is reported (a step limit hit inside the loop): its condition,
/// or its keyword when it has none.
fn loop_span(stmt: Span, cond: Option<&Expr>) -> Span {
    match cond {
        Some(c) => c.span,
        None => Span {
            file: stmt.file,
            lo: stmt.lo,
            hi: (stmt.lo + 3).min(stmt.hi),
        },
    }
}

/// Compiles function `fid` of `prog` into `cp.funcs[fid]`.
pub fn compile_function(
    prog: &Program,
    cp: &mut CompiledProgram,
    fid: u32,
) -> Result<(), CompileError> {
    let f = &prog.functions[fid as usize];
    let sig = call_sig(&prog.types, f.ty);
    let sig = cp.sig_id(sig);
    let returns_ptr = prog.types.is_pointer(f.ret);
    let nparams = f.params.len() as u32;
    while cp.funcs.len() <= fid as usize {
        cp.funcs.push(CFunc::default());
    }
    let Some(body) = &f.body else {
        cp.funcs[fid as usize] = CFunc {
            name: f.name.clone(),
            nparams,
            variadic: prog.types.fn_sig(f.ty).is_some_and(|s| s.variadic),
            defined: false,
            builtin: f.builtin,
            library: f.library,
            sig,
            returns_ptr,
            span: f.span,
            end_span: f.end_span,
            site_base: cp.sites.len() as u32,
            ..CFunc::default()
        };
        return Ok(());
    };
    let types = &prog.types;
    // Which locals need memory.
    let n = f.locals.len();
    let mut da = DefAssign {
        candidate: f
            .locals
            .iter()
            .map(|l| l.kind == LocalKind::Var && !l.address_taken && types.is_scalar(l.ty))
            .collect(),
        maybe_uninit: vec![false; n],
        case_labels: Vec::new(),
        switch_entry: Vec::new(),
        prog,
    };
    let mut st = DaState {
        assigned: f
            .locals
            .iter()
            .map(|l| l.kind == LocalKind::Param)
            .collect(),
        dead: false,
    };
    da.stmt(body, &mut st);
    let in_memory: Vec<bool> = f
        .locals
        .iter()
        .enumerate()
        .map(|(i, l)| l.address_taken || !types.is_scalar(l.ty) || da.maybe_uninit[i])
        .collect();

    // Frame layout.
    let mut locs = vec![LocalLoc::Reg(0); n];
    let mut ptr_locals = vec![false; n];
    let mut next: u32 = nparams;
    for (i, &p) in f.params.iter().enumerate() {
        if !in_memory[p.0 as usize] {
            locs[p.0 as usize] = LocalLoc::Reg(i as R);
        }
    }
    for (i, l) in f.locals.iter().enumerate() {
        if l.kind == LocalKind::Param && !in_memory[i] {
            continue;
        }
        if !in_memory[i] {
            locs[i] = LocalLoc::Reg(next as R);
            next += 1;
        }
    }
    let mut mem_locals = Vec::new();
    for (i, l) in f.locals.iter().enumerate() {
        if in_memory[i] {
            let size = types.size_of(l.ty).unwrap_or(0);
            let size = u32::try_from(size).map_err(|_| CompileError {
                span: l.span,
                message: "a local object is too large".into(),
            })?;
            let site = cp.add_site(SiteInfo {
                span: l.span,
                func: fid,
                kind: SiteKind::Local(i as u32),
            });
            locs[i] = LocalLoc::Mem(next as R);
            mem_locals.push(MemLocal {
                reg: next as R,
                size,
                site,
                local: i as u32,
            });
            next += 1;
        }
    }
    for (i, l) in f.locals.iter().enumerate() {
        ptr_locals[i] = !in_memory[i] && types.is_pointer(l.ty);
    }
    if next >= u32::from(NO_REG) - 2 {
        return Err(CompileError {
            span: f.span,
            message: "this function has too many local variables for cmem".into(),
        });
    }
    let mut c = FnCompiler {
        prog,
        cp,
        fid,
        code: Vec::new(),
        spans: Vec::new(),
        locs,
        ptr_locals,
        temp_top: next,
        max_reg: next,
        labels: Vec::new(),
        fixups: Vec::new(),
        user_labels: HashMap::new(),
        loops: Vec::new(),
        switches: Vec::new(),
        switch_fixups: Vec::new(),
        span: f.span,
        error: None,
        base_temp: next,
    };
    // Prologue: parameters that live in memory are stored into their objects.
    for (i, &p) in f.params.iter().enumerate() {
        if let LocalLoc::Mem(base) = c.locs[p.0 as usize] {
            let l = &f.locals[p.0 as usize];
            c.span = l.span;
            if types.is_record(l.ty) {
                let size = types.size_of(l.ty).unwrap_or(0) as u32;
                c.emit(Insn::Copy {
                    dst: base,
                    src: i as R,
                    size,
                });
            } else {
                let sc = types.scalar(l.ty).unwrap_or(Scalar::I64);
                c.emit(Insn::Store {
                    a: base,
                    off: 0,
                    s: i as R,
                    sc,
                });
            }
        }
    }
    c.stmt(body);
    // Falling off the end.
    c.span = f.end_span;
    if prog.main.map(|m| m.0) == Some(fid) || f.ret != TypeId::VOID {
        let z = c.konst(0);
        c.emit(Insn::Ret { s: z });
    } else {
        c.emit(Insn::RetVoid);
    }
    c.finish_labels();
    if let Some(e) = c.error.take() {
        return Err(e);
    }
    let ptr_regs: Vec<R> = c
        .locs
        .iter()
        .enumerate()
        .filter(|(i, _)| c.ptr_locals[*i])
        .filter_map(|(_, l)| match l {
            LocalLoc::Reg(r) => Some(*r),
            LocalLoc::Mem(_) => None,
        })
        .collect();
    let ptr_params: Vec<R> = f
        .params
        .iter()
        .enumerate()
        .filter(|(_, p)| c.ptr_locals[p.0 as usize])
        .map(|(i, _)| i as R)
        .collect();
    let code: std::sync::Arc<[Insn]> = std::mem::take(&mut c.code).into();
    let spans = std::mem::take(&mut c.spans);
    let switches = std::mem::take(&mut c.switches);
    let locs = c.locs.clone();
    let nregs = c.max_reg + 1;
    let site_base = cp.sites.len() as u32;
    for sp in &spans {
        cp.sites.push(SiteInfo {
            span: *sp,
            func: fid,
            kind: SiteKind::Insn,
        });
    }
    cp.funcs[fid as usize] = CFunc {
        name: f.name.clone(),
        code,
        site_base,
        nregs,
        nparams,
        variadic: prog.types.fn_sig(f.ty).is_some_and(|s| s.variadic),
        defined: true,
        builtin: None,
        library: f.library,
        mem_locals,
        ptr_regs,
        ptr_params,
        switches,
        returns_ptr,
        sig,
        locals: locs,
        span: f.span,
        end_span: f.end_span,
    };
    Ok(())
}
