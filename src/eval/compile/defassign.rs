//! Definite assignment: which scalar locals might be read before they are written. Those
//! get a memory object with init bits; every other scalar local lives in a register.

use super::*;

/// For each local of `f`: whether some read of it may come before any write (only scalar
/// variables whose address is not taken are candidates).
pub(super) fn maybe_uninit(prog: &Program, f: &Function, body: &Stmt) -> Vec<bool> {
    let types = &prog.types;
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
    da.maybe_uninit
}

/// Definite assignment: which scalar locals might be read before being written.
struct DefAssign<'a> {
    candidate: Vec<bool>,
    maybe_uninit: Vec<bool>,
    case_labels: Vec<std::collections::HashSet<LabelId>>,
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
            | K::F80(_)
            | K::Complex(..)
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
            | K::Bits(x, _)
            | K::Decay(x)
            | K::AddrOf(x)
            | K::Narrow(x, _)
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
            K::StmtExpr(s, v) => {
                self.stmt(s, st);
                self.expr(v, st);
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
                    if let InitItem::Expr(e) | InitItem::Bits(e, _) = it {
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
            S::For(f) => {
                let ForLoop {
                    init,
                    cond: c,
                    step,
                    body,
                } = &**f;
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
            S::Switch(sw) => {
                let Switch {
                    cond,
                    body,
                    cases,
                    default,
                } = &**sw;
                self.expr(cond, st);
                let mut labels: std::collections::HashSet<LabelId> =
                    cases.iter().map(|c| c.1).collect();
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
