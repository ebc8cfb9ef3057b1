//! Function definitions: parameters, the body, labels and `main`'s signature.

use super::*;

impl<'a> Checker<'a> {
    /// REPL: function `old` is defined again with another type, as a new function; the
    /// functions that call `old` were checked against it and still call it, which the
    /// user is told (never silently).
    fn warn_stale_callers(&mut self, old: FuncId, name: ast::Name) {
        let callers: Vec<String> = self
            .prog
            .calls
            .iter()
            .filter(|(caller, callee)| *callee == old && *caller != old)
            .map(|(caller, _)| self.prog.func(*caller))
            .filter(|f| f.body.is_some() && f.name != "<repl>")
            .map(|f| format!("`{}`", f.name))
            .collect();
        if callers.is_empty() {
            return;
        }
        let fname = self.name(name.sym).to_string();
        let who = callers.join(", ");
        let verb = if callers.len() == 1 { "calls" } else { "call" };
        self.type_warning(
            name.span,
            format!("`{fname}` is defined again with another type: {who} still {verb} the old `{fname}`"),
        )
        .help = Some(format!(
            "define {who} again to call the new `{fname}`, or `:reset` to start the session over"
        ));
    }

    pub(super) fn function_def(&mut self, f: &ast::FunctionDef) {
        // A REPL snippet's context is set aside while a function is defined.
        let outer = self.func.take();
        self.function_def_inner(f);
        self.func = outer;
    }

    /// An old-style definition `int f(a, b) int a; char *b; { ... }`: the type of each name
    /// in the identifier list, from the declarations before the body (`int` when a name is
    /// not declared), for `param_types`.
    fn knr_parameters(&mut self, f: &ast::FunctionDef) {
        let Some(p) = f
            .declarator
            .function_params()
            .filter(|p| p.kind == ast::ParamsKind::Identifiers)
        else {
            if let Some(d) = f.knr.first() {
                self.type_error(d.span, "parameter declarations after a prototype");
            }
            return;
        };
        let mut types = vec![TypeId::INT; p.names.len()];
        for d in &f.knr {
            let specs = self.specs(&d.specs, true);
            for id in &d.declarators {
                let (name, ty) = self.declarator(specs.ty, &id.declarator, true);
                let Some(name) = name else { continue };
                match p.names.iter().position(|n| n.sym == name.sym) {
                    Some(i) => types[i] = ty.ty,
                    None => {
                        let n = self.name(name.sym).to_string();
                        self.type_error(
                            name.span,
                            format!("`{n}` is declared but is not in the parameter list"),
                        );
                    }
                }
            }
        }
        self.knr_types = Some(types);
    }

    pub(super) fn function_def_inner(&mut self, f: &ast::FunctionDef) {
        self.knr_parameters(f);
        let specs = self.specs(&f.specs, true);
        if !matches!(
            specs.storage,
            None | Some(ast::Storage::Static) | Some(ast::Storage::Extern)
        ) {
            self.type_error(f.specs.span, "invalid storage class for a function");
        }
        let (name, ty) = self.declarator(specs.ty, &f.declarator, false);
        let Some(name) = name else { return };
        let Some(sig) = self.prog.types.fn_sig(ty.ty).cloned() else {
            self.type_error(
                f.declarator.span,
                "expected a function declarator before the body",
            );
            return;
        };
        if self.repl {
            // The REPL lets a function be redefined: in place when the type is the same
            // (callers then call the new body), as a new function otherwise.
            let existing = self
                .scopes
                .first()
                .and_then(|s| s.names.get(&name.sym))
                .map(|b| b.0);
            if let Some(Binding::Func(old)) = existing {
                if self.prog.func(old).body.is_some() {
                    if self.prog.types.compatible(self.prog.func(old).ty, ty.ty) {
                        let previous = self.prog.functions[old.0 as usize].take_definition();
                        self.redefined.push((old, previous));
                    } else {
                        self.warn_stale_callers(old, name);
                        if let Some(sc) = self.scopes.first_mut() {
                            sc.names.remove(&name.sym);
                        }
                    }
                }
            }
        }
        let id = self.declare_function(name, ty.ty, specs);
        if specs.library && self.prog.func(id).body.is_some() {
            // A library function a built-in header defines, read again by a later unit.
            return;
        }
        // (A definition in another unit is the linker's "multiple definition".)
        if !self.prog.func(id).is_static && !self.link(name, Binding::Func(id), true) {
            return;
        }
        if self.prog.func(id).body.is_some() {
            let prev = self.prog.func(id).span;
            self.redefinition(name, prev, "first defined here");
            return;
        }
        if self.prog.func(id).builtin.is_some() && !specs.library {
            // The program defines a function the headers declare: its own definition wins.
            self.prog.functions[id.0 as usize].builtin = None;
            self.prog.functions[id.0 as usize].forbidden = None;
        }
        {
            let func = &mut self.prog.functions[id.0 as usize];
            func.span = name.span;
            func.ty = ty.ty;
            func.ret = sig.ret;
            func.library = specs.library;
        }
        if sig.ret != TypeId::VOID && !self.prog.types.is_complete(sig.ret) {
            self.type_error(
                name.span,
                format!("return type `{}` is incomplete", self.show(sig.ret)),
            );
        }
        if self.name(name.sym) == "main" {
            self.check_main(name, &sig);
        }
        self.func = Some(FnCtx {
            id,
            locals: Vec::new(),
            labels: HashMap::new(),
            n_labels: 0,
            switches: Vec::new(),
            loops: 0,
            ret: sig.ret,
            name_str: None,
            vla_objects: HashMap::new(),
        });
        self.push_scope();
        self.vla_params = true;
        let params = self.bind_parameters(f, &sig);
        self.vla_params = false;
        // The sizes of the parameters' variable-length array types, computed on entry.
        let sizes = self.take_vla_stmts();
        let body = self.block(&f.body, false);
        let body = if sizes.is_empty() {
            body
        } else {
            let span = body.span;
            let mut stmts = sizes;
            stmts.push(body);
            Stmt {
                kind: StmtKind::Block(stmts),
                span,
            }
        };
        let end = body.span;
        self.pop_scope(end);
        let ctx = self.func.take();
        if let Some(ctx) = ctx {
            for (sym, (_, def, used)) in &ctx.labels {
                if def.is_none() {
                    self.error(
                        Code::Undeclared,
                        *used,
                        format!("label `{}` used but not defined", self.name(*sym)),
                    );
                }
            }
            let func = &mut self.prog.functions[id.0 as usize];
            func.params = params;
            func.locals = ctx.locals;
            func.n_labels = ctx.n_labels;
            func.end_span = Span {
                file: f.body.span.file,
                lo: f.body.span.hi.saturating_sub(1),
                hi: f.body.span.hi,
            };
            func.body = Some(body);
        }
    }

    /// The parameters of definition `f` (of type `sig`) as locals, in scope for its body.
    fn bind_parameters(&mut self, f: &ast::FunctionDef, sig: &FnSig) -> Vec<LocalId> {
        let mut params = Vec::new();
        if let Some(p) = f.declarator.function_params() {
            if p.kind == ast::ParamsKind::Identifiers {
                for (n, &pty) in p.names.iter().zip(&sig.params) {
                    let lid = self.new_local(n.sym, QualType::new(pty), n.span, LocalKind::Param);
                    self.bind(n.sym, Binding::Local(lid), n.span);
                    params.push(lid);
                }
            }
            if p.kind == ast::ParamsKind::Prototype {
                for (i, pd) in p.list.iter().enumerate() {
                    let Some(&pty) = sig.params.get(i) else { break };
                    let pspecs = self.specs(&pd.specs, true);
                    let (pname, pq) = self.declarator(pspecs.ty, &pd.declarator, true);
                    let quals = pq.quals;
                    // A pointer to a variable-length array type keeps its run-time lengths
                    // in the body (the signature has `[*]`).
                    let pty = match self.prog.types.pointee(pq.ty) {
                        Some(e) if self.prog.types.is_vla(e.ty) => pq.ty,
                        _ => pty,
                    };
                    match pname {
                        Some(n) => {
                            if self
                                .scopes
                                .last()
                                .is_some_and(|s| s.names.contains_key(&n.sym))
                            {
                                self.type_error(
                                    n.span,
                                    format!("redefinition of parameter `{}`", self.name(n.sym)),
                                );
                            }
                            if !self.prog.types.is_complete(pty) {
                                self.type_error(
                                    n.span,
                                    format!("parameter `{}` has incomplete type", self.name(n.sym)),
                                );
                            }
                            let lid = self.new_local(
                                n.sym,
                                QualType { ty: pty, quals },
                                n.span,
                                LocalKind::Param,
                            );
                            self.bind(n.sym, Binding::Local(lid), n.span);
                            params.push(lid);
                        }
                        None => {
                            let lid = self.new_local(
                                Symbol(0),
                                QualType::new(pty),
                                pd.span,
                                LocalKind::Param,
                            );
                            params.push(lid);
                        }
                    }
                }
            }
        }
        params
    }

    pub(super) fn check_main(&mut self, name: ast::Name, sig: &FnSig) {
        if sig.ret != TypeId::INT {
            self.type_error(name.span, "`main` must return `int`");
        }
        let ok = match sig.params.len() {
            0 => true,
            2 => {
                let argv_ok = self
                    .prog
                    .types
                    .pointee(sig.params[1])
                    .and_then(|p| self.prog.types.pointee(p.ty))
                    .is_some_and(|c| c.ty == TypeId::CHAR);
                sig.params[0] == TypeId::INT && argv_ok
            }
            _ => false,
        };
        if !ok {
            self.type_error(
                name.span,
                "`main` must be `int main(void)` or `int main(int argc, char *argv[])`",
            );
        }
    }
}
