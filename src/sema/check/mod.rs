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

mod decl;
mod func;
mod specs;
mod stmt;
mod vla;

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
    /// Where each case value was first used (duplicates found in constant time: a switch
    /// of 100,000 cases was quadratic).
    pub seen: HashMap<u64, Span>,
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
    /// Each variable-length array object (a pointer local to its storage) and its type.
    pub vla_objects: HashMap<LocalId, TypeId>,
}

/// Declaration specifiers, resolved.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Specs {
    pub ty: QualType,
    /// `_Alignas`: the alignment the declaration asks for (at least its type's).
    pub align: Option<u64>,
    /// `__attribute__((packed))` among the specifiers (of a member: alignment 1).
    pub packed: bool,
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
    /// The statements computing the sizes of the variable-length array types read since
    /// they were last placed (see `vla.rs`).
    pub(crate) vla_stmts: Vec<Stmt>,
    /// Reading a definition's parameters for its body: their variable lengths are
    /// evaluated (in a prototype they are `[*]`).
    pub(crate) vla_params: bool,
    /// The parameter types of the old-style (K&R) definition being read, for its
    /// identifier list (see `knr_parameters`).
    pub(crate) knr_types: Option<Vec<TypeId>>,
    pub(crate) unit: u32,
    pub(crate) linked: &'a mut HashMap<Symbol, Link>,
    pub(crate) linked_tags: &'a HashMap<Symbol, TypeId>,
    pub(crate) unit_records: &'a mut std::collections::HashSet<TypeId>,
}

/// State that persists between checks of successive inputs: the translation units of a
/// program, or the REPL's session.
#[derive(Default)]
pub struct CheckState {
    pub(crate) scopes: Vec<Scope>,
    pub(crate) str_ids: HashMap<Vec<u8>, StrId>,
    /// The translation unit being checked (0 for the first, and for the REPL).
    pub(crate) unit: u32,
    /// The linker's view: every name with external linkage the program's units declared.
    pub(crate) linked: HashMap<Symbol, Link>,
    /// The struct, union and enum tags declared at file scope by earlier units: a later
    /// unit that declares the same tag with the same members gets the same type.
    pub(crate) linked_tags: HashMap<Symbol, TypeId>,
    /// The structs and unions the current unit has defined at file scope.
    pub(crate) unit_records: std::collections::HashSet<TypeId>,
}

/// A name with external linkage: what it denotes in every unit, where it was first
/// declared, where it was defined (unit and place) and first used.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Link {
    pub binding: Binding,
    pub span: Span,
    pub defined: Option<(u32, Span)>,
    pub used: Option<Span>,
}

impl CheckState {
    pub fn new() -> CheckState {
        CheckState {
            scopes: vec![Scope::default()],
            ..CheckState::default()
        }
    }

    /// Starts the next translation unit of the program: its file scope starts empty (the
    /// previous units' names with external linkage are found through the linker's table).
    pub fn begin_unit(&mut self) {
        if let Some(file_scope) = self.scopes.first() {
            for (&sym, &(ty, _)) in &file_scope.tags {
                self.linked_tags.entry(sym).or_insert(ty);
            }
        }
        self.scopes.clear();
        self.scopes.push(Scope::default());
        self.unit_records.clear();
        self.unit += 1;
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
        Scratch | AssertFail | VlaSize | VlaAlloc | VaStart | VaArg | Unreachable | BuiltinTrap => {
            return None
        }
        Vprintf | Vfprintf | Vsprintf | Vsnprintf | Fopen | Fclose | Fread | Fseek | Ftell
        | Rewind | Tmpfile | Remove | Rename | Clearerr | Setvbuf => "stdio.h",
        Alloca => "alloca.h",
        Setjmp | Longjmp => "setjmp.h",
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
            vla_stmts: Vec::new(),
            vla_params: false,
            knr_types: None,
            unit: state.unit,
            linked: &mut state.linked,
            linked_tags: &state.linked_tags,
            unit_records: &mut state.unit_records,
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

    /// Closes the innermost scope, which ends where `end` ends: its locals are out of
    /// scope from there.
    pub(crate) fn pop_scope(&mut self, end: Span) {
        if self.scopes.len() > 1 {
            if let Some(scope) = self.scopes.pop() {
                if let Some(f) = self.func.as_mut() {
                    for (binding, _) in scope.names.values() {
                        if let Binding::Local(l) = binding {
                            if let Some(local) = f.locals.get_mut(l.0 as usize) {
                                local.scope_end = local.scope_end.min(end.hi);
                            }
                        }
                    }
                }
            }
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
        snippet
    }

    /// Checks a REPL statement in the snippet function's context. The value of an
    /// expression statement is kept in a global so that the REPL can print it.
    fn snippet_stmt(&mut self, s: &ast::Stmt) -> Option<Stmt> {
        self.func.as_ref()?;
        if let ast::StmtKind::Expr(Some(e)) = &s.kind {
            if !is_quiet_call(e, self) {
                let v = self.expr(e);
                // A struct, and an array of known size, are kept whole: the REPL prints
                // `(int[3]) {1, 2, 3}`, not the pointer an array decays to.
                let lvalue = v.is_lvalue();
                let whole = |t: &Types, ty| {
                    t.is_record(ty)
                        || (lvalue && t.is_array(ty) && t.size_of(ty).is_some_and(|n| n > 0))
                };
                let v = if whole(&self.prog.types, v.ty) {
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
                    let kind = if whole(&self.prog.types, ty) {
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
            vla_objects: HashMap::new(),
        });
    }

    pub fn end_snippet(&mut self) -> Vec<Local> {
        self.func.take().map(|f| f.locals).unwrap_or_default()
    }

    /// After the last unit, as a linker does: finds `main`, and reports each function or
    /// object with external linkage that is used but that no unit defines.
    pub fn link_program(&mut self) {
        let main = self.interner.get("main").and_then(|s| self.linked.get(&s));
        if let Some(&Link {
            binding: Binding::Func(m),
            ..
        }) = main
        {
            if self.prog.func(m).body.is_some() {
                self.prog.main = Some(m);
            }
        }
        let mut undefined: Vec<(Span, Span, Symbol)> = self
            .linked
            .iter()
            .filter_map(|(&sym, link)| {
                let used = link.used?;
                let missing = match link.binding {
                    Binding::Func(f) => {
                        let f = self.prog.func(f);
                        f.body.is_none() && f.builtin.is_none() && !f.library
                    }
                    Binding::Global(g) => link.defined.is_none() && !self.prog.global(g).library,
                    _ => false,
                };
                missing.then_some((used, link.span, sym))
            })
            .collect();
        undefined.sort_by_key(|u| (u.0.file, u.0.lo));
        for (used, declared, sym) in undefined {
            let name = self.name(sym).to_string();
            let d = self.error(
                Code::Undeclared,
                used,
                format!("undefined reference to `{name}`"),
            );
            d.primary_label = Some("used here".into());
            d.push_label(
                declared,
                "declared here, but no file of the program defines it",
            );
            d.help = Some(format!(
                "define `{name}`, or name the file that defines it too: `cmem run main.c other.c`"
            ));
        }
    }

    // ---- declaration specifiers ------------------------------------------------------------

    // ---- declarators -----------------------------------------------------------------------

    // ---- declarations ----------------------------------------------------------------------

    // ---- function definitions -----------------------------------------------------------------

    // ---- statements ------------------------------------------------------------------------
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
    use crate::driver::{Options, SourceFile};

    /// Diagnostics of a program as (code, line).
    fn check(src: &str) -> Vec<(Code, u32)> {
        let fe = crate::driver::compile(
            vec![SourceFile::new("t.c", None, src.as_bytes().to_vec())],
            &Options::default(),
        );
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
        let fe = crate::driver::compile(
            vec![SourceFile::new("t.c", None, src.into_bytes())],
            &Options::default(),
        );
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
