//! The parser: lalrpop's generated LR parser over the classified token stream, plus the one
//! function that turns lalrpop's errors into diagnostics.

use std::cell::{Cell, RefCell};

use lalrpop_util::{lalrpop_mod, ErrorRecovery, ParseError};

use super::ast::*;
use super::preprocess::Token;
use super::token::Tok;
use crate::diag::{Code, Diagnostic};
use crate::source::{Interner, Pos, Span, Symbol};

lalrpop_mod!(
    #[allow(
        clippy::all,
        clippy::pedantic,
        unused_parens,
        unused_imports,
        dead_code
    )]
    grammar,
    "/c.rs"
);

/// A token as the generated parser sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PTok {
    Ident(Symbol),
    TypeName(Symbol),
    Number(Symbol),
    CharLit(Symbol),
    StrLit(Symbol),
    /// A packing (its text: the largest alignment members keep).
    Packed(Symbol),
    /// An alignment attribute on a record, or on a declaration (its text: N).
    RecordAligned(Symbol),
    Aligned(Symbol),
    AlignedAfter(Symbol),
    P(Tok),
}

/// An error raised by a grammar action.
#[derive(Clone, Debug)]
pub struct ActionError(pub Diagnostic);

/// State shared with the grammar's actions: tree-height limits and recovered errors.
pub struct Ctx {
    too_deep: Cell<bool>,
    pub(crate) errors: RefCell<Vec<Diagnostic>>,
    recovered: RefCell<Vec<ErrorRecovery<Pos, PTok, ActionError>>>,
}

impl Ctx {
    fn new() -> Ctx {
        Ctx {
            too_deep: Cell::new(false),
            errors: RefCell::new(Vec::new()),
            recovered: RefCell::new(Vec::new()),
        }
    }

    fn too_deep(&self, span: Span, what: &str) {
        if !self.too_deep.replace(true) {
            self.errors.borrow_mut().push(
                Diagnostic::new(
                    Code::Unsupported,
                    span,
                    format!("this {what} is nested too deeply"),
                )
                .primary(format!("more than {MAX_HEIGHT} levels"))
                .help("split it into smaller pieces"),
            );
        }
    }

    pub fn expr(&self, kind: ExprKind, l: Pos, r: Pos) -> Expr {
        let span = Span::between(l, r);
        let height = kind.child_height() + 1;
        if height > MAX_HEIGHT {
            self.too_deep(span, "expression");
            return Expr {
                kind: ExprKind::Error,
                span,
                height: 1,
            };
        }
        Expr { kind, span, height }
    }

    pub fn stmt(&self, kind: StmtKind, l: Pos, r: Pos) -> Stmt {
        let span = Span::between(l, r);
        let height = kind.child_height() + 1;
        if height > MAX_HEIGHT {
            self.too_deep(span, "statement");
            return Stmt {
                kind: StmtKind::Error,
                span,
                height: 1,
            };
        }
        Stmt { kind, span, height }
    }

    pub fn binary(&self, op: BinaryOp, a: Expr, b: Expr, l: Pos, r: Pos) -> Expr {
        self.expr(ExprKind::Binary(op, Box::new(a), Box::new(b)), l, r)
    }

    pub fn recover(&self, e: ErrorRecovery<Pos, PTok, ActionError>) {
        self.recovered.borrow_mut().push(e);
    }
}

/// Converts the classified tokens to the parser's input.
fn ptok(t: &Token) -> PTok {
    match t.kind {
        Tok::Ident => PTok::Ident(t.sym),
        Tok::TypeName => PTok::TypeName(t.sym),
        Tok::Number => PTok::Number(t.sym),
        Tok::CharLit => PTok::CharLit(t.sym),
        Tok::StrLit => PTok::StrLit(t.sym),
        Tok::Packed => PTok::Packed(t.sym),
        Tok::RecordAligned => PTok::RecordAligned(t.sym),
        Tok::Aligned => PTok::Aligned(t.sym),
        Tok::AlignedAfter => PTok::AlignedAfter(t.sym),
        k => PTok::P(k),
    }
}

fn pos_lo(s: Span) -> Pos {
    Pos {
        file: s.file,
        off: s.lo,
    }
}

fn pos_hi(s: Span) -> Pos {
    Pos {
        file: s.file,
        off: s.hi,
    }
}

/// Parses a translation unit. Returns the tree (possibly partial) and every syntax error.
pub fn parse(toks: &[Token], interner: &Interner) -> (TranslationUnit, Vec<Diagnostic>) {
    parse_with(toks, interner, false)
}

/// Parses REPL input: external declarations and statements may be mixed.
pub fn parse_repl(toks: &[Token], interner: &Interner) -> (TranslationUnit, Vec<Diagnostic>) {
    parse_with(toks, interner, true)
}

fn parse_with(
    toks: &[Token],
    interner: &Interner,
    repl: bool,
) -> (TranslationUnit, Vec<Diagnostic>) {
    let ctx = Ctx::new();
    let input = toks
        .iter()
        .map(|t| Ok::<_, ActionError>((pos_lo(t.span), ptok(t), pos_hi(t.span))));
    let result = if repl {
        grammar::ReplInputParser::new().parse(&ctx, input)
    } else {
        grammar::TranslationUnitParser::new().parse(&ctx, input)
    };
    let mut diags = Vec::new();
    for rec in ctx.recovered.borrow_mut().drain(..) {
        diags.push(convert_error(rec.error, toks, interner));
    }
    let unit = match result {
        Ok(unit) => unit,
        Err(e) => {
            diags.push(convert_error(e, toks, interner));
            TranslationUnit::default()
        }
    };
    diags.extend(ctx.errors.borrow_mut().drain(..));
    // Recovery may report one problem several times; keep one per position, at most 20.
    diags.sort_by_key(|d| (d.span.file, d.span.lo));
    diags.dedup_by_key(|d| (d.span.file, d.span.lo));
    diags.truncate(20);
    (unit, diags)
}

fn describe_terminal(name: &str) -> String {
    match name.trim_matches('"') {
        "identifier" => "an identifier".into(),
        "type-name" => "a type name".into(),
        "number" => "a number".into(),
        "char" => "a character constant".into(),
        "string" => "a string literal".into(),
        other => format!("`{other}`"),
    }
}

fn found_text(t: &PTok, interner: &Interner) -> String {
    match t {
        PTok::Ident(s) => format!("identifier `{}`", interner.resolve(*s)),
        PTok::TypeName(s) => format!("type name `{}`", interner.resolve(*s)),
        PTok::Number(s) => format!("number `{}`", interner.resolve(*s)),
        PTok::CharLit(s) => format!("character constant {}", interner.resolve(*s)),
        PTok::StrLit(_) => "a string literal".into(),
        PTok::Packed(_) => Tok::Packed.describe().to_string(),
        PTok::RecordAligned(_) | PTok::Aligned(_) | PTok::AlignedAfter(_) => {
            Tok::Aligned.describe().to_string()
        }
        PTok::P(k) => k.describe().to_string(),
    }
}

/// The one conversion from lalrpop's errors to diagnostics.
fn convert_error(
    e: ParseError<Pos, PTok, ActionError>,
    toks: &[Token],
    interner: &Interner,
) -> Diagnostic {
    let summarize = |expected: &[String]| -> String {
        let names: Vec<String> = expected.iter().map(|s| describe_terminal(s)).collect();
        if expected.iter().any(|s| s == "\";\"") && names.len() > 1 {
            return "`;`".into();
        }
        match names.len() {
            0 => "something else".into(),
            1..=5 => {
                let mut s = String::new();
                for (i, n) in names.iter().enumerate() {
                    if i > 0 {
                        s.push_str(if i + 1 == names.len() { " or " } else { ", " });
                    }
                    s.push_str(n);
                }
                s
            }
            _ => {
                if expected.iter().any(|s| s == "\"identifier\"")
                    && expected.iter().any(|s| s == "\"number\"")
                {
                    "an expression".into()
                } else {
                    format!("{} or one of {} other tokens", names[0], names.len() - 1)
                }
            }
        }
    };
    // The token just before a position (for "expected `;` after this").
    let prev_token = |at: Pos| -> Option<&Token> {
        let idx = toks.partition_point(|t| (t.span.file, t.span.lo) < (at.file, at.off));
        idx.checked_sub(1).and_then(|i| toks.get(i))
    };
    match e {
        ParseError::UnrecognizedToken {
            token: (l, t, r),
            expected,
        } => {
            let want = summarize(&expected);
            let span = Span::between(l, r);
            if want == "`;`" {
                if let Some(p) = prev_token(l) {
                    return Diagnostic::new(
                        Code::SyntaxError,
                        p.span.end(),
                        format!("expected `;`, found {}", found_text(&t, interner)),
                    )
                    .primary("add `;` here")
                    .label(span, "the next token");
                }
            }
            Diagnostic::new(
                Code::SyntaxError,
                span,
                format!("expected {want}, found {}", found_text(&t, interner)),
            )
            .primary(format!("unexpected {}", found_text(&t, interner)))
        }
        ParseError::UnrecognizedEof { location, expected } => {
            let want = summarize(&expected);
            let span = prev_token(location)
                .map(|t| t.span.end())
                .unwrap_or(Span::between(location, location));
            Diagnostic::new(
                Code::SyntaxError,
                span,
                format!("expected {want}, found the end of the file"),
            )
            .primary("the program ends here")
            .help(if want == "`}`" {
                "a `{` is never closed"
            } else {
                "the last declaration or statement is incomplete"
            })
        }
        ParseError::InvalidToken { location } => Diagnostic::new(
            Code::SyntaxError,
            Span::between(location, location),
            "invalid token",
        ),
        ParseError::ExtraToken { token: (l, t, r) } => Diagnostic::new(
            Code::SyntaxError,
            Span::between(l, r),
            format!("unexpected {}", found_text(&t, interner)),
        ),
        ParseError::User { error } => error.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileKind, SourceMap};
    use crate::syntax::preprocess::{PpOptions, Preprocessor};
    use crate::syntax::typenames::TypeNames;

    fn parse_src(src: &str) -> (TranslationUnit, Vec<Diagnostic>, Interner) {
        let mut sm = SourceMap::new();
        let mut i = Interner::new();
        let mut pp = Preprocessor::new(PpOptions::default(), &mut i);
        let f = sm.add("t.c", None, src, FileKind::User);
        let (mut toks, d) = pp.process(&mut sm, &mut i, f);
        assert!(d.is_empty(), "{d:?}");
        TypeNames::new().classify(&mut toks).expect("classifies");
        let (u, d) = parse(&toks, &i);
        (u, d, i)
    }

    /// An S-expression of an expression tree, to check precedence and associativity.
    fn sexp(e: &Expr, i: &Interner) -> String {
        use ExprKind::*;
        match &e.kind {
            Ident(s) | Number(s) | Char(s) => i.resolve(*s).to_string(),
            Str(_) => "str".into(),
            Binary(op, a, b) => format!("({} {} {})", op.as_str(), sexp(a, i), sexp(b, i)),
            Assign(None, a, b) => format!("(= {} {})", sexp(a, i), sexp(b, i)),
            Assign(Some(op), a, b) => format!("({}= {} {})", op.as_str(), sexp(a, i), sexp(b, i)),
            Unary(op, a) => format!("({op:?} {})", sexp(a, i)),
            Cond(c, a, b) => format!("(? {} {} {})", sexp(c, i), sexp(a, i), sexp(b, i)),
            Comma(a, b) => format!("(, {} {})", sexp(a, i), sexp(b, i)),
            Call(f, args) => format!(
                "(call {}{})",
                sexp(f, i),
                args.iter()
                    .map(|a| format!(" {}", sexp(a, i)))
                    .collect::<String>()
            ),
            Index(a, b) => format!("([] {} {})", sexp(a, i), sexp(b, i)),
            Member(a, n) => format!("(. {} {})", sexp(a, i), i.resolve(n.sym)),
            Arrow(a, n) => format!("(-> {} {})", sexp(a, i), i.resolve(n.sym)),
            PostInc(a) => format!("(post++ {})", sexp(a, i)),
            PreInc(a) => format!("(++ {})", sexp(a, i)),
            PostDec(a) => format!("(post-- {})", sexp(a, i)),
            PreDec(a) => format!("(-- {})", sexp(a, i)),
            Cast(_, a) => format!("(cast {})", sexp(a, i)),
            SizeofExpr(a) => format!("(sizeof {})", sexp(a, i)),
            SizeofType(_) => "(sizeof type)".into(),
            other => format!("{other:?}"),
        }
    }

    fn expr(src: &str) -> String {
        let (u, d, i) = parse_src(&format!("void f(void) {{ {src}; }}"));
        assert!(d.is_empty(), "{d:?}");
        let Some(ExternalDecl::Function(f)) = u.items.first() else {
            panic!("no function")
        };
        let Some(Stmt {
            kind: StmtKind::Expr(Some(e)),
            ..
        }) = f.body.items.first()
        else {
            panic!("no expression")
        };
        sexp(e, &i)
    }

    #[test]
    fn precedence_and_associativity() {
        assert_eq!(expr("a + b * c"), "(+ a (* b c))");
        assert_eq!(expr("a - b - c"), "(- (- a b) c)");
        assert_eq!(expr("a = b = c"), "(= a (= b c))");
        assert_eq!(
            expr("a || b && c | d ^ e & f == g < h << i + j * k"),
            "(|| a (&& b (| c (^ d (& e (== f (< g (<< h (+ i (* j k))))))))))"
        );
        assert_eq!(expr("a ? b : c ? d : e"), "(? a b (? c d e))");
        assert_eq!(expr("-a++ * !*p"), "(* (Neg (post++ a)) (Not (Deref p)))");
        assert_eq!(expr("*p->next[2].v"), "(Deref (. ([] (-> p next) 2) v))");
        assert_eq!(expr("a += b, c"), "(, (+= a b) c)");
        assert_eq!(expr("f(a, b)(c)"), "(call (call f a b) c)");
        assert_eq!(expr("sizeof x + 1"), "(+ (sizeof x) 1)");
    }

    #[test]
    fn typedef_names_decide_between_declaration_and_expression() {
        let (u, d, _) =
            parse_src("typedef int T; int a, b; void f(void) { T * x; a * b; (T)a; T(y); }");
        assert!(d.is_empty(), "{d:?}");
        let Some(ExternalDecl::Function(f)) = u.items.last() else {
            panic!()
        };
        let kinds: Vec<&str> = f
            .body
            .items
            .iter()
            .map(|s| match &s.kind {
                StmtKind::Decl(_) => "decl",
                StmtKind::Expr(Some(Expr {
                    kind: ExprKind::Cast(..),
                    ..
                })) => "cast",
                StmtKind::Expr(_) => "expr",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, vec!["decl", "expr", "cast", "decl"]);
    }

    #[test]
    fn declarators() {
        // The declared name and the outermost derivation.
        let (u, d, i) =
            parse_src("int (*fp)(int); int *ap[3]; int (*pa)[3]; int (*(*g)(void))[2];");
        assert!(d.is_empty(), "{d:?}");
        let shapes: Vec<String> = u
            .items
            .iter()
            .map(|it| {
                let ExternalDecl::Decl(d) = it else { panic!() };
                let decl = &d.declarators[0].declarator;
                let mut shape = String::new();
                let mut cur = decl;
                loop {
                    match &cur.kind {
                        DeclaratorKind::Name(n) => {
                            shape.push_str(&format!("name {}", i.resolve(n.expect("named").sym)));
                            break;
                        }
                        DeclaratorKind::Pointer(_, inner) => {
                            shape.push_str("ptr ");
                            cur = inner;
                        }
                        DeclaratorKind::Array(inner, _) => {
                            shape.push_str("array ");
                            cur = inner;
                        }
                        DeclaratorKind::Function(inner, _) => {
                            shape.push_str("fn ");
                            cur = inner;
                        }
                    }
                }
                shape
            })
            .collect();
        // Outermost first: applied to the base type in this order.
        assert_eq!(
            shapes,
            vec![
                "fn ptr name fp",
                "ptr array name ap",
                "array ptr name pa",
                "array ptr fn ptr name g"
            ]
        );
    }

    #[test]
    fn dangling_else_binds_to_the_nearest_if() {
        let (u, d, _) = parse_src("void f(int a, int b) { if (a) if (b) a = 1; else a = 2; }");
        assert!(d.is_empty(), "{d:?}");
        let Some(ExternalDecl::Function(f)) = u.items.first() else {
            panic!()
        };
        let StmtKind::If(_, inner, outer_else) = &f.body.items[0].kind else {
            panic!()
        };
        assert!(outer_else.is_none());
        assert!(matches!(&inner.kind, StmtKind::If(_, _, Some(_))));
    }

    #[test]
    fn several_syntax_errors_are_reported() {
        let (_, d, _) = parse_src("int main(void) {\n int x = ;\n int y = 2\n return x +* ;\n}\n");
        assert!(d.len() >= 2, "{d:?}");
        assert!(d.iter().all(|x| x.code == Code::SyntaxError));
    }
}
