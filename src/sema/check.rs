//! The checker: resolves names, computes types and layouts, and builds the [`Program`].
//!
//! One [`Checker`] owns the scopes and the program being built; it reports every
//! compile-time problem of a file (`type-error`, `undeclared`, `unsupported`) in one pass
//! and keeps going after an error where it can. Its state persists between calls to
//! [`Checker::check_unit`], which the REPL relies on.
//!
//! Expressions are in `expr.rs`, initializers and static data in `init.rs`.

use std::collections::HashMap;

use super::builtins::{forbidden_reason, Builtin};
use super::program::*;
use super::types::*;
use crate::diag::{Code, Diagnostic};
use crate::mem::Scalar;
use crate::source::{Interner, SourceMap, Span, Symbol};
use crate::syntax::ast;

/// What a name in the ordinary namespace denotes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Binding {
    Local(LocalId),
    Global(GlobalId),
    Func(FuncId),
    EnumConst(i64),
    Typedef(QualType),
}

#[derive(Clone, Default)]
pub(crate) struct Scope {
    pub names: HashMap<Symbol, (Binding, Span)>,
    pub tags: HashMap<Symbol, (TypeId, Span)>,
}

pub(crate) struct SwitchCtx {
    pub cases: Vec<(u64, LabelId, Span)>,
    pub default: Option<(LabelId, Span)>,
    pub cond_ty: TypeId,
}

/// The function being checked.
pub(crate) struct FnCtx {
    pub id: FuncId,
    pub locals: Vec<Local>,
    pub labels: HashMap<Symbol, (LabelId, Option<Span>, Span)>,
    pub n_labels: u32,
    pub switches: Vec<SwitchCtx>,
    pub loops: u32,
    pub ret: TypeId,
    pub name_str: Option<StrId>,
}

/// Declaration specifiers, resolved.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Specs {
    pub ty: QualType,
    pub storage: Option<ast::Storage>,
    pub library: bool,
}

pub struct Checker<'a> {
    pub(crate) interner: &'a Interner,
    pub(crate) sm: &'a SourceMap,
    pub(crate) prog: &'a mut Program,
    pub(crate) diags: Vec<Diagnostic>,
    pub(crate) scopes: &'a mut Vec<Scope>,
    pub(crate) func: Option<FnCtx>,
    pub(crate) str_ids: &'a mut HashMap<Vec<u8>, StrId>,
    /// REPL mode: top-level statements and runtime initialisers become a snippet function.
    pub(crate) repl: bool,
    /// REPL: functions whose body this input replaced (they must be recompiled), with their
    /// previous definitions.
    pub redefined: Vec<(FuncId, Definition)>,
    /// REPL: the globals holding the values of this input's expression statements.
    pub results: Vec<(GlobalId, Span)>,
}

/// State that persists between checks of successive inputs (the REPL's session).
#[derive(Default)]
pub struct CheckState {
    pub(crate) scopes: Vec<Scope>,
    pub(crate) str_ids: HashMap<Vec<u8>, StrId>,
}

impl CheckState {
    pub fn new() -> CheckState {
        CheckState {
            scopes: vec![Scope::default()],
            str_ids: HashMap::new(),
        }
    }
}

/// Where a library function lives, for "did you forget #include" hints.
pub(crate) fn header_of(name: &str) -> Option<&'static str> {
    let b = Builtin::from_name(name)?;
    use Builtin::*;
    Some(match b {
        Malloc | Calloc | Realloc | Free | Exit | Abort | Atexit | Atoi | Atol | Atoll | Atof
        | Strtol | Strtoul | Strtoll | Strtoull | Strtod | Abs | Labs | Llabs | Rand | Srand => {
            "stdlib.h"
        }
        Memcpy | Memmove | Memset | Memcmp | Memchr | Strlen | Strnlen | Strcpy | Strncpy
        | Strcat | Strncat | Strcmp | Strncmp | Strcasecmp | Strncasecmp | Strchr | Strrchr
        | Strstr | Strdup | Strndup | Strspn | Strcspn | Strpbrk | Strtok | Strerror => "string.h",
        Printf | Fprintf | Sprintf | Snprintf | Puts | Putchar | Fputs | Fputc | Putc | Fwrite
        | Getchar | Getc | Fgetc | Ungetc | Fgets | Scanf | Sscanf | Fscanf | Fflush | Perror
        | Feof | Ferror => "stdio.h",
        Isalnum | Isalpha | Isblank | Iscntrl | Isdigit | Isgraph | Islower | Isprint | Ispunct
        | Isspace | Isupper | Isxdigit | Tolower | Toupper => "ctype.h",
        Time | Clock => "time.h",
        Scratch | AssertFail => return None,
        _ => "math.h",
    })
}

impl<'a> Checker<'a> {
    pub fn new(
        interner: &'a Interner,
        sm: &'a SourceMap,
        prog: &'a mut Program,
        state: &'a mut CheckState,
        repl: bool,
    ) -> Checker<'a> {
        if state.scopes.is_empty() {
            state.scopes.push(Scope::default());
        }
        Checker {
            interner,
            sm,
            prog,
            diags: Vec::new(),
            scopes: &mut state.scopes,
            func: None,
            str_ids: &mut state.str_ids,
            repl,
            redefined: Vec::new(),
            results: Vec::new(),
        }
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diags
    }

    // ---- reporting -------------------------------------------------------------------------

    pub(crate) fn error(
        &mut self,
        code: Code,
        span: Span,
        msg: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diags.push(Diagnostic::new(code, span, msg));
        let n = self.diags.len();
        &mut self.diags[n - 1]
    }

    pub(crate) fn type_error(&mut self, span: Span, msg: impl Into<String>) -> &mut Diagnostic {
        self.error(Code::TypeError, span, msg)
    }

    fn incomplete_variable(&mut self, name: ast::Name, ty: TypeId) {
        let msg = format!(
            "variable `{}` has incomplete type `{}`",
            self.name(name.sym),
            self.show(ty)
        );
        self.type_error(name.span, msg);
    }

    /// `name` declared again as something else (a function as a variable, or the reverse).
    fn different_kind(&mut self, name: ast::Name, prev: Span) {
        let msg = format!(
            "`{}` redeclared as a different kind of symbol",
            self.name(name.sym)
        );
        self.type_error(name.span, msg)
            .push_label(prev, "previously declared here");
    }

    /// `name` defined again: an error at the new definition, labelled at the earlier one.
    fn redefinition(&mut self, name: ast::Name, prev: Span, prev_label: &str) {
        let msg = format!("redefinition of `{}`", self.name(name.sym));
        self.type_error(name.span, msg).push_label(prev, prev_label);
    }

    /// A type problem gcc only warns about: reported, and the program still runs.
    pub(crate) fn type_warning(&mut self, span: Span, msg: impl Into<String>) -> &mut Diagnostic {
        let d = self.error(Code::TypeError, span, msg);
        d.severity = crate::diag::Severity::Warning;
        d
    }

    pub(crate) fn unsupported(&mut self, span: Span, what: &str) {
        self.error(
            Code::Unsupported,
            span,
            format!("{what} is not supported by cmem"),
        )
        .primary_label = Some("outside cmem's C subset".into());
    }

    pub(crate) fn name(&self, sym: Symbol) -> &str {
        self.interner.resolve(sym)
    }

    pub(crate) fn show(&self, ty: TypeId) -> String {
        self.prog.types.display(ty, self.interner)
    }

    pub(crate) fn is_library_span(&self, span: Span) -> bool {
        self.sm.is_builtin(span.file)
    }

    // ---- scopes ----------------------------------------------------------------------------

    pub(crate) fn push_scope(&mut self) {
        self.scopes.push(Scope::default());
    }

    pub(crate) fn pop_scope(&mut self) {
        if self.scopes.len() > 1 {
            self.scopes.pop();
        }
    }

    pub(crate) fn lookup(&self, sym: Symbol) -> Option<Binding> {
        self.scopes
            .iter()
            .rev()
            .find_map(|s| s.names.get(&sym).map(|b| b.0))
    }

    pub(crate) fn lookup_tag(&self, sym: Symbol) -> Option<TypeId> {
        self.scopes
            .iter()
            .rev()
            .find_map(|s| s.tags.get(&sym).map(|b| b.0))
    }

    fn bind(&mut self, sym: Symbol, b: Binding, span: Span) {
        if let Some(s) = self.scopes.last_mut() {
            s.names.insert(sym, (b, span));
        }
    }

    fn at_file_scope(&self) -> bool {
        self.scopes.len() == 1
    }

    // ---- top level -------------------------------------------------------------------------

    /// Checks a translation unit (or a REPL input). Returns the REPL snippet's statements.
    pub fn check_unit(&mut self, unit: &ast::TranslationUnit) -> Vec<Stmt> {
        let mut snippet = Vec::new();
        for item in &unit.items {
            match item {
                ast::ExternalDecl::Function(f) => self.function_def(f),
                ast::ExternalDecl::Decl(d) => {
                    let stmts = self.declaration(d);
                    snippet.extend(stmts);
                }
                ast::ExternalDecl::Stmt(s) => {
                    if let Some(st) = self.snippet_stmt(s) {
                        snippet.push(st);
                    }
                }
            }
        }
        if !self.repl {
            self.finish_unit();
        }
        snippet
    }

    /// Checks a REPL statement in the snippet function's context. The value of an
    /// expression statement is kept in a global so that the REPL can print it.
    fn snippet_stmt(&mut self, s: &ast::Stmt) -> Option<Stmt> {
        self.func.as_ref()?;
        if let ast::StmtKind::Expr(Some(e)) = &s.kind {
            if !is_quiet_call(e, self) {
                let v = self.expr(e);
                let v = if self.prog.types.is_record(v.ty) {
                    v
                } else {
                    self.rvalue(v)
                };
                if v.ty != TypeId::VOID && v.ty != TypeId::ERROR {
                    let gid = GlobalId(self.prog.globals.len() as u32);
                    self.prog.globals.push(Global {
                        name: String::new(),
                        sym: Symbol(0),
                        ty: v.ty,
                        quals: Quals::NONE,
                        span: e.span,
                        init: None,
                        kind: GlobalKind::User,
                        local_of: None,
                        library: false,
                        uninitialized: true,
                    });
                    self.results.push((gid, e.span));
                    let ty = v.ty;
                    let target = Expr {
                        ty,
                        span: e.span,
                        kind: ExprKind::Global(gid),
                    };
                    let kind = if self.prog.types.is_record(ty) {
                        ExprKind::AssignRecord(Box::new(target), Box::new(v))
                    } else {
                        ExprKind::Assign(Box::new(target), Box::new(v))
                    };
                    let assign = Expr {
                        ty,
                        span: e.span,
                        kind,
                    };
                    let discarded = self.discard(assign);
                    return Some(Stmt {
                        kind: StmtKind::Expr(discarded),
                        span: s.span,
                    });
                }
                let discarded = self.discard(v);
                return Some(Stmt {
                    kind: StmtKind::Expr(discarded),
                    span: s.span,
                });
            }
        }
        Some(self.stmt(s))
    }

    /// Starts the REPL snippet function's context (locals of a snippet are temporaries).
    pub fn begin_snippet(&mut self, id: FuncId) {
        self.func = Some(FnCtx {
            id,
            locals: Vec::new(),
            labels: HashMap::new(),
            n_labels: 0,
            switches: Vec::new(),
            loops: 0,
            ret: TypeId::VOID,
            name_str: None,
        });
    }

    pub fn end_snippet(&mut self) -> Vec<Local> {
        self.func.take().map(|f| f.locals).unwrap_or_default()
    }

    /// After the whole file: `main` must exist and used functions must be defined.
    fn finish_unit(&mut self) {
        let main_sym = self.interner.get("main");
        let main =
            main_sym.and_then(
                |s| match self.scopes.first().and_then(|sc| sc.names.get(&s)) {
                    Some((Binding::Func(f), _)) => Some(*f),
                    _ => None,
                },
            );
        if let Some(m) = main {
            if self.prog.func(m).body.is_some() {
                self.prog.main = Some(m);
            }
        }
    }

    // ---- declaration specifiers ------------------------------------------------------------

    pub(crate) fn specs(&mut self, specs: &ast::DeclSpecs, allow_storage: bool) -> Specs {
        use ast::TypeSpec as T;
        let mut storage = None;
        let mut quals = Quals::NONE;
        let (mut void, mut char, mut short, mut int, mut long, mut float, mut double) =
            (0, 0, 0, 0, 0, 0, 0);
        let (mut signed, mut unsigned, mut bool_, mut complex) = (0, 0, 0, 0);
        let mut named: Option<QualType> = None;
        let mut named_count = 0;
        for (spec, span) in &specs.items {
            match spec {
                ast::DeclSpec::Storage(s) => {
                    if !allow_storage {
                        self.type_error(*span, "a storage class is not allowed here");
                    } else if storage.is_some() {
                        self.type_error(*span, "more than one storage class in a declaration");
                    } else {
                        if *s == ast::Storage::ThreadLocal {
                            self.unsupported(*span, "`_Thread_local`");
                        }
                        storage = Some(*s);
                    }
                }
                ast::DeclSpec::Qual(q) => match q {
                    ast::Qual::Const => quals.is_const = true,
                    ast::Qual::Volatile => quals.is_volatile = true,
                    ast::Qual::Restrict => {}
                    ast::Qual::Atomic => self.unsupported(*span, "`_Atomic`"),
                },
                ast::DeclSpec::Inline | ast::DeclSpec::Noreturn => {}
                ast::DeclSpec::Unsupported(what) => self.unsupported(*span, &format!("`{what}`")),
                ast::DeclSpec::Type(t) => match t {
                    T::Void => void += 1,
                    T::Char => char += 1,
                    T::Short => short += 1,
                    T::Int => int += 1,
                    T::Long => long += 1,
                    T::Float => float += 1,
                    T::Double => double += 1,
                    T::Signed => signed += 1,
                    T::Unsigned => unsigned += 1,
                    T::Bool => bool_ += 1,
                    T::Complex => complex += 1,
                    T::Struct(s) => {
                        named_count += 1;
                        named = Some(QualType::new(self.struct_spec(s)));
                    }
                    T::Enum(e) => {
                        named_count += 1;
                        named = Some(QualType::new(self.enum_spec(e)));
                    }
                    T::TypedefName(sym) => {
                        named_count += 1;
                        named = match self.lookup(*sym) {
                            Some(Binding::Typedef(q)) => Some(q),
                            _ => {
                                self.error(
                                    Code::Undeclared,
                                    *span,
                                    format!("unknown type name `{}`", self.name(*sym)),
                                );
                                Some(QualType::new(TypeId::INT))
                            }
                        };
                    }
                },
            }
        }
        let span = specs.span;
        let basic =
            void + char + short + int + long + float + double + signed + unsigned + bool_ + complex;
        let ty = if let Some(n) = named {
            if basic > 0 || named_count > 1 {
                self.type_error(span, "two or more data types in declaration specifiers");
            }
            QualType {
                ty: n.ty,
                quals: n.quals.union(quals),
            }
        } else {
            if complex > 0 {
                self.unsupported(span, "`_Complex`");
            }
            if signed > 0 && unsigned > 0 {
                self.type_error(
                    span,
                    "both `signed` and `unsigned` in declaration specifiers",
                );
            }
            let bad = |c: &mut Checker| {
                c.type_error(span, "invalid combination of type specifiers");
                TypeId::INT
            };
            let t = if void > 0 {
                if basic != 1 {
                    bad(self)
                } else {
                    TypeId::VOID
                }
            } else if bool_ > 0 {
                if basic != 1 {
                    bad(self)
                } else {
                    TypeId::BOOL
                }
            } else if float > 0 {
                if basic != 1 {
                    bad(self)
                } else {
                    TypeId::FLOAT
                }
            } else if double > 0 {
                if long > 0 {
                    self.unsupported(span, "`long double`");
                    TypeId::DOUBLE
                } else if basic != 1 {
                    bad(self)
                } else {
                    TypeId::DOUBLE
                }
            } else if char > 0 {
                if char > 1 || short + int + long > 0 {
                    bad(self)
                } else if unsigned > 0 {
                    TypeId::UCHAR
                } else if signed > 0 {
                    TypeId::SCHAR
                } else {
                    TypeId::CHAR
                }
            } else if short > 0 {
                if short > 1 || long > 0 || int > 1 {
                    bad(self)
                } else if unsigned > 0 {
                    TypeId::USHORT
                } else {
                    TypeId::SHORT
                }
            } else if long > 0 {
                if long > 2 || int > 1 {
                    bad(self)
                } else if long == 2 {
                    if unsigned > 0 {
                        TypeId::ULLONG
                    } else {
                        TypeId::LLONG
                    }
                } else if unsigned > 0 {
                    TypeId::ULONG
                } else {
                    TypeId::LONG
                }
            } else if int > 1 {
                bad(self)
            } else if int > 0 || signed > 0 || unsigned > 0 {
                if unsigned > 0 {
                    TypeId::UINT
                } else {
                    TypeId::INT
                }
            } else {
                self.type_error(span, "missing type specifier").help =
                    Some("C has no implicit `int`: write the type, e.g. `int`".into());
                TypeId::INT
            };
            QualType { ty: t, quals }
        };
        Specs {
            ty,
            storage,
            library: self.is_library_span(span),
        }
    }

    fn struct_spec(&mut self, s: &ast::StructSpec) -> TypeId {
        let kw = if s.is_union { "union" } else { "struct" };
        let existing_here = s.tag.and_then(|t| {
            self.scopes
                .last()
                .and_then(|sc| sc.tags.get(&t.sym).map(|x| x.0))
        });
        let ty = match (&s.members, s.tag) {
            (None, Some(tag)) => {
                // A reference, or a forward declaration that introduces the tag.
                if let Some(t) = self.lookup_tag(tag.sym) {
                    self.check_tag_kind(t, s.is_union, tag);
                    return t;
                }
                let t = self
                    .prog
                    .types
                    .new_record(Some(tag.sym), s.is_union, tag.span);
                if let Some(sc) = self.scopes.last_mut() {
                    sc.tags.insert(tag.sym, (t, tag.span));
                }
                return t;
            }
            (None, None) => {
                self.type_error(s.span, format!("anonymous {kw} without a body"));
                return TypeId::INT;
            }
            (Some(_), Some(tag)) => match existing_here {
                Some(t)
                    if self.prog.types.record_of(t).is_some_and(|r| !r.complete)
                        && self.check_tag_kind(t, s.is_union, tag) =>
                {
                    t
                }
                Some(t) => {
                    if self.prog.types.record_of(t).is_some() {
                        let prev = self
                            .scopes
                            .last()
                            .and_then(|sc| sc.tags.get(&tag.sym))
                            .map(|x| x.1)
                            .unwrap_or(tag.span);
                        self.type_error(
                            tag.span,
                            format!("redefinition of `{kw} {}`", self.name(tag.sym)),
                        )
                        .push_label(prev, "first defined here");
                    }
                    let t = self
                        .prog
                        .types
                        .new_record(Some(tag.sym), s.is_union, tag.span);
                    if let Some(sc) = self.scopes.last_mut() {
                        sc.tags.insert(tag.sym, (t, tag.span));
                    }
                    t
                }
                None => {
                    let t = self
                        .prog
                        .types
                        .new_record(Some(tag.sym), s.is_union, tag.span);
                    if let Some(sc) = self.scopes.last_mut() {
                        sc.tags.insert(tag.sym, (t, tag.span));
                    }
                    t
                }
            },
            (Some(_), None) => self.prog.types.new_record(None, s.is_union, s.span),
        };
        let Some(members) = &s.members else { return ty };
        let Type::Record(rid) = *self.prog.types.get(ty) else {
            return ty;
        };
        let mut fields: Vec<(Option<Symbol>, QualType, Span)> = Vec::new();
        for m in members {
            let specs = self.specs(&m.specs, false);
            if m.declarators.is_empty() {
                // An anonymous struct/union member (C11), or a stray declaration.
                if self
                    .prog
                    .types
                    .record_of(specs.ty.ty)
                    .is_some_and(|r| r.tag.is_none())
                {
                    fields.push((None, specs.ty, m.span));
                } else {
                    self.type_error(m.span, "declaration does not declare anything");
                }
                continue;
            }
            for md in &m.declarators {
                if let Some(w) = &md.bitfield {
                    self.unsupported(w.span, "bit-fields");
                    continue;
                }
                let Some(d) = &md.declarator else { continue };
                let (name, fty) = self.declarator(specs.ty, d, false);
                let Some(name) = name else { continue };
                if fields.iter().any(|f| f.0 == Some(name.sym)) {
                    self.type_error(
                        name.span,
                        format!("duplicate member `{}`", self.name(name.sym)),
                    );
                    continue;
                }
                if self.prog.types.is_function(fty.ty) {
                    self.type_error(
                        name.span,
                        format!("member `{}` declared as a function", self.name(name.sym)),
                    );
                    continue;
                }
                let flexible = matches!(self.prog.types.get(fty.ty), Type::Array(_, None));
                if flexible {
                    let elem = self
                        .prog
                        .types
                        .element(fty.ty)
                        .unwrap_or(QualType::new(TypeId::INT));
                    let zero = self.prog.types.array(elem, Some(0));
                    fields.push((
                        Some(name.sym),
                        QualType {
                            ty: zero,
                            quals: fty.quals,
                        },
                        name.span,
                    ));
                    continue;
                }
                if !self.prog.types.is_complete(fty.ty) {
                    self.type_error(
                        name.span,
                        format!(
                            "member `{}` has incomplete type `{}`",
                            self.name(name.sym),
                            self.show(fty.ty)
                        ),
                    );
                    continue;
                }
                fields.push((Some(name.sym), fty, name.span));
            }
        }
        self.prog.types.complete_record(rid, fields);
        ty
    }

    fn check_tag_kind(&mut self, t: TypeId, is_union: bool, tag: ast::Name) -> bool {
        let ok = match self.prog.types.get(t) {
            Type::Record(r) => self
                .prog
                .types
                .record(*r)
                .is_some_and(|r| r.is_union == is_union),
            _ => false,
        };
        if !ok {
            self.type_error(
                tag.span,
                format!(
                    "`{}` was declared as a different kind of tag",
                    self.name(tag.sym)
                ),
            );
        }
        ok
    }

    fn enum_spec(&mut self, e: &ast::EnumSpec) -> TypeId {
        let Some(list) = &e.enumerators else {
            let Some(tag) = e.tag else { return TypeId::INT };
            if let Some(t) = self.lookup_tag(tag.sym) {
                return t;
            }
            // Forward reference to an enum (a GNU extension); treat as int-compatible.
            let t = self.prog.types.new_enum(Some(tag.sym), tag.span);
            if let Some(sc) = self.scopes.last_mut() {
                sc.tags.insert(tag.sym, (t, tag.span));
            }
            return t;
        };
        let ty = self.prog.types.new_enum(e.tag.map(|t| t.sym), e.span);
        if let Some(tag) = e.tag {
            if let Some(sc) = self.scopes.last_mut() {
                sc.tags.insert(tag.sym, (ty, tag.span));
            }
        }
        let mut next: i64 = 0;
        let mut any_negative = false;
        for en in list {
            let value = match &en.value {
                Some(expr) => match self.const_int_expr(expr) {
                    Some(v) => v,
                    None => next,
                },
                None => next,
            };
            if value < i64::from(i32::MIN) || value > i64::from(u32::MAX) {
                self.type_error(en.name.span, "enumerator value does not fit in `int`");
            }
            any_negative |= value < 0;
            self.bind(en.name.sym, Binding::EnumConst(value), en.name.span);
            next = value.wrapping_add(1);
        }
        if let Type::Enum(id) = *self.prog.types.get(ty) {
            if let Some(def) = self.prog.types.enums.get_mut(id.0 as usize) {
                def.complete = true;
                def.unsigned = !any_negative;
            }
        }
        ty
    }

    // ---- declarators -----------------------------------------------------------------------

    /// Applies a declarator to a base type. `param` adjusts arrays and functions to pointers.
    pub(crate) fn declarator(
        &mut self,
        base: QualType,
        d: &ast::Declarator,
        param: bool,
    ) -> (Option<ast::Name>, QualType) {
        let mut ty = base;
        let mut cur = d;
        loop {
            match &cur.kind {
                ast::DeclaratorKind::Name(n) => {
                    if param {
                        ty = self.adjust_param(ty);
                    }
                    return (*n, ty);
                }
                ast::DeclaratorKind::Pointer(quals, inner) => {
                    let p = self.prog.types.pointer(ty);
                    let mut q = Quals::NONE;
                    for x in quals {
                        match x {
                            ast::Qual::Const => q.is_const = true,
                            ast::Qual::Volatile => q.is_volatile = true,
                            _ => {}
                        }
                    }
                    ty = QualType { ty: p, quals: q };
                    cur = inner;
                }
                ast::DeclaratorKind::Array(inner, size) => {
                    if self.prog.types.is_function(ty.ty) {
                        self.type_error(cur.span, "declaration of an array of functions");
                    }
                    if !self.prog.types.is_complete(ty.ty) && !self.prog.types.is_function(ty.ty) {
                        self.type_error(
                            cur.span,
                            format!("array has incomplete element type `{}`", self.show(ty.ty)),
                        );
                    }
                    let len = match size {
                        None => None,
                        Some(e) => {
                            match self.const_int_expr(e) {
                                Some(n) if n < 0 => {
                                    self.type_error(e.span, "array size is negative");
                                    Some(1)
                                }
                                Some(n) => Some(n as u64),
                                None => {
                                    if !self.diags.iter().any(|d| d.span == e.span) {
                                        self.error(Code::Unsupported, e.span, "variable-length arrays are not supported by cmem")
                                        .help = Some("use a constant size, or allocate the array with malloc".into());
                                    }
                                    Some(1)
                                }
                            }
                        }
                    };
                    if let (Some(n), Some(es)) = (len, self.prog.types.size_of(ty.ty)) {
                        if n.checked_mul(es).is_none_or(|s| s > (1 << 31)) {
                            self.type_error(cur.span, "array is too large");
                        }
                    }
                    let elem = ty;
                    ty = QualType::new(self.prog.types.array(elem, len));
                    cur = inner;
                }
                ast::DeclaratorKind::Function(inner, params) => {
                    if self.prog.types.is_function(ty.ty) || self.prog.types.is_array(ty.ty) {
                        self.type_error(
                            cur.span,
                            "a function cannot return a function or an array",
                        );
                        ty = QualType::new(TypeId::INT);
                    }
                    let sig = self.param_types(params, ty.ty);
                    ty = QualType::new(self.prog.types.function(sig));
                    cur = inner;
                }
            }
        }
    }

    fn adjust_param(&mut self, ty: QualType) -> QualType {
        match self.prog.types.get(ty.ty).clone() {
            Type::Array(elem, _) => QualType {
                ty: self.prog.types.pointer(elem),
                quals: ty.quals,
            },
            Type::Function(_) => QualType::new(self.prog.types.pointer_to(ty.ty)),
            _ => ty,
        }
    }

    fn param_types(&mut self, params: &ast::Params, ret: TypeId) -> FnSig {
        match params.kind {
            ast::ParamsKind::Empty => {
                return FnSig {
                    ret,
                    params: Vec::new(),
                    variadic: false,
                    prototyped: false,
                }
            }
            ast::ParamsKind::Identifiers => {
                self.unsupported(params.span, "old-style (K&R) parameter lists");
                return FnSig {
                    ret,
                    params: Vec::new(),
                    variadic: false,
                    prototyped: false,
                };
            }
            ast::ParamsKind::Prototype => {}
        }
        let mut out = Vec::new();
        for (i, p) in params.list.iter().enumerate() {
            let specs = self.specs(&p.specs, true);
            if let Some(s) = specs.storage {
                if s != ast::Storage::Register {
                    self.type_error(p.span, "invalid storage class for a parameter");
                }
            }
            let (name, ty) = self.declarator(specs.ty, &p.declarator, true);
            if ty.ty == TypeId::VOID {
                if params.list.len() == 1 && name.is_none() && i == 0 && !params.variadic {
                    return FnSig {
                        ret,
                        params: Vec::new(),
                        variadic: false,
                        prototyped: true,
                    };
                }
                self.type_error(p.span, "a parameter cannot have type `void`");
                continue;
            }
            out.push(ty.ty);
        }
        FnSig {
            ret,
            params: out,
            variadic: params.variadic,
            prototyped: true,
        }
    }

    // ---- declarations ----------------------------------------------------------------------

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
            let Some(name) = name else {
                self.type_error(id.declarator.span, "declarator has no name");
                continue;
            };
            if specs.storage == Some(ast::Storage::Typedef) {
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
                self.declare_function(name, ty.ty, specs, None);
                continue;
            }
            if let Some(stmt) = self.declare_object(name, ty, specs, id.init.as_ref(), d.span) {
                out.push(stmt);
            }
        }
        out
    }

    fn declare_typedef(&mut self, name: ast::Name, ty: QualType) {
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
    pub(crate) fn declare_function(
        &mut self,
        name: ast::Name,
        ty: TypeId,
        specs: Specs,
        _def: Option<()>,
    ) -> FuncId {
        // Functions always live at file scope, even when declared in a block.
        let existing = self
            .scopes
            .first()
            .and_then(|s| s.names.get(&name.sym))
            .copied();
        if let Some((b, prev_span)) = existing {
            match b {
                Binding::Func(f) => {
                    let old = self.prog.func(f).ty;
                    if !self.prog.types.compatible(old, ty) {
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
        let builtin = if library {
            Builtin::from_name(&name_str)
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
            is_static: specs.storage == Some(ast::Storage::Static),
        });
        if let Some(s) = self.scopes.first_mut() {
            s.names.insert(name.sym, (Binding::Func(id), name.span));
        }
        if !self.at_file_scope() {
            self.bind(name.sym, Binding::Func(id), name.span);
        }
        id
    }

    /// Declares an object (variable). Returns a statement for a block-scope initialiser.
    fn declare_object(
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

    fn declare_extern(&mut self, name: ast::Name, ty: QualType, specs: Specs) -> Option<Stmt> {
        if let Some(Binding::Global(g)) = self
            .scopes
            .first()
            .and_then(|s| s.names.get(&name.sym))
            .map(|b| b.0)
        {
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
        if !self.at_file_scope() {
            self.bind(name.sym, Binding::Global(id), name.span);
        }
        None
    }

    fn define_global(
        &mut self,
        name: ast::Name,
        ty: QualType,
        specs: Specs,
        file_scope: bool,
    ) -> Option<GlobalId> {
        if file_scope {
            if let Some((b, prev_span)) = self
                .scopes
                .first()
                .and_then(|s| s.names.get(&name.sym))
                .copied()
            {
                match b {
                    Binding::Global(g) => {
                        let old = self.prog.global(g).ty;
                        let compatible = self.prog.types.compatible(old, ty.ty);
                        if !compatible {
                            self.type_error(
                                name.span,
                                format!("conflicting types for `{}`", self.name(name.sym)),
                            )
                            .push_label(prev_span, "previously declared here");
                            return None;
                        }
                        if self.prog.global(g).init.is_some() && !self.repl {
                            // A second definition with an initializer is caught by the caller's init.
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
        } else {
            self.check_redeclared_in_block(name);
            self.bind(name.sym, Binding::Global(id), name.span);
        }
        Some(id)
    }

    fn check_redeclared_in_block(&mut self, name: ast::Name) {
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
    fn declare_local(
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

    /// A run-time initialisation of a global (REPL declarations).
    fn init_statement(&mut self, target: Expr, init: Init, span: Span) -> Stmt {
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
        });
        id
    }

    // ---- function definitions -----------------------------------------------------------------

    fn function_def(&mut self, f: &ast::FunctionDef) {
        // A REPL snippet's context is set aside while a function is defined.
        let outer = self.func.take();
        self.function_def_inner(f);
        self.func = outer;
    }

    fn function_def_inner(&mut self, f: &ast::FunctionDef) {
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
                    } else if let Some(sc) = self.scopes.first_mut() {
                        sc.names.remove(&name.sym);
                    }
                }
            }
        }
        let id = self.declare_function(name, ty.ty, specs, Some(()));
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
        });
        self.push_scope();
        let mut params = Vec::new();
        if let Some(p) = f.declarator.function_params() {
            if p.kind == ast::ParamsKind::Prototype {
                for (i, pd) in p.list.iter().enumerate() {
                    let Some(&pty) = sig.params.get(i) else { break };
                    let pspecs = self.specs(&pd.specs, true);
                    let (pname, pq) = self.declarator(pspecs.ty, &pd.declarator, true);
                    let quals = pq.quals;
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
        let body = self.block(&f.body, false);
        self.pop_scope();
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

    fn check_main(&mut self, name: ast::Name, sig: &FnSig) {
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

    // ---- statements ------------------------------------------------------------------------

    pub(crate) fn block(&mut self, b: &ast::Block, new_scope: bool) -> Stmt {
        if new_scope {
            self.push_scope();
        }
        let mut out = Vec::with_capacity(b.items.len());
        for item in &b.items {
            out.push(self.stmt(item));
        }
        if new_scope {
            self.pop_scope();
        }
        Stmt {
            kind: StmtKind::Block(out),
            span: b.span,
        }
    }

    fn label_id(&mut self, name: ast::Name, defining: bool) -> LabelId {
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

    fn fresh_label(&mut self) -> LabelId {
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
            S::For(init, cond, step, body) => {
                self.push_scope();
                let init = init.as_ref().map(|i| match i {
                    ast::ForInit::Expr(e) => {
                        let e = self.expr(e);
                        Box::new(Stmt { span: e.span, kind: StmtKind::Expr(self.discard(e)) })
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
                        Box::new(Stmt { kind: StmtKind::Block(stmts), span: d.span })
                    }
                });
                let cond = cond.as_ref().map(|c| self.condition(c));
                let step = step.as_ref().map(|e| {
                    let e = self.expr(e);
                    self.discard(e)
                });
                let body = self.loop_body(body);
                self.pop_scope();
                StmtKind::For(init, cond, step, Box::new(body))
            }
            S::Switch(c, body) => {
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
                StmtKind::Switch {
                    cond,
                    body: Box::new(body),
                    cases,
                    default,
                }
            }
            S::Case(value, body) => {
                let v = self.const_int_expr(value);
                let label = self.fresh_label();
                let in_switch = self.func.as_ref().is_some_and(|f| !f.switches.is_empty());
                if !in_switch {
                    self.type_error(span, "`case` label not within a switch statement");
                } else if let Some(v) = v {
                    let cond_ty = self
                        .func
                        .as_ref()
                        .and_then(|f| f.switches.last())
                        .map(|s| s.cond_ty)
                        .unwrap_or(TypeId::INT);
                    let bits = truncate_to(&self.prog.types, v as u64, cond_ty);
                    let dup = self
                        .func
                        .as_ref()
                        .and_then(|f| f.switches.last())
                        .and_then(|s| s.cases.iter().find(|c| c.0 == bits))
                        .map(|c| c.2);
                    if let Some(prev) = dup {
                        self.type_error(value.span, "duplicate case value")
                            .push_label(prev, "previously used here");
                    } else if let Some(sw) = self.func.as_mut().and_then(|f| f.switches.last_mut())
                    {
                        sw.cases.push((bits, label, value.span));
                    }
                }
                let body = self.sub_stmt(body);
                StmtKind::Label(label, Box::new(body))
            }
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
            S::Return(e) => {
                let ret = self.func.as_ref().map(|f| f.ret).unwrap_or(TypeId::VOID);
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
                            StmtKind::Return(Some(e))
                        }
                    }
                }
            }
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
    fn sub_stmt(&mut self, s: &ast::Stmt) -> Stmt {
        self.push_scope();
        let r = self.stmt(s);
        self.pop_scope();
        r
    }

    fn loop_body(&mut self, s: &ast::Stmt) -> Stmt {
        self.with_func(|f| f.loops += 1);
        let r = self.sub_stmt(s);
        self.with_func(|f| f.loops -= 1);
        r
    }

    fn with_func(&mut self, f: impl FnOnce(&mut FnCtx)) {
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
}

/// Expression statements whose value the REPL does not print: assignments, increments and
/// library calls whose result is almost never wanted (`printf`, `free`, `strcpy`...).
fn is_quiet_call(e: &ast::Expr, c: &Checker) -> bool {
    if matches!(
        e.kind,
        ast::ExprKind::Assign(..)
            | ast::ExprKind::PostInc(_)
            | ast::ExprKind::PostDec(_)
            | ast::ExprKind::PreInc(_)
            | ast::ExprKind::PreDec(_)
    ) {
        return true;
    }
    let ast::ExprKind::Call(f, _) = &e.kind else {
        return false;
    };
    let ast::ExprKind::Ident(sym) = f.kind else {
        return false;
    };
    matches!(
        c.name(sym),
        "printf"
            | "fprintf"
            | "sprintf"
            | "snprintf"
            | "puts"
            | "putchar"
            | "fputs"
            | "fputc"
            | "putc"
            | "fwrite"
            | "memset"
            | "memcpy"
            | "memmove"
            | "strcpy"
            | "strncpy"
            | "strcat"
            | "strncat"
            | "scanf"
            | "sscanf"
            | "fflush"
            | "srand"
            | "free"
    )
}

/// Truncates a constant to the bits of an integer type (sign- or zero-extended to 64).
pub(crate) fn truncate_to(types: &Types, v: u64, ty: TypeId) -> u64 {
    match types.scalar(ty) {
        Some(Scalar::I8) => v as i8 as i64 as u64,
        Some(Scalar::U8) => v as u8 as u64,
        Some(Scalar::Bool) => u64::from(v != 0),
        Some(Scalar::I16) => v as i16 as i64 as u64,
        Some(Scalar::U16) => v as u16 as u64,
        Some(Scalar::I32) => v as i32 as i64 as u64,
        Some(Scalar::U32) => v as u32 as u64,
        _ => v,
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::Code;
    use crate::driver::Options;

    /// Diagnostics of a program as (code, line).
    fn check(src: &str) -> Vec<(Code, u32)> {
        let fe = crate::driver::compile("t.c", None, src.as_bytes().to_vec(), &Options::default());
        fe.diagnostics
            .iter()
            .map(|d| (d.code, fe.sm.line_of(d.span)))
            .collect()
    }

    /// The value of `sizeof` expressions, computed by the checker (folded to constants).
    fn sizes(decls: &str, exprs: &[&str]) -> Vec<u64> {
        let body: String = exprs
            .iter()
            .enumerate()
            .map(|(i, e)| format!("unsigned long zz_{i} = {e};\n"))
            .collect();
        let src = format!("{decls}\n{body}int main(void) {{ return 0; }}\n");
        let fe = crate::driver::compile("t.c", None, src.into_bytes(), &Options::default());
        assert!(
            fe.diagnostics.is_empty(),
            "{:?}",
            fe.diagnostics
                .iter()
                .map(|d| &d.message)
                .collect::<Vec<_>>()
        );
        fe.program
            .globals
            .iter()
            .filter(|g| g.name.starts_with("zz_"))
            .map(|g| {
                let b = g.init.as_ref().map(|i| i.bytes.clone()).unwrap_or_default();
                u64::from_le_bytes(b[..8].try_into().expect("8 bytes"))
            })
            .collect()
    }

    #[test]
    fn sizeof_agrees_with_gcc() {
        // Values printed by gcc 12 on x86-64.
        let got = sizes(
            "struct s { char c; double d; short h; }; union u { char c[9]; long l; }; char str[] = \"hello\"; int a[3][5];",
            &[
                "sizeof(struct s)",
                "sizeof(union u)",
                "sizeof str",
                "sizeof a",
                "sizeof a[0]",
                "sizeof(int (*)[7])",
                "sizeof 'a'",
                "sizeof(char)",
                "sizeof 1.0f",
                "sizeof(1 ? 1 : 2L)",
                "sizeof((char)1 + (char)1)",
                "sizeof(_Bool)",
                "sizeof(double *)",
            ],
        );
        assert_eq!(got, vec![24, 16, 6, 60, 20, 8, 4, 1, 4, 8, 4, 1, 8]);
    }

    #[test]
    fn type_errors_have_precise_lines() {
        let diags = check("struct p { int x; };\nint main(void) {\n  int *q = \"s\";\n  struct p v;\n  v.z = 1;\n  return v;\n}\n");
        assert_eq!(
            diags,
            vec![
                (Code::TypeError, 3),
                (Code::TypeError, 5),
                (Code::TypeError, 6)
            ]
        );
    }

    #[test]
    fn undeclared_names_and_missing_headers() {
        let diags = check("int main(void) {\n  printf(\"x\");\n  return y;\n}\n");
        assert_eq!(diags, vec![(Code::Undeclared, 2), (Code::Undeclared, 3)]);
    }

    #[test]
    fn const_objects_cannot_be_assigned() {
        let diags = check("int main(void) {\n  const int c = 1;\n  const char *s = \"x\";\n  c = 2;\n  *s = 'y';\n  s = 0;\n  return 0;\n}\n");
        assert_eq!(diags, vec![(Code::TypeError, 4), (Code::TypeError, 5)]);
    }

    #[test]
    fn redefinitions_and_bad_calls() {
        let diags = check("int f(int a) { return a; }\nint f(int a) { return a; }\nint main(void) {\n  return f(1, 2);\n}\n");
        assert_eq!(diags, vec![(Code::TypeError, 2), (Code::TypeError, 4)]);
    }
}
