//! Statements: blocks, labels, control flow and conditions.

use super::*;

/// The most values a GNU case range (`case 1 ... 5:`) may cover.
const MAX_CASE_RANGE: i64 = 1 << 16;

impl<'a> Checker<'a> {
    pub(crate) fn block(&mut self, b: &ast::Block, new_scope: bool) -> Stmt {
        if new_scope {
            self.push_scope();
        }
        let mut out = Vec::with_capacity(b.items.len());
        for item in &b.items {
            let s = self.stmt(item);
            // A declaration with nothing to do leaves no statement.
            if !matches!(s.kind, StmtKind::Empty) {
                out.push(s);
            }
        }
        if new_scope {
            self.pop_scope(b.span);
        }
        Stmt {
            kind: StmtKind::Block(out),
            span: b.span,
        }
    }

    /// A GNU statement expression `({ ...; value; })`: its own scope; its value is the
    /// last statement's, when that is an expression (otherwise it is void).
    pub(crate) fn stmt_expr(&mut self, b: &ast::Block, span: Span) -> Expr {
        if self.func.is_none() {
            self.type_error(
                span,
                "a statement expression is allowed only inside a function",
            );
            return self.poison(span);
        }
        self.push_scope();
        let (last, rest) = match b.items.split_last() {
            Some((last, rest)) => (Some(last), rest),
            None => (None, &[][..]),
        };
        let mut stmts: Vec<Stmt> = rest.iter().map(|s| self.stmt(s)).collect();
        let void = Expr {
            ty: TypeId::VOID,
            span,
            kind: ExprKind::Int(0),
        };
        let value = match last.map(|s| (s, &s.kind)) {
            Some((_, ast::StmtKind::Expr(Some(e)))) => {
                let v = self.expr(e);
                if self.prog.types.is_record(v.ty) {
                    self.error(Code::Unsupported, e.span, "a statement expression whose value is a struct or union is not supported by cmem");
                    void
                } else if v.ty == TypeId::VOID {
                    stmts.push(Stmt {
                        span: v.span,
                        kind: StmtKind::Expr(v),
                    });
                    void
                } else {
                    self.rvalue(v)
                }
            }
            Some((s, _)) => {
                stmts.push(self.stmt(s));
                void
            }
            None => void,
        };
        self.pop_scope(b.span);
        let block = Stmt {
            kind: StmtKind::Block(stmts),
            span: b.span,
        };
        Expr {
            ty: value.ty,
            span,
            kind: ExprKind::StmtExpr(Box::new(block), Box::new(value)),
        }
    }

    pub(super) fn label_id(&mut self, name: ast::Name, defining: bool) -> LabelId {
        let Some(f) = self.func.as_mut() else {
            return LabelId(0);
        };
        if let Some(entry) = f.labels.get_mut(&name.sym) {
            if defining {
                if let Some(prev) = entry.1 {
                    let id = entry.0;
                    self.type_error(
                        name.span,
                        format!("duplicate label `{}`", self.interner.resolve(name.sym)),
                    )
                    .push_label(prev, "first defined here");
                    return id;
                }
                entry.1 = Some(name.span);
            }
            return entry.0;
        }
        let id = LabelId(f.n_labels);
        f.n_labels += 1;
        f.labels.insert(
            name.sym,
            (id, if defining { Some(name.span) } else { None }, name.span),
        );
        id
    }

    pub(super) fn fresh_label(&mut self) -> LabelId {
        let Some(f) = self.func.as_mut() else {
            return LabelId(0);
        };
        let id = LabelId(f.n_labels);
        f.n_labels += 1;
        id
    }

    pub(crate) fn stmt(&mut self, s: &ast::Stmt) -> Stmt {
        use ast::StmtKind as S;
        let span = s.span;
        let kind = match &s.kind {
            S::Expr(None) => StmtKind::Empty,
            S::Expr(Some(e)) => {
                let e = self.expr(e);
                // (Sizes of variable-length array types its type names made, first.)
                let e = self.with_vla_stmts(e);
                StmtKind::Expr(self.discard(e))
            }
            S::Decl(d) => {
                let stmts = self.declaration(d);
                match stmts.len() {
                    0 => StmtKind::Empty,
                    1 => {
                        return stmts.into_iter().next().unwrap_or(Stmt {
                            kind: StmtKind::Empty,
                            span,
                        })
                    }
                    _ => StmtKind::Block(stmts),
                }
            }
            S::Block(b) => return self.block(b, true),
            S::If(c, a, b) => {
                let c = self.condition(c);
                let a = Box::new(self.sub_stmt(a));
                let b = b.as_ref().map(|b| Box::new(self.sub_stmt(b)));
                StmtKind::If(c, a, b)
            }
            S::While(c, body) => {
                let c = self.condition(c);
                let body = self.loop_body(body);
                StmtKind::While(c, Box::new(body))
            }
            S::DoWhile(body, c) => {
                let body = self.loop_body(body);
                let c = self.condition(c);
                StmtKind::DoWhile(Box::new(body), c)
            }
            S::For(h, body) => self.for_stmt(h, body, s.span),
            S::Switch(c, body) => self.switch_stmt(c, body),
            S::Case(value, high, body) => self.case_stmt(value, high.as_ref(), body, span),
            S::Default(body) => {
                let label = self.fresh_label();
                let in_switch = self.func.as_ref().is_some_and(|f| !f.switches.is_empty());
                if !in_switch {
                    self.type_error(span, "`default` label not within a switch statement");
                } else {
                    let prev = self
                        .func
                        .as_ref()
                        .and_then(|f| f.switches.last())
                        .and_then(|s| s.default)
                        .map(|d| d.1);
                    if let Some(prev) = prev {
                        self.type_error(span, "multiple default labels in one switch")
                            .push_label(prev, "first default here");
                    } else if let Some(sw) = self.func.as_mut().and_then(|f| f.switches.last_mut())
                    {
                        sw.default = Some((label, span));
                    }
                }
                let body = self.sub_stmt(body);
                StmtKind::Label(label, Box::new(body))
            }
            S::Break => {
                if self
                    .func
                    .as_ref()
                    .is_some_and(|f| f.loops == 0 && f.switches.is_empty())
                {
                    self.type_error(span, "`break` statement not within a loop or switch");
                }
                StmtKind::Break
            }
            S::Continue => {
                if self.func.as_ref().is_some_and(|f| f.loops == 0) {
                    self.type_error(span, "`continue` statement not within a loop");
                }
                StmtKind::Continue
            }
            S::Return(e) => self.return_stmt(e, s.span),
            S::Goto(n) => StmtKind::Goto(self.label_id(*n, false)),
            S::Label(n, body) => {
                let id = self.label_id(*n, true);
                let body = self.sub_stmt(body);
                StmtKind::Label(id, Box::new(body))
            }
            S::Error => StmtKind::Empty,
        };
        Stmt { kind, span }
    }

    /// A statement that is a sub-statement (body of if/while/...): its own scope in C99.
    pub(super) fn sub_stmt(&mut self, s: &ast::Stmt) -> Stmt {
        self.push_scope();
        let r = self.stmt(s);
        self.pop_scope(s.span);
        r
    }

    pub(super) fn loop_body(&mut self, s: &ast::Stmt) -> Stmt {
        self.with_func(|f| f.loops += 1);
        let r = self.sub_stmt(s);
        self.with_func(|f| f.loops -= 1);
        r
    }

    pub(super) fn with_func(&mut self, f: impl FnOnce(&mut FnCtx)) {
        if let Some(ctx) = self.func.as_mut() {
            f(ctx);
        }
    }

    /// A controlling expression: any scalar.
    pub(crate) fn condition(&mut self, e: &ast::Expr) -> Expr {
        let e = self.expr(e);
        let e = self.rvalue(e);
        if !self.prog.types.is_scalar(e.ty) {
            let t = self.show(e.ty);
            self.type_error(
                e.span,
                format!(
                    "used a value of type `{t}` where a scalar (number or pointer) is required"
                ),
            );
        }
        e
    }

    /// `for`: its own scope for a declaration in the first clause.
    fn for_stmt(&mut self, head: &ast::ForHead, body: &ast::Stmt, span: Span) -> StmtKind {
        let ast::ForHead { init, cond, step } = head;
        self.push_scope();
        let init = init.as_ref().map(|i| match i {
            ast::ForInit::Expr(e) => {
                let e = self.expr(e);
                Stmt { span: e.span, kind: StmtKind::Expr(self.discard(e)) }
            }
            ast::ForInit::Decl(d) => {
                for (spec, sp) in &d.specs.items {
                    if let ast::DeclSpec::Storage(st) = spec {
                        if !matches!(st, ast::Storage::Auto | ast::Storage::Register) {
                            self.type_error(*sp, "only `auto` and `register` objects may be declared in a `for` loop");
                        }
                    }
                }
                let stmts = self.declaration(d);
                Stmt { kind: StmtKind::Block(stmts), span: d.span }
            }
        });
        let cond = cond.as_ref().map(|c| self.condition(c));
        let step = step.as_ref().map(|e| {
            let e = self.expr(e);
            self.discard(e)
        });
        let body = self.loop_body(body);
        self.pop_scope(span);
        StmtKind::For(Box::new(ForLoop {
            init,
            cond,
            step,
            body,
        }))
    }

    /// `switch`: the controlling value promoted, the cases collected while checking the body.
    fn switch_stmt(&mut self, c: &ast::Expr, body: &ast::Stmt) -> StmtKind {
        let c = self.expr(c);
        let c = self.rvalue(c);
        let cond = if self.prog.types.is_integer(c.ty) {
            let t = self.prog.types.promote(c.ty);
            self.convert(c, t)
        } else {
            let t = self.show(c.ty);
            self.type_error(
                c.span,
                format!("switch quantity is not an integer (it has type `{t}`)"),
            );
            c
        };
        self.with_func(|f| {
            f.switches.push(SwitchCtx {
                cases: Vec::new(),
                seen: HashMap::new(),
                default: None,
                cond_ty: cond.ty,
            })
        });
        let body = self.sub_stmt(body);
        let sw = self.func.as_mut().and_then(|f| f.switches.pop());
        let (cases, default) = match sw {
            Some(sw) => (
                sw.cases.into_iter().map(|(v, l, _)| (v, l)).collect(),
                sw.default.map(|d| d.0),
            ),
            None => (Vec::new(), None),
        };
        StmtKind::Switch(Box::new(Switch {
            cond,
            body,
            cases,
            default,
        }))
    }

    /// `case`: a constant, converted to the switch's type, not seen before.
    fn case_stmt(
        &mut self,
        value: &ast::Expr,
        high: Option<&ast::Expr>,
        body: &ast::Stmt,
        span: Span,
    ) -> StmtKind {
        let v = self.const_int_expr(value);
        let label = self.fresh_label();
        let in_switch = self.func.as_ref().is_some_and(|f| !f.switches.is_empty());
        let values = match (v, high.map(|h| (h, self.const_int_expr(h)))) {
            (Some(v), None) => Some(v..=v),
            (Some(lo), Some((_, Some(hi)))) if lo > hi => {
                self.type_error(
                    span,
                    "empty case range: the first value is larger than the second",
                );
                None
            }
            (Some(lo), Some((h, Some(hi)))) if hi - lo >= MAX_CASE_RANGE => {
                self.error(Code::Unsupported, h.span, format!("a case range of more than {MAX_CASE_RANGE} values is not supported by cmem"))
                    .help = Some("test the range with `if` before the switch".into());
                None
            }
            (Some(lo), Some((_, Some(hi)))) => Some(lo..=hi),
            _ => None,
        };
        if !in_switch {
            self.type_error(span, "`case` label not within a switch statement");
        } else if let Some(values) = values {
            for v in values {
                if !self.add_case(v, label, value) {
                    break; // one report for a range that overlaps another
                }
            }
        }
        let body = self.sub_stmt(body);
        StmtKind::Label(label, Box::new(body))
    }

    /// Adds case value `v` (written at `value`) to the innermost switch; false (and an
    /// error) when it is a duplicate.
    fn add_case(&mut self, v: i64, label: LabelId, value: &ast::Expr) -> bool {
        let Some(sw) = self.func.as_ref().and_then(|f| f.switches.last()) else {
            return false;
        };
        let bits = truncate_to(&self.prog.types, v as u64, sw.cond_ty);
        if let Some(prev) = sw.seen.get(&bits).copied() {
            self.type_error(value.span, "duplicate case value")
                .push_label(prev, "previously used here");
            return false;
        }
        if let Some(sw) = self.func.as_mut().and_then(|f| f.switches.last_mut()) {
            sw.cases.push((bits, label, value.span));
            sw.seen.insert(bits, value.span);
        }
        true
    }

    /// A returned pointer to a local of this function (gcc's `-Wreturn-local-addr`): a
    /// warning, since the program may never use it; the use is the runtime error.
    fn warn_local_address(&mut self, e: &Expr) {
        fn object(e: &Expr) -> Option<LocalId> {
            match &e.kind {
                ExprKind::Local(l) => Some(*l),
                ExprKind::Member(b, ..) => object(b),
                ExprKind::Deref(p) => match &p.kind {
                    ExprKind::PtrAdd(q, ..) => address_of(q),
                    _ => None,
                },
                _ => None,
            }
        }
        fn address_of(e: &Expr) -> Option<LocalId> {
            match &e.kind {
                ExprKind::AddrOf(lv) | ExprKind::Decay(lv) => object(lv),
                ExprKind::Narrow(p, _) | ExprKind::Cast(_, p) => address_of(p),
                ExprKind::PtrAdd(p, ..) => address_of(p),
                _ => None,
            }
        }
        let Some(l) = address_of(e) else { return };
        let Some((sym, decl, fid)) = self
            .func
            .as_ref()
            .and_then(|f| Some((f.locals.get(l.0 as usize)?, f.id)))
            .map(|(local, id)| (local.name, local.span, id))
        else {
            return;
        };
        let name = self.name(sym).to_string();
        let fname = self.prog.func(fid).name.clone();
        let d = self.error(
            Code::DanglingStack,
            e.span,
            format!("`{fname}` returns the address of its local `{name}`"),
        );
        d.severity = crate::diag::Severity::Warning;
        d.primary_label = Some(format!("this address dangles as soon as `{fname}` returns"));
        d.push_label(
            decl,
            format!("`{name}` is declared here, and lives only until `{fname}` returns"),
        );
        d.help = Some("return the value itself, allocate the object with malloc (and free it later), or let the caller provide the storage".into());
        d.standard = Some("C11 §6.2.4p2");
    }

    /// `return`: the value converted to the function's return type.
    fn return_stmt(&mut self, e: &Option<ast::Expr>, span: Span) -> StmtKind {
        let ret = self.func.as_ref().map(|f| f.ret).unwrap_or(TypeId::VOID);
        let at_prompt = self.repl
            && self
                .func
                .as_ref()
                .is_some_and(|f| self.prog.func(f.id).name == "<repl>");
        if at_prompt {
            self.type_error(span, "`return` at the prompt: there is no function to return from")
                .help = Some("statements typed at the prompt run one by one, outside any function; to stop the session use `:quit`, or call `exit(n)`".into());
            return StmtKind::Expr(crate::sema::expr::mk(TypeId::VOID, span, ExprKind::Int(0)));
        }
        match e {
            None => {
                if ret != TypeId::VOID {
                    // C allows this (the value is then unusable); gcc warns.
                }
                StmtKind::Return(None)
            }
            Some(e) => {
                let e = self.expr(e);
                if ret == TypeId::VOID {
                    let e = self.rvalue(e);
                    if e.ty != TypeId::VOID {
                        self.type_error(e.span, "a void function cannot return a value");
                    }
                    StmtKind::Expr(e)
                } else {
                    let e = self.assign_convert(e, ret, "return value");
                    self.warn_local_address(&e);
                    StmtKind::Return(Some(e))
                }
            }
        }
    }
}
