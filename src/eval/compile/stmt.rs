//! Statements: locals and their initialisers, control flow, labels, returns.

use super::*;

impl<'a> FnCompiler<'a> {
    pub(super) fn init_local(&mut self, l: LocalId, init: &Init) {
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

    pub(super) fn init_memory(&mut self, base: R, ty: TypeId, init: &Init) {
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
                self.store_place(Place::Mem { base, off: 0 }, v, sc);
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
                            self.store_place(Place::Mem { base, off: off32 }, v, sc);
                        }
                        InitItem::Bits(e, bf) => {
                            let v = self.gen(e);
                            self.span = e.span;
                            self.emit(Insn::StoreBits {
                                a: base,
                                off: off32,
                                s: v,
                                bf: *bf,
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

    pub(super) fn stmt(&mut self, s: &Stmt) {
        if self.error.is_some() {
            return;
        }
        self.span = s.span;
        let m = self.mark();
        // A statement that does something starts with its marker (a loop's is where its
        // condition is tested, each time round).
        if matches!(
            s.kind,
            StmtKind::Expr(_)
                | StmtKind::If(..)
                | StmtKind::Switch(_)
                | StmtKind::Break
                | StmtKind::Continue
                | StmtKind::Return(_)
                | StmtKind::Goto(_)
                | StmtKind::Init(..)
        ) {
            self.mark_stmt();
        }
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
                self.mark_stmt();
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
                self.span = c.span;
                self.mark_stmt();
                self.cond_jump(c, false, lend);
                self.span = loop_span(s.span, Some(c));
                self.jump(Insn::Loop { t: ltop as u32 });
                self.bind(lend);
            }
            StmtKind::For(f) => {
                let ForLoop {
                    init,
                    cond: c,
                    step,
                    body,
                } = &**f;
                if let Some(i) = init {
                    self.stmt(i);
                }
                let ltop = self.new_label();
                let lcont = self.new_label();
                let lend = self.new_label();
                self.bind(ltop);
                // At the condition: the loop's own variables are in scope there.
                self.span = c.as_ref().map_or(s.span, |c| c.span);
                self.mark_stmt();
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
            StmtKind::Switch(sw) => self.switch(sw, m),
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

    /// In a program compiled for the debugger, a `Stmt` marker where a statement starts
    /// (the current span's); none in the library's own C functions.
    pub(super) fn mark_stmt(&mut self) {
        if self.cp.debug && !self.prog.functions[self.fid as usize].library {
            self.emit(Insn::Stmt);
        }
    }

    /// `switch`: a jump table to the case labels; `m` is the registers' mark before it.
    fn switch(&mut self, sw: &Switch, m: u32) {
        let Switch {
            cond,
            body,
            cases,
            default,
        } = sw;
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

    pub(super) fn user_label(&mut self, l: LabelId) -> Label {
        if let Some(&lab) = self.user_labels.get(&l) {
            return lab;
        }
        let lab = self.new_label();
        self.user_labels.insert(l, lab);
        lab
    }

    pub(super) fn ret(&mut self, e: Option<&Expr>, span: Span) {
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
                if self.is_wide(ret_ty) {
                    // The caller finds a wide result in the wide register of its register 0.
                    self.emit(Insn::MovX { d: 0, s: r });
                    self.emit(Insn::Ret { s: 0 });
                } else {
                    self.emit(Insn::Ret { s: r });
                }
            }
        }
    }

    pub(super) fn finish_labels(&mut self) {
        for &at in &self.fixups {
            let resolve = |t: &mut u32, labels: &Vec<Option<u32>>| {
                *t = labels.get(*t as usize).copied().flatten().unwrap_or(0);
            };
            match &mut self.code[at] {
                Insn::Jmp { t } | Insn::Jz { t, .. } | Insn::Jnz { t, .. } | Insn::Loop { t } => {
                    resolve(t, &self.labels)
                }
                Insn::JLtS { t, .. }
                | Insn::JLeS { t, .. }
                | Insn::JEq { t, .. }
                | Insn::JEqP { t, .. } => resolve(t, &self.labels),
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
