//! Declarations: typedefs, functions, objects at file and block scope, `extern`, global
//! definitions and their initialisers.

use super::*;

impl<'a> Checker<'a> {
    /// A declaration at any scope. Returns statements for block-scope initialisers.
    pub(crate) fn declaration(&mut self, d: &ast::Declaration) -> Vec<Stmt> {
        if let Some((expr, _)) = &d.static_assert {
            if let Some(v) = self.const_int_expr(expr) {
                if v == 0 {
                    self.type_error(d.span, "static assertion failed");
                }
            }
            return Vec::new();
        }
        let specs = self.specs(&d.specs, true);
        if d.declarators.is_empty() {
            // `struct s { ... };` or `enum e { ... };` declare tags; anything else is empty.
            let declares_tag = d.specs.items.iter().any(|(s, _)| {
                matches!(
                    s,
                    ast::DeclSpec::Type(ast::TypeSpec::Struct(_) | ast::TypeSpec::Enum(_))
                )
            });
            if !declares_tag {
                self.type_error(d.span, "declaration does not declare anything");
            }
            return Vec::new();
        }
        let mut out = Vec::new();
        for id in &d.declarators {
            let (name, ty) = self.declarator(specs.ty, &id.declarator, false);
            // The sizes of its variable-length array types, computed here.
            out.extend(self.take_vla_stmts());
            let Some(name) = name else {
                self.type_error(id.declarator.span, "declarator has no name");
                continue;
            };
            if self.prog.types.is_vla(ty.ty) && specs.storage != Some(ast::Storage::Typedef) {
                out.extend(self.declare_vla_object(name, ty, specs, id.init.as_ref()));
                continue;
            }
            if specs.storage == Some(ast::Storage::Typedef) {
                if id.aligned.iter().any(|&n| self.name(n) != "packed") {
                    self.aligned_typedef(id.declarator.span);
                }
                if id.init.is_some() {
                    self.type_error(name.span, "a typedef cannot have an initializer");
                }
                self.declare_typedef(name, ty);
                continue;
            }
            if self.prog.types.is_function(ty.ty) {
                if id.init.is_some() {
                    self.type_error(
                        name.span,
                        "a function declaration cannot have an initializer",
                    );
                }
                self.declare_function(name, ty.ty, specs);
                continue;
            }
            if let Some(stmt) = self.declare_object(name, ty, specs, id.init.as_ref(), d.span) {
                out.push(stmt);
            }
        }
        out
    }

    pub(super) fn declare_typedef(&mut self, name: ast::Name, ty: QualType) {
        if let Some((prev, prev_span)) = self
            .scopes
            .last()
            .and_then(|s| s.names.get(&name.sym))
            .copied()
        {
            match prev {
                Binding::Typedef(q) if self.prog.types.compatible(q.ty, ty.ty) => return,
                _ => {
                    self.redefinition(name, prev_span, "previously declared here");
                    return;
                }
            }
        }
        self.bind(name.sym, Binding::Typedef(ty), name.span);
    }

    /// Declares (or re-declares) a function; returns its id.
    pub(crate) fn declare_function(&mut self, name: ast::Name, ty: TypeId, specs: Specs) -> FuncId {
        // Functions always live at file scope, even when declared in a block.
        let external = specs.storage != Some(ast::Storage::Static);
        let existing = self.file_scope_binding(name.sym, external);
        if let Some((b, prev_span)) = existing {
            match b {
                Binding::Func(f) => {
                    let old = self.prog.func(f).ty;
                    if !self.prog.types.linkable(old, ty) {
                        let (a, b2) = (self.show(ty), self.show(old));
                        self.type_error(
                            name.span,
                            format!("conflicting types for `{}`", self.name(name.sym)),
                        )
                        .push_note(format!(
                            "this declaration has type `{a}`, the earlier one `{b2}`"
                        ))
                        .push_label(prev_span, "previously declared here");
                    } else if self.prog.types.fn_sig(ty).is_some_and(|s| s.prototyped)
                        && !self.prog.types.fn_sig(old).is_some_and(|s| s.prototyped)
                    {
                        self.prog.functions[f.0 as usize].ty = ty;
                    }
                    if !self.at_file_scope() {
                        self.bind(name.sym, Binding::Func(f), name.span);
                    }
                    return f;
                }
                _ => {
                    self.different_kind(name, prev_span);
                }
            }
        }
        let sig = self.prog.types.fn_sig(ty).cloned().unwrap_or(FnSig {
            ret: TypeId::INT,
            params: vec![],
            variadic: false,
            prototyped: false,
        });
        let name_str = self.name(name.sym).to_string();
        let library = specs.library;
        // A library function may be declared by the program itself instead of by its
        // header (C11 §7.1.4p2): an external declaration of its name is the library
        // function, unless the program defines one of its own (see `define_function`).
        let builtin = if library {
            Builtin::from_name(&name_str)
        } else if external {
            // (cmem's internal helpers stay internal.)
            Builtin::from_name(&name_str).filter(|b| !b.is_internal())
        } else {
            None
        };
        let forbidden = if library {
            forbidden_reason(&name_str)
        } else {
            None
        };
        let id = FuncId(self.prog.functions.len() as u32);
        self.prog.functions.push(Function {
            name: name_str,
            sym: name.sym,
            ty,
            ret: sig.ret,
            params: Vec::new(),
            locals: Vec::new(),
            body: None,
            builtin,
            forbidden,
            span: name.span,
            end_span: name.span,
            library,
            n_labels: 0,
            is_static: !external,
        });
        if let Some(s) = self.scopes.first_mut() {
            s.names.insert(name.sym, (Binding::Func(id), name.span));
        }
        if external {
            self.link(name, Binding::Func(id), false);
        }
        if !self.at_file_scope() {
            self.bind(name.sym, Binding::Func(id), name.span);
        }
        id
    }

    /// What the file-scope name `sym` denotes: this unit's declaration or, for a name with
    /// external linkage, an earlier unit's (which this unit then shares).
    fn file_scope_binding(&mut self, sym: Symbol, external: bool) -> Option<(Binding, Span)> {
        if let Some(b) = self.scopes.first().and_then(|s| s.names.get(&sym)) {
            return Some(*b);
        }
        if !external || self.repl {
            return None;
        }
        let link = self.linked.get(&sym)?;
        let b = (link.binding, link.span);
        if let Some(s) = self.scopes.first_mut() {
            s.names.insert(sym, b);
        }
        Some(b)
    }

    /// Enters a declaration with external linkage in the linker's table; `defines`: it
    /// defines the object. A definition in a second unit is an error naming both (returns
    /// false); several tentative definitions in one unit are one definition (C11 6.9.2).
    pub(super) fn link(&mut self, name: ast::Name, binding: Binding, defines: bool) -> bool {
        if self.repl {
            return true;
        }
        let unit = self.unit;
        let defined = self
            .linked
            .entry(name.sym)
            .or_insert(Link {
                binding,
                span: name.span,
                defined: None,
                used: None,
            })
            .defined;
        if !defines {
            return true;
        }
        match defined {
            Some((u, prev)) if u != unit => {
                let msg = format!("multiple definition of `{}`", self.name(name.sym));
                self.type_error(name.span, msg)
                    .push_label(prev, "first defined here, in another file")
                    .help =
                    Some("define it in one file, and declare it `extern` in the others".into());
                false
            }
            Some(_) => true,
            None => {
                if let Some(link) = self.linked.get_mut(&name.sym) {
                    link.defined = Some((unit, name.span));
                }
                true
            }
        }
    }

    /// Records the first use of a name with external linkage, for `link_program`.
    pub(crate) fn mark_used(&mut self, sym: Symbol, binding: Binding, span: Span) {
        if let Some(link) = self.linked.get_mut(&sym) {
            let same = match (link.binding, binding) {
                (Binding::Func(a), Binding::Func(b)) => a == b,
                (Binding::Global(a), Binding::Global(b)) => a == b,
                _ => false,
            };
            if same {
                link.used.get_or_insert(span);
            }
        }
    }

    /// Declares an object (variable). Returns a statement for a block-scope initialiser.
    pub(super) fn declare_object(
        &mut self,
        name: ast::Name,
        ty: QualType,
        specs: Specs,
        init: Option<&ast::Initializer>,
        decl_span: Span,
    ) -> Option<Stmt> {
        use ast::Storage as S;
        if ty.ty == TypeId::VOID {
            self.type_error(
                name.span,
                format!("variable `{}` declared void", self.name(name.sym)),
            );
            return None;
        }
        let file_scope = self.at_file_scope();
        if !file_scope && !matches!(specs.storage, Some(S::Static | S::Extern)) {
            return self.declare_local(name, ty, init, decl_span);
        }
        if specs.storage == Some(S::Extern) && init.is_none() {
            return self.declare_extern(name, ty, specs);
        }
        let repl_runtime_init = self.repl && file_scope && init.is_some();
        // The name's scope starts at its declarator, so a complete object is declared before
        // its initializer is checked (`struct node *n = malloc(sizeof *n)`); an incomplete
        // array's initializer is checked first, as it completes the type (`int a[] = {1, 2}`).
        let early = if self.prog.types.is_complete(ty.ty) {
            Some(self.define_global(name, ty, specs, file_scope)?)
        } else {
            None
        };
        let mut ty = ty;
        let mut typed_init = None;
        let mut static_init = None;
        if let Some(i) = init {
            if repl_runtime_init {
                let (t_init, t) = self.initializer_for(ty.ty, i);
                ty.ty = t;
                typed_init = Some(t_init);
            } else {
                let (data, t) = self.static_initializer(ty.ty, i);
                ty.ty = t;
                static_init = Some(data);
            }
        }
        if early.is_none() && !self.prog.types.is_complete(ty.ty) {
            // A tentative definition of an incomplete array has one element (C11 6.9.2p5).
            if matches!(self.prog.types.get(ty.ty), Type::Array(_, None)) && file_scope {
                let elem = self
                    .prog
                    .types
                    .element(ty.ty)
                    .unwrap_or(QualType::new(TypeId::INT));
                ty.ty = self.prog.types.array(elem, Some(1));
            } else {
                self.incomplete_variable(name, ty.ty);
                return None;
            }
        }
        let gid = match early {
            Some(g) => g,
            None => self.define_global(name, ty, specs, file_scope)?,
        };
        if self.repl && file_scope && init.is_none() && specs.storage.is_none() {
            // A REPL variable behaves like a local: unwritten until assigned.
            if let Some(g) = self.prog.globals.get_mut(gid.0 as usize) {
                g.uninitialized = true;
            }
        }
        if let Some(data) = static_init {
            let had_init = self.prog.global(gid).init.is_some();
            if had_init && !self.repl {
                let prev = self.prog.global(gid).span;
                self.redefinition(name, prev, "first defined here");
            }
            if let Some(g) = self.prog.globals.get_mut(gid.0 as usize) {
                g.init = Some(data);
                g.span = name.span;
            }
        }
        if let Some(t_init) = typed_init {
            let target = Expr {
                ty: ty.ty,
                span: name.span,
                kind: ExprKind::Global(gid),
            };
            return Some(self.init_statement(target, t_init, decl_span));
        }
        None
    }

    pub(super) fn declare_extern(
        &mut self,
        name: ast::Name,
        ty: QualType,
        specs: Specs,
    ) -> Option<Stmt> {
        if let Some((Binding::Global(g), _)) = self.file_scope_binding(name.sym, true) {
            if !self.at_file_scope() {
                self.bind(name.sym, Binding::Global(g), name.span);
            }
            return None;
        }
        let name_str = self.name(name.sym).to_string();
        let kind = if specs.library {
            match name_str.as_str() {
                "stdin" => GlobalKind::Stream(0),
                "stdout" => GlobalKind::Stream(1),
                "stderr" => GlobalKind::Stream(2),
                "errno" => GlobalKind::Errno,
                _ => GlobalKind::User,
            }
        } else {
            GlobalKind::User
        };
        let id = GlobalId(self.prog.globals.len() as u32);
        let complete_ty = ty.ty;
        self.prog.globals.push(Global {
            name: name_str,
            sym: name.sym,
            ty: complete_ty,
            quals: ty.quals,
            span: name.span,
            init: None,
            kind,
            local_of: None,
            library: specs.library,
            uninitialized: false,
        });
        if let Some(s) = self.scopes.first_mut() {
            s.names.insert(name.sym, (Binding::Global(id), name.span));
        }
        self.link(name, Binding::Global(id), false);
        if !self.at_file_scope() {
            self.bind(name.sym, Binding::Global(id), name.span);
        }
        None
    }

    pub(super) fn define_global(
        &mut self,
        name: ast::Name,
        ty: QualType,
        specs: Specs,
        file_scope: bool,
    ) -> Option<GlobalId> {
        let external = file_scope && specs.storage != Some(ast::Storage::Static);
        if file_scope {
            if let Some((b, prev_span)) = self.file_scope_binding(name.sym, external) {
                match b {
                    Binding::Global(g) => {
                        let old = self.prog.global(g).ty;
                        let compatible = self.prog.types.linkable(old, ty.ty);
                        if !compatible {
                            self.type_error(
                                name.span,
                                format!("conflicting types for `{}`", self.name(name.sym)),
                            )
                            .push_label(prev_span, "previously declared here");
                            return None;
                        }
                        if external && !self.link(name, Binding::Global(g), true) {
                            return None;
                        }
                        if let Some(gl) = self.prog.globals.get_mut(g.0 as usize) {
                            if self.prog.types.is_complete(ty.ty) {
                                gl.ty = ty.ty;
                            }
                        }
                        return Some(g);
                    }
                    _ => {
                        if !self.repl {
                            self.different_kind(name, prev_span);
                            return None;
                        }
                    }
                }
            }
        }
        let id = GlobalId(self.prog.globals.len() as u32);
        self.prog.globals.push(Global {
            name: self.name(name.sym).to_string(),
            sym: name.sym,
            ty: ty.ty,
            quals: ty.quals,
            span: name.span,
            init: None,
            kind: GlobalKind::User,
            local_of: if file_scope {
                None
            } else {
                self.func.as_ref().map(|f| f.id)
            },
            library: specs.library,
            uninitialized: false,
        });
        if file_scope {
            if let Some(s) = self.scopes.first_mut() {
                s.names.insert(name.sym, (Binding::Global(id), name.span));
            }
            if external {
                self.link(name, Binding::Global(id), true);
            }
        } else {
            self.check_redeclared_in_block(name);
            self.bind(name.sym, Binding::Global(id), name.span);
        }
        Some(id)
    }

    pub(super) fn check_redeclared_in_block(&mut self, name: ast::Name) {
        if let Some((_, prev)) = self
            .scopes
            .last()
            .and_then(|s| s.names.get(&name.sym))
            .copied()
        {
            self.redefinition(name, prev, "previously defined here");
        }
    }

    /// A block-scope automatic variable.
    pub(super) fn declare_local(
        &mut self,
        name: ast::Name,
        ty: QualType,
        init: Option<&ast::Initializer>,
        decl_span: Span,
    ) -> Option<Stmt> {
        self.check_redeclared_in_block(name);
        let is_open_array = matches!(self.prog.types.get(ty.ty), Type::Array(_, None));
        if !(self.prog.types.is_complete(ty.ty) || is_open_array && init.is_some()) {
            self.incomplete_variable(name, ty.ty);
            return None;
        }
        let lid = self.new_local(name.sym, ty, name.span, LocalKind::Var);
        // The name is in scope in its own initializer (C11 6.2.1p7).
        self.bind(name.sym, Binding::Local(lid), name.span);
        let Some(i) = init else {
            return Some(Stmt {
                kind: StmtKind::Uninit(lid),
                span: decl_span,
            });
        };
        let (init, full_ty) = self.initializer_for(ty.ty, i);
        if full_ty != ty.ty {
            if let Some(l) = self
                .func
                .as_mut()
                .and_then(|f| f.locals.get_mut(lid.0 as usize))
            {
                l.ty = full_ty;
            }
        }
        Some(Stmt {
            kind: StmtKind::Init(lid, init),
            span: decl_span,
        })
    }

    /// A call of one of cmem's internal library functions (declared on first use, under a
    /// name the program cannot write).
    pub(crate) fn internal_call(
        &mut self,
        b: Builtin,
        ret: TypeId,
        args: Vec<Expr>,
        span: Span,
    ) -> Expr {
        let existing = self
            .prog
            .functions
            .iter()
            .position(|f| f.builtin == Some(b) && f.library);
        let fid = match existing {
            Some(i) => FuncId(i as u32),
            None => {
                let params = args.iter().map(|a| a.ty).collect();
                let ty = self.prog.types.function(FnSig {
                    ret,
                    params,
                    variadic: false,
                    prototyped: true,
                });
                let id = FuncId(self.prog.functions.len() as u32);
                self.prog.functions.push(Function {
                    name: b.name().to_string(),
                    sym: Symbol(0),
                    ty,
                    ret,
                    params: Vec::new(),
                    locals: Vec::new(),
                    body: None,
                    builtin: Some(b),
                    forbidden: None,
                    span,
                    end_span: span,
                    library: true,
                    n_labels: 0,
                    is_static: true,
                });
                id
            }
        };
        Expr {
            ty: ret,
            span,
            kind: ExprKind::Call {
                callee: Callee::Direct(fid),
                args,
                ret_slot: None,
            },
        }
    }

    /// A run-time initialisation of a global (REPL declarations).
    pub(super) fn init_statement(&mut self, target: Expr, init: Init, span: Span) -> Stmt {
        let ty = target.ty;
        let value = match init {
            Init::Expr(e) => e,
            agg => {
                // Initialise a temporary, then copy it into the global.
                let lid = self.new_local(Symbol(0), QualType::new(ty), span, LocalKind::Temp);
                let lit = Expr {
                    ty,
                    span,
                    kind: ExprKind::CompoundLiteral(lid, Box::new(agg)),
                };
                if self.prog.types.is_scalar(ty) {
                    Expr {
                        ty,
                        span,
                        kind: ExprKind::Load(Box::new(lit)),
                    }
                } else {
                    lit
                }
            }
        };
        let kind = if self.prog.types.is_scalar(ty) {
            ExprKind::Assign(Box::new(target), Box::new(value))
        } else {
            ExprKind::AssignRecord(Box::new(target), Box::new(value))
        };
        Stmt {
            kind: StmtKind::Expr(Expr { ty, span, kind }),
            span,
        }
    }

    pub(crate) fn new_local(
        &mut self,
        name: Symbol,
        ty: QualType,
        span: Span,
        kind: LocalKind,
    ) -> LocalId {
        let Some(f) = self.func.as_mut() else {
            return LocalId(0);
        };
        let id = LocalId(f.locals.len() as u32);
        let address_taken =
            !matches!(kind, LocalKind::Param | LocalKind::Var) || !self.prog.types.is_scalar(ty.ty);
        f.locals.push(Local {
            name,
            ty: ty.ty,
            quals: ty.quals,
            span,
            kind,
            address_taken,
            scope_end: u32::MAX,
        });
        id
    }
}
