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
