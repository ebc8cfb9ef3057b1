//! Calls (prototypes, default argument promotions, library functions), compound literals
//! and integer constant expressions.

use super::*;

impl Checker<'_> {
    /// A call of a name with no declaration: gcc's `__builtin_unreachable()` and
    /// `__builtin_trap()` (declared by no header), or an error (C99 removed implicit
    /// declarations); `None` for a declared callee.
    fn call_without_declaration(
        &mut self,
        f: &ast::Expr,
        args: &[ast::Expr],
        span: Span,
    ) -> Option<Expr> {
        if let ast::ExprKind::Ident(sym) = f.kind {
            // gcc's `__builtin_unreachable()` and `__builtin_trap()`, declared by no header.
            let compiler_builtin = match self.name(sym) {
                "__builtin_unreachable" => Some(Builtin::Unreachable),
                "__builtin_trap" => Some(Builtin::BuiltinTrap),
                _ => None,
            };
            if let Some(b) = compiler_builtin.filter(|_| self.lookup(sym).is_none()) {
                for a in args {
                    let _ = self.expr(a);
                }
                return Some(self.internal_call(b, TypeId::VOID, Vec::new(), span));
            }
            if self.lookup(sym).is_none() && !matches!(self.name(sym), "__func__") {
                let name = self.name(sym).to_string();
                let d = if name == "gets" {
                    let d = self.error(
                        Code::Unsupported,
                        f.span,
                        "`gets` was removed from C (C11): it cannot know how big the buffer is",
                    );
                    d.primary_label = Some("any line longer than the buffer overflows it".into());
                    d.help = Some("use `fgets(buf, sizeof buf, stdin)`, which stops at the buffer's size (and keeps the newline)".into());
                    d.standard = Some("C11 Foreword p6 (removed the gets function)");
                    d
                } else {
                    let d = self.error(
                        Code::Undeclared,
                        f.span,
                        format!("call to undeclared function `{name}`"),
                    );
                    d.primary_label =
                        Some("no declaration of this function is visible here".into());
                    d.help = Some(match header_of(&name) {
                        Some(h) => format!("`{name}` is declared in <{h}>: add `#include <{h}>` at the top of the file"),
                        None => "declare the function (or define it) before this call".into(),
                    });
                    d
                };
                let _ = d;
                for a in args {
                    let _ = self.expr(a);
                }
                return Some(self.poison(span));
            }
        }
        None
    }

    pub(super) fn call(&mut self, f: &ast::Expr, args: &[ast::Expr], span: Span) -> Expr {
        if let Some(e) = self.call_without_declaration(f, args, span) {
            return e;
        }
        let callee_e = self.expr(f);
        if self.is_error(&callee_e) {
            for a in args {
                let _ = self.expr(a);
            }
            return self.poison(span);
        }
        let (callee, fty) = match callee_e.kind {
            ExprKind::FuncAddr(fid) if self.prog.types.is_function(callee_e.ty) => {
                if let Some(reason) = self.prog.func(fid).forbidden {
                    let name = self.prog.func(fid).name.clone();
                    self.error(
                        Code::Unsupported,
                        f.span,
                        format!("`{name}` is not available in cmem"),
                    )
                    .push_note(reason.to_string());
                }
                if self.repl {
                    if let Some(caller) = self.func.as_ref().map(|f| f.id) {
                        if !self.prog.calls.contains(&(caller, fid)) {
                            self.prog.calls.push((caller, fid));
                        }
                    }
                }
                (Callee::Direct(fid), callee_e.ty)
            }
            _ => {
                let p = self.rvalue(callee_e);
                match self
                    .prog
                    .types
                    .pointee(p.ty)
                    .filter(|q| self.prog.types.is_function(q.ty))
                {
                    Some(q) => (Callee::Indirect(Box::new(p)), q.ty),
                    None => {
                        let t = self.show(p.ty);
                        self.type_error(f.span, format!("called object is not a function or function pointer (it has type `{t}`)"));
                        for a in args {
                            let _ = self.expr(a);
                        }
                        return self.poison(span);
                    }
                }
            }
        };
        let Some(sig) = self.prog.types.fn_sig(fty).cloned() else {
            return self.poison(span);
        };
        let mut out = Vec::with_capacity(args.len());
        if sig.prototyped {
            let fixed = sig.params.len();
            if args.len() < fixed || (args.len() > fixed && !sig.variadic) {
                let decl = match &callee {
                    Callee::Direct(id) => Some(self.prog.func(*id).span),
                    Callee::Indirect(_) => None,
                };
                let fname = match &callee {
                    Callee::Direct(id) => format!("`{}`", self.prog.func(*id).name),
                    Callee::Indirect(_) => "the function".to_string(),
                };
                let d = self.type_error(
                    span,
                    format!(
                        "{} arguments to {fname}: expected {}{fixed}, found {}",
                        if args.len() < fixed {
                            "too few"
                        } else {
                            "too many"
                        },
                        if sig.variadic { "at least " } else { "" },
                        args.len()
                    ),
                );
                if let Some(decl) = decl {
                    d.labels.push(crate::diag::Label {
                        span: decl,
                        message: "declared here".into(),
                    });
                }
            }
        }
        for (i, a) in args.iter().enumerate() {
            let v = self.expr(a);
            let v = match sig.params.get(i) {
                Some(&pt) if sig.prototyped => self.assign_convert(v, pt, "argument"),
                _ => self.default_promote(v),
            };
            out.push(v);
        }
        let ret_slot = if self.prog.types.is_record(sig.ret) {
            if self.func.is_some() {
                Some(self.new_local(
                    crate::source::Symbol(0),
                    QualType::new(sig.ret),
                    span,
                    LocalKind::Temp,
                ))
            } else {
                self.type_error(span, "a function call is not a constant");
                return self.poison(span);
            }
        } else {
            None
        };
        mk(
            sig.ret,
            span,
            ExprKind::Call {
                callee,
                args: out,
                ret_slot,
            },
        )
    }

    /// Default argument promotions (C11 6.5.2.2p6) for variadic and unprototyped arguments.
    pub(super) fn default_promote(&mut self, v: Expr) -> Expr {
        let v = if self.prog.types.is_record(v.ty) {
            v
        } else {
            self.rvalue(v)
        };
        if self.is_error(&v) {
            return v;
        }
        if v.ty == TypeId::FLOAT {
            return self.convert(v, TypeId::DOUBLE);
        }
        if self.prog.types.is_integer(v.ty) {
            let t = self.prog.types.promote(v.ty);
            return self.convert(v, t);
        }
        if v.ty == TypeId::VOID {
            self.type_error(
                v.span,
                "a `void` expression cannot be passed as an argument",
            );
        }
        v
    }

    pub(super) fn compound_literal(
        &mut self,
        ty: TypeId,
        items: &[ast::InitItem],
        span: Span,
    ) -> Expr {
        let init_ast = ast::Initializer::List(Vec::new(), span);
        let _ = init_ast;
        if self.func.is_none() {
            // At file scope: an anonymous object with static storage.
            let (init, ty) = self.initializer_list_for(ty, items, span);
            let data = self.lower_static(ty, &init);
            let id = GlobalId(self.prog.globals.len() as u32);
            self.prog.globals.push(Global {
                name: "<compound literal>".into(),
                sym: crate::source::Symbol(0),
                ty,
                quals: Quals::NONE,
                span,
                init: Some(data),
                kind: GlobalKind::User,
                local_of: None,
                library: false,
                uninitialized: false,
            });
            return mk(ty, span, ExprKind::Global(id));
        }
        let (init, ty) = self.initializer_list_for(ty, items, span);
        let lid = self.new_local(
            crate::source::Symbol(0),
            QualType::new(ty),
            span,
            LocalKind::Temp,
        );
        mk(ty, span, ExprKind::CompoundLiteral(lid, Box::new(init)))
    }

    /// An integer constant expression, or `None` (without reporting) when it is not one.
    pub(crate) fn const_int_expr(&mut self, e: &ast::Expr) -> Option<i64> {
        let v = self.value(e);
        if self.is_error(&v) {
            return Some(0);
        }
        match v.kind {
            ExprKind::Int(x) if self.prog.types.is_integer(v.ty) => Some(x as i64),
            _ => {
                if matches!(v.kind, ExprKind::Arith(..) | ExprKind::Unary(..))
                    && is_constant_tree(&v)
                {
                    self.type_error(
                        v.span,
                        "overflow or division by zero in a constant expression",
                    );
                    return Some(0);
                }
                None
            }
        }
    }

    /// `va_start(ap, last)`: `ap` (a `va_list`) set to the running call's first variadic
    /// argument.
    pub(super) fn va_start(&mut self, ap: &ast::Expr, span: Span) -> Expr {
        let variadic = self.func.as_ref().is_some_and(|f| {
            let ty = self.prog.func(f.id).ty;
            self.prog.types.fn_sig(ty).is_some_and(|s| s.variadic)
        });
        if !variadic {
            self.type_error(
                span,
                "`va_start` used in a function without `...` parameters",
            );
            return self.poison(span);
        }
        let Some(lhs) = self.va_list_lvalue(ap) else {
            return self.poison(span);
        };
        let start = self.internal_call(Builtin::VaStart, TypeId::ULONG, Vec::new(), span);
        mk(
            TypeId::VOID,
            span,
            ExprKind::Assign(Box::new(lhs), Box::new(start)),
        )
    }

    /// `va_arg(ap, T)`: the next variadic argument, as `T` (checked at run time against the
    /// type it was passed as).
    pub(super) fn va_arg(&mut self, ap: &ast::Expr, t: &ast::TypeName, span: Span) -> Expr {
        let ty = self.type_name(t);
        let class = match va::class_of(&self.prog.types, ty) {
            Ok(c) if c == va::ANY => {
                self.error(
                    Code::Unsupported,
                    span,
                    "`va_arg` of a struct or union is not supported by cmem",
                );
                return self.poison(span);
            }
            Ok(c) => c,
            Err(promoted) => {
                let shown = self.show(ty);
                self.type_error(span, format!("`va_arg(ap, {shown})` can never be right: a `{shown}` argument is passed as `{promoted}`"))
                    .help = Some(format!("use `va_arg(ap, {promoted})` and convert the result"));
                return self.poison(span);
            }
        };
        if self.va_list_lvalue(ap).is_none() {
            return self.poison(span);
        }
        let addr = self.unary(ast::UnaryOp::AddrOf, ap, ap.span);
        let class = mk(TypeId::INT, span, ExprKind::Int(u64::from(class)));
        self.internal_call(Builtin::VaArg, ty, vec![addr, class], span)
    }

    /// `ap` checked to be a modifiable `va_list`.
    fn va_list_lvalue(&mut self, ap: &ast::Expr) -> Option<Expr> {
        let lhs = self.expr(ap);
        if self.is_error(&lhs) {
            return None;
        }
        if lhs.ty != TypeId::ULONG || !lhs.is_lvalue() {
            let t = self.show(lhs.ty);
            self.type_error(
                ap.span,
                format!("expected a `va_list` variable, found `{t}`"),
            );
            return None;
        }
        self.check_modifiable(&lhs, "`va_start`").then_some(lhs)
    }

    /// `_Generic(e, T: value, ..., default: value)`: the value whose type is compatible
    /// with `e`'s (after lvalue conversion; `e` is not evaluated), or the default.
    pub(super) fn generic(
        &mut self,
        e: &ast::Expr,
        assocs: &[(Option<ast::TypeName>, ast::Expr)],
        span: Span,
    ) -> Expr {
        let control = self.value(e);
        if self.is_error(&control) {
            return self.poison(span);
        }
        let ty = control.ty;
        let mut chosen = None;
        let mut default = None;
        for (i, (t, _)) in assocs.iter().enumerate() {
            match t {
                None if default.is_some() => {
                    self.type_error(span, "`_Generic` has two `default` associations");
                }
                None => default = Some(i),
                Some(t) => {
                    let at = self.type_name(t);
                    if self.prog.types.compatible(at, ty) {
                        if chosen.is_some() {
                            self.type_error(
                                span,
                                "`_Generic` has two associations compatible with the same type",
                            );
                        }
                        chosen = Some(i);
                    }
                }
            }
        }
        match chosen.or(default) {
            Some(i) => {
                let v = self.expr(&assocs[i].1);
                Expr { span, ..v }
            }
            None => {
                let t = self.show(ty);
                self.type_error(span, format!("no association of this `_Generic` matches the type `{t}`, and there is no `default`"));
                self.poison(span)
            }
        }
    }
}
