//! The fuzzing harness of cmem: a runner with tight limits, and a generator of C programs
//! that stay (mostly) well-typed, so that fuzzing reaches every stage of the pipeline.

use arbitrary::Arbitrary;
use cmem::eval::builtins::Io;
use cmem::driver::{compile, execute, Options, SourceFile};

/// Runs `source` through the whole pipeline with small limits. A panic is a bug (the
/// fuzzer reports it); a diagnostic is a normal outcome.
pub fn run_limited(source: Vec<u8>) {
    let mut opts = Options::default();
    opts.limits.max_steps = 200_000;
    opts.limits.max_frames = 500;
    opts.limits.memory_bytes = 1 << 24;
    opts.limits.output_bytes = 1 << 16;
    let fe = compile(vec![SourceFile::new("fuzz.c", None, source)], &opts);
    // Rendering every diagnostic exercises the renderers too.
    for d in &fe.diagnostics {
        let _ = cmem::diag::render::human(d, &fe.sm, cmem::diag::render::HumanStyle::plain());
        let _ = cmem::diag::render::json_line(d, &fe.sm);
    }
    if fe.has_errors() {
        return;
    }
    let io = Io::new(
        Box::new(std::io::sink()),
        Box::new(std::io::sink()),
        Box::new(std::io::empty()),
    );
    let report = execute(&fe, &opts, io, "fuzz");
    for d in &report.diagnostics {
        let _ = cmem::diag::render::human(d, &fe.sm, cmem::diag::render::HumanStyle::plain());
    }
    let _ = cmem::diag::render::sarif(&report.diagnostics, &fe.sm);
    let picture = cmem::inspect::draw::HeapGraph::capture(cmem::inspect::Inspector {
        prog: &fe.program,
        m: &report.machine,
        sm: &fe.sm,
        interner: &fe.interner,
    });
    let _ = picture.to_dot();
}

/// A generated program: a few globals, helper functions and `main`'s statements.
#[derive(Debug, Arbitrary)]
pub struct Program {
    globals: Vec<(Ty, Option<Expr>)>,
    functions: Vec<Vec<Stmt>>,
    main: Vec<Stmt>,
}

#[derive(Debug, Arbitrary, Clone, Copy, PartialEq)]
enum Ty {
    Int,
    Char,
    Long,
    Unsigned,
    Double,
    IntPtr,
    CharPtr,
    NodePtr,
}

#[derive(Debug, Arbitrary)]
enum Stmt {
    Decl(Ty, Option<Expr>),
    Assign(u8, Expr),
    Store(u8, Expr, Expr),
    Malloc(u8, Expr),
    Calloc(u8, Expr),
    Realloc(u8, Expr),
    Free(u8),
    Strcpy(u8, u8),
    Memset(u8, Expr, Expr),
    Print(Expr),
    PrintStr(u8),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    While(Expr, Vec<Stmt>),
    For(u8, Vec<Stmt>),
    Switch(Expr, Vec<(i8, Vec<Stmt>)>),
    Call(u8, Expr),
    Return(Expr),
    Block(Vec<Stmt>),
    ListPush(u8, Expr),
    ListWalk(u8),
    Break,
    Continue,
}

#[derive(Debug, Arbitrary)]
enum Expr {
    Int(i32),
    Small(u8),
    Var(u8),
    Global(u8),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Index(u8, Box<Expr>),
    Deref(u8),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    Cast(Ty, Box<Expr>),
    Sizeof(Ty),
    Strlen(u8),
    Call(u8, Box<Expr>),
    PostInc(u8),
    Field(u8),
}

#[derive(Debug, Arbitrary, Clone, Copy)]
enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Shl,
    Shr,
    And,
    Or,
    Xor,
    Lt,
    Eq,
    LogAnd,
    LogOr,
}

impl Ty {
    fn c(self) -> &'static str {
        match self {
            Ty::Int => "int",
            Ty::Char => "char",
            Ty::Long => "long",
            Ty::Unsigned => "unsigned",
            Ty::Double => "double",
            Ty::IntPtr => "int *",
            Ty::CharPtr => "char *",
            Ty::NodePtr => "struct node *",
        }
    }
}

/// Text building with a bound on size and nesting, so every program stays small. Variables
/// are picked by type, so most programs type-check and reach the runtime checks.
struct Out {
    text: String,
    vars: Vec<Ty>,
    globals: Vec<Ty>,
    depth: usize,
    budget: usize,
    /// Enclosing loops (for `continue`) and loops or switches (for `break`).
    loops: usize,
    breakable: usize,
}

const MAX_DEPTH: usize = 6;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Arith,
    /// `int *` or `char *`: indexable.
    Ptr,
    CharPtr,
    Node,
    AnyPtr,
}

impl Ty {
    fn is(self, k: Kind) -> bool {
        match k {
            Kind::Arith => matches!(self, Ty::Int | Ty::Char | Ty::Long | Ty::Unsigned | Ty::Double),
            Kind::Ptr => matches!(self, Ty::IntPtr | Ty::CharPtr),
            Kind::CharPtr => matches!(self, Ty::CharPtr),
            Kind::Node => matches!(self, Ty::NodePtr),
            Kind::AnyPtr => matches!(self, Ty::IntPtr | Ty::CharPtr | Ty::NodePtr),
        }
    }
}

impl Out {
    fn line(&mut self, s: &str) {
        self.text.push_str(&"    ".repeat(self.depth.min(8) + 1));
        self.text.push_str(s);
        self.text.push('\n');
    }

    /// The `i`-th variable of kind `k` in scope (wrapping), if there is one.
    fn var(&self, k: Kind, i: u8) -> Option<String> {
        let of_kind: Vec<usize> = (0..self.vars.len()).filter(|&v| self.vars[v].is(k)).collect();
        if of_kind.is_empty() {
            return None;
        }
        Some(format!("v{}", of_kind[i as usize % of_kind.len()]))
    }

    fn arith(&self, i: u8) -> String {
        self.var(Kind::Arith, i).unwrap_or_else(|| format!("{}", i % 7))
    }

    fn declare(&mut self, t: Ty) -> String {
        self.vars.push(t);
        format!("v{}", self.vars.len() - 1)
    }

    fn expr(&mut self, e: &Expr, depth: usize) -> String {
        if depth > MAX_DEPTH || self.budget == 0 {
            return "1".into();
        }
        self.budget -= 1;
        match e {
            Expr::Int(v) => format!("{v}"),
            Expr::Small(v) => format!("{}", v % 16),
            Expr::Var(i) => self.arith(*i),
            Expr::Global(i) => {
                let g = *i as usize % 4;
                if self.globals.get(g).is_some_and(|t| t.is(Kind::Arith)) {
                    format!("g{g}")
                } else {
                    "3".into()
                }
            }
            Expr::Bin(op, a, b) => {
                let op = match op {
                    BinOp::Add => "+",
                    BinOp::Sub => "-",
                    BinOp::Mul => "*",
                    BinOp::Div => "/",
                    BinOp::Mod => "%",
                    BinOp::Shl => "<<",
                    BinOp::Shr => ">>",
                    BinOp::And => "&",
                    BinOp::Or => "|",
                    BinOp::Xor => "^",
                    BinOp::Lt => "<",
                    BinOp::Eq => "==",
                    BinOp::LogAnd => "&&",
                    BinOp::LogOr => "||",
                };
                let (a, b) = (self.expr(a, depth + 1), self.expr(b, depth + 1));
                if matches!(op, "%" | "<<" | ">>" | "&" | "|" | "^") {
                    // Integer operators: keep doubles out.
                    format!("((long)({a}) {op} (int)({b}))")
                } else {
                    format!("({a} {op} {b})")
                }
            }
            Expr::Neg(a) => format!("(-{})", self.expr(a, depth + 1)),
            Expr::Not(a) => format!("(!{})", self.expr(a, depth + 1)),
            Expr::Index(v, i) => match self.var(Kind::Ptr, *v) {
                Some(p) => format!("{p}[(int)({})]", self.expr(i, depth + 1)),
                None => "4".into(),
            },
            Expr::Deref(v) => match self.var(Kind::Ptr, *v) {
                Some(p) => format!("(*{p})"),
                None => "5".into(),
            },
            Expr::Cond(c, a, b) => format!(
                "({} ? {} : {})",
                self.expr(c, depth + 1),
                self.expr(a, depth + 1),
                self.expr(b, depth + 1)
            ),
            Expr::Cast(t, a) if t.is(Kind::Arith) => {
                format!("(({}){})", t.c(), self.expr(a, depth + 1))
            }
            Expr::Cast(_, a) => format!("((int){})", self.expr(a, depth + 1)),
            Expr::Sizeof(t) => format!("(int)sizeof({})", t.c()),
            Expr::Strlen(v) => match self.var(Kind::CharPtr, *v) {
                Some(p) => format!("(int)strlen({p})"),
                None => "6".into(),
            },
            Expr::Call(f, a) => format!("f{}((int)({}))", f % 3, self.expr(a, depth + 1)),
            Expr::PostInc(v) => match self.var(Kind::Arith, *v) {
                Some(x) => format!("{x}++"),
                None => "7".into(),
            },
            Expr::Field(v) => match self.var(Kind::Node, *v) {
                Some(n) => format!("{n}->value"),
                None => "8".into(),
            },
        }
    }

    fn stmts(&mut self, body: &[Stmt], depth: usize) {
        for s in body.iter().take(24) {
            if self.budget == 0 {
                return;
            }
            self.stmt(s, depth);
        }
    }

    fn block(&mut self, body: &[Stmt], depth: usize) {
        self.depth += 1;
        let scope = self.vars.len();
        self.stmts(body, depth + 1);
        self.vars.truncate(scope);
        self.depth -= 1;
    }

    fn stmt(&mut self, s: &Stmt, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        self.budget = self.budget.saturating_sub(1);
        match s {
            Stmt::Decl(t, init) => {
                let init = match init {
                    Some(e) if t.is(Kind::Arith) => format!(" = {}", self.expr(e, 0)),
                    Some(Expr::Int(_)) => " = NULL".into(),
                    Some(_) if *t == Ty::CharPtr => " = \"text\"".into(),
                    _ => String::new(),
                };
                let v = self.declare(*t);
                self.line(&format!("{} {v}{init};", t.c()));
            }
            Stmt::Assign(v, e) => {
                if let Some(v) = self.var(Kind::Arith, *v) {
                    let e = self.expr(e, 0);
                    self.line(&format!("{v} = {e};"));
                }
            }
            Stmt::Store(v, i, e) => {
                if let Some(p) = self.var(Kind::Ptr, *v) {
                    let (i, e) = (self.expr(i, 0), self.expr(e, 0));
                    self.line(&format!("{p}[(int)({i})] = {e};"));
                }
            }
            Stmt::Malloc(v, n) | Stmt::Calloc(v, n) | Stmt::Realloc(v, n) => {
                if let Some(p) = self.var(Kind::AnyPtr, *v) {
                    let n = self.expr(n, 0);
                    let call = match s {
                        Stmt::Malloc(..) => format!("malloc((unsigned)({n}) % 64)"),
                        Stmt::Calloc(..) => format!("calloc((unsigned)({n}) % 16, 4)"),
                        _ => format!("realloc({p}, (unsigned)({n}) % 64)"),
                    };
                    self.line(&format!("{p} = {call};"));
                }
            }
            Stmt::Free(v) => {
                if let Some(p) = self.var(Kind::AnyPtr, *v) {
                    self.line(&format!("free({p});"));
                }
            }
            Stmt::Strcpy(a, b) => {
                if let (Some(a), Some(b)) = (self.var(Kind::CharPtr, *a), self.var(Kind::CharPtr, *b)) {
                    self.line(&format!("strcpy({a}, {b});"));
                }
            }
            Stmt::Memset(v, c, n) => {
                if let Some(p) = self.var(Kind::AnyPtr, *v) {
                    let (c, n) = (self.expr(c, 0), self.expr(n, 0));
                    self.line(&format!("memset({p}, (int)({c}), (unsigned)({n}) % 32);"));
                }
            }
            Stmt::Print(e) => {
                let e = self.expr(e, 0);
                self.line(&format!(
                    "printf(\"%d %ld %g\\n\", (int)({e}), (long)({e}), (double)({e}));"
                ));
            }
            Stmt::PrintStr(v) => {
                if let Some(p) = self.var(Kind::CharPtr, *v) {
                    self.line(&format!("printf(\"%s|%c|%p\\n\", {p}, *{p}, (void *){p});"));
                }
            }
            Stmt::If(c, a, b) => {
                let c = self.expr(c, 0);
                self.line(&format!("if ({c}) {{"));
                self.block(a, depth);
                self.line("} else {");
                self.block(b, depth);
                self.line("}");
            }
            Stmt::While(c, body) => {
                let c = self.expr(c, 0);
                self.line(&format!("while ({c}) {{"));
                self.loops += 1;
                self.breakable += 1;
                self.block(body, depth);
                self.loops -= 1;
                self.breakable -= 1;
                self.line("}");
            }
            Stmt::For(n, body) => {
                let scope = self.vars.len();
                let i = self.declare(Ty::Int);
                self.line(&format!("for (int {i} = 0; {i} < {}; {i}++) {{", n % 10));
                self.loops += 1;
                self.breakable += 1;
                self.block(body, depth);
                self.loops -= 1;
                self.breakable -= 1;
                self.line("}");
                self.vars.truncate(scope);
            }
            Stmt::Switch(c, cases) => {
                let c = self.expr(c, 0);
                self.line(&format!("switch ((int)({c})) {{"));
                let mut seen = Vec::new();
                for (v, body) in cases.iter().take(6) {
                    if seen.contains(v) {
                        continue;
                    }
                    seen.push(*v);
                    self.line(&format!("case {v}: {{"));
                    self.breakable += 1;
                    self.block(body, depth);
                    self.breakable -= 1;
                    self.line("}");
                }
                self.line("default: break;");
                self.line("}");
            }
            Stmt::Call(f, e) => {
                let e = self.expr(e, 0);
                self.line(&format!("f{}((int)({e}));", f % 3));
            }
            Stmt::Return(e) => {
                let e = self.expr(e, 0);
                self.line(&format!("return (int)({e});"));
            }
            Stmt::Block(body) => {
                self.line("{");
                self.block(body, depth);
                self.line("}");
            }
            Stmt::ListPush(v, e) => {
                if let Some(v) = self.var(Kind::Node, *v) {
                    let e = self.expr(e, 0);
                    self.line(&format!(
                        "{{ struct node *n = malloc(sizeof *n); n->value = (int)({e}); n->next = {v}; {v} = n; }}"
                    ));
                }
            }
            Stmt::ListWalk(v) => {
                if let Some(v) = self.var(Kind::Node, *v) {
                    self.line(&format!(
                        "for (struct node *p = {v}; p; p = p->next) printf(\"%d\\n\", p->value);"
                    ));
                }
            }
            Stmt::Break if self.breakable > 0 => self.line("break;"),
            Stmt::Continue if self.loops > 0 => self.line("continue;"),
            Stmt::Break | Stmt::Continue => {}
        }
    }
}

impl Program {
    /// The program as C source. Most programs type-check (variables are picked by type);
    /// `break` outside a loop and the like still make some of them compile errors.
    pub fn render(&self) -> String {
        let mut out = Out {
            text: String::from(
                "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n\
                 struct node { int value; struct node *next; };\n\
                 int f0(int v0);\nint f1(int v0);\nint f2(int v0);\n",
            ),
            vars: Vec::new(),
            globals: Vec::new(),
            depth: 0,
            budget: 400,
            loops: 0,
            breakable: 0,
        };
        for i in 0..4 {
            let (t, init) = match self.globals.get(i) {
                Some((t, Some(Expr::Int(v)))) if t.is(Kind::Arith) => (*t, format!(" = {v}")),
                Some((t, _)) => (*t, String::new()),
                None => (Ty::Int, String::new()),
            };
            out.globals.push(t);
            out.text.push_str(&format!("{} g{i}{init};\n", t.c()));
        }
        for i in 0..3 {
            out.text.push_str(&format!("int f{i}(int v0) {{\n"));
            out.vars = vec![Ty::Int];
            if let Some(body) = self.functions.get(i) {
                out.stmts(body, 1);
            }
            out.text.push_str("    return v0;\n}\n");
        }
        out.text.push_str("int main(void) {\n");
        out.vars.clear();
        out.stmts(&self.main, 0);
        out.text.push_str("    return 0;\n}\n");
        out.text
    }
}
