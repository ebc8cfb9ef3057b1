//! Turns a file's text into preprocessing tokens with exact spans.
//!
//! Line continuations (a backslash at the end of a line) are removed first, as translation
//! phase 2 does, so one may split any token, even a string literal; spans are mapped back
//! to the file's own text. Comments and whitespace are skipped by the logos lexer; newlines
//! are kept because preprocessing directives end at them. Each token records whether it starts a
//! line and whether whitespace precedes it (for `#define F(x)` versus `#define F (x)` and for
//! stringification).

use logos::Logos;

use super::token::Tok;
use crate::diag::{Code, Diagnostic};
use crate::source::{FileId, Interner, Span, Symbol};

/// A preprocessing token.
#[derive(Clone, Copy, Debug)]
pub struct PpToken {
    pub kind: Tok,
    pub span: Span,
    /// The token's text, interned.
    pub sym: Symbol,
    /// First token on its line.
    pub bol: bool,
    /// Whitespace (or a comment) precedes it.
    pub space: bool,
    /// Index of the token's hide set in the preprocessor's arena (0: empty).
    pub hideset: u32,
}

/// Lexes `text` (the contents of `file`). Newline tokens are included; errors are reported
/// and the offending text skipped.
pub fn lex(
    file: FileId,
    text: &str,
    interner: &mut Interner,
    diags: &mut Vec<Diagnostic>,
) -> Vec<PpToken> {
    match splice_lines(text) {
        None => lex_spliced(file, text, Splices::default(), interner, diags),
        Some((spliced, splices)) => lex_spliced(file, &spliced, splices, interner, diags),
    }
}

/// Where line continuations were removed: `(offset in the spliced text, bytes removed up
/// to there)`, in order.
#[derive(Default)]
struct Splices {
    points: Vec<(u32, u32)>,
    /// The first point not yet passed (offsets are mapped in increasing order).
    next: usize,
    removed: u32,
}

impl Splices {
    /// The offset in the file of spliced offset `off`; `end`: the end of a token, which
    /// does not take in a continuation right after it.
    fn map(&mut self, off: u32, end: bool) -> u32 {
        while let Some(&(at, removed)) = self.points.get(self.next) {
            if at < off || (at == off && !end) {
                self.removed = removed;
                self.next += 1;
            } else {
                break;
            }
        }
        off + self.removed
    }
}

/// Translation phase 2: the text without its backslash-newline pairs (`None` when there
/// are none), and where they were.
fn splice_lines(text: &str) -> Option<(String, Splices)> {
    let bytes = text.as_bytes();
    // The length of a continuation at `i`: a backslash, then `\n` or `\r\n`.
    let continuation = |i: usize| match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
        (b'\\', Some(b'\n'), _) => Some(2),
        (b'\\', Some(b'\r'), Some(b'\n')) => Some(3),
        _ => None,
    };
    if !(0..bytes.len()).any(|i| continuation(i).is_some()) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut points = Vec::new();
    let mut removed = 0u32;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(n) = continuation(i) {
            removed += n as u32;
            i += n;
            points.push((out.len() as u32, removed));
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    // Only ASCII bytes were removed, so the rest is still UTF-8.
    let spliced = String::from_utf8(out).ok()?;
    Some((
        spliced,
        Splices {
            points,
            ..Splices::default()
        },
    ))
}

fn lex_spliced(
    file: FileId,
    text: &str,
    mut splices: Splices,
    interner: &mut Interner,
    diags: &mut Vec<Diagnostic>,
) -> Vec<PpToken> {
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    let mut lexer = Tok::lexer(text);
    let mut bol = true;
    let mut prev_end = 0usize;
    while let Some(res) = lexer.next() {
        let range = lexer.span();
        let lo = splices.map(range.start as u32, false);
        let hi = splices.map(range.end as u32, true).max(lo);
        let span = Span::new(file, lo, hi);
        let space = range.start > prev_end || prev_end == 0;
        prev_end = range.end;
        match res {
            Ok(Tok::Newline) => {
                out.push(PpToken {
                    kind: Tok::Newline,
                    span,
                    sym: Symbol(0),
                    bol,
                    space,
                    hideset: 0,
                });
                bol = true;
            }
            Ok(Tok::UnterminatedComment) => {
                diags.push(
                    Diagnostic::new(
                        Code::SyntaxError,
                        Span::new(file, span.lo, span.lo + 2),
                        "unterminated comment",
                    )
                    .primary("this comment is never closed")
                    .help("close the comment with `*/`"),
                );
            }
            Ok(kind @ (Tok::UnterminatedString | Tok::UnterminatedChar)) => {
                let what = if kind == Tok::UnterminatedString {
                    "string literal"
                } else {
                    "character constant"
                };
                let close = if kind == Tok::UnterminatedString {
                    '"'
                } else {
                    '\''
                };
                diags.push(
                    Diagnostic::new(Code::SyntaxError, span, format!("unterminated {what}"))
                        .primary(format!("this {what} has no closing `{close}` on its line"))
                        .help(format!(
                            "add the closing `{close}`; a literal cannot span lines"
                        )),
                );
                bol = false;
            }
            Ok(kind) => {
                let sym = interner.intern(lexer.slice());
                out.push(PpToken {
                    kind,
                    span,
                    sym,
                    bol,
                    space,
                    hideset: 0,
                });
                bol = false;
            }
            Err(()) => {
                let ch = lexer.slice().chars().next().unwrap_or('?');
                let shown = if ch.is_control() || ch == '\u{FFFD}' {
                    format!("{:?}", ch)
                } else {
                    format!("`{ch}`")
                };
                diags.push(
                    Diagnostic::new(Code::SyntaxError, span, format!("unexpected character {shown}"))
                        .primary("not part of any C token")
                        .help("remove it; outside literals and comments C uses only ASCII letters, digits and punctuation"),
                );
                if diags.len() > 100 {
                    break;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> (Vec<Tok>, Vec<Diagnostic>) {
        let mut i = Interner::new();
        let mut d = Vec::new();
        let toks = lex(FileId(0), src, &mut i, &mut d);
        (toks.iter().map(|t| t.kind).collect(), d)
    }

    #[test]
    fn punctuators_take_the_longest_match() {
        let (k, d) = kinds("a<<=b->c...d++ +=");
        assert!(d.is_empty());
        assert_eq!(
            k,
            vec![
                Tok::Ident,
                Tok::ShlAssign,
                Tok::Ident,
                Tok::Arrow,
                Tok::Ident,
                Tok::Ellipsis,
                Tok::Ident,
                Tok::PlusPlus,
                Tok::PlusAssign
            ]
        );
    }

    #[test]
    fn keywords_versus_identifiers() {
        let (k, _) = kinds("int integer _Bool sizeof sizeof_x");
        assert_eq!(
            k,
            vec![Tok::Int, Tok::Ident, Tok::Bool, Tok::Sizeof, Tok::Ident]
        );
    }

    #[test]
    fn literals_with_escapes() {
        let (k, d) = kinds(r#"'\n' '\'' "a\"b\\" 0x1Fu 1.5e-3f .5 07"#);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            k,
            vec![
                Tok::CharLit,
                Tok::CharLit,
                Tok::StrLit,
                Tok::Number,
                Tok::Number,
                Tok::Number,
                Tok::Number
            ]
        );
    }

    #[test]
    fn comments_and_continuations_are_skipped_but_newlines_kept() {
        let (k, d) = kinds("a /* x\n y */ b // c\nd \\\n e");
        assert!(d.is_empty());
        assert_eq!(
            k,
            vec![Tok::Ident, Tok::Ident, Tok::Newline, Tok::Ident, Tok::Ident]
        );
    }

    #[test]
    fn spans_are_exact() {
        let mut i = Interner::new();
        let mut d = Vec::new();
        let toks = lex(FileId(3), "  foo(1)", &mut i, &mut d);
        assert_eq!(toks[0].span, Span::new(FileId(3), 2, 5));
        assert_eq!(i.resolve(toks[0].sym), "foo");
        assert!(toks[0].space && !toks[1].space);
    }

    #[test]
    fn errors_point_at_the_problem() {
        let (_, d) = kinds("int x = @;");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, Code::SyntaxError);
        assert_eq!(d[0].span.lo, 8);
        let (_, d) = kinds("char *s = \"abc;\nint y;");
        assert_eq!(d[0].message, "unterminated string literal");
        let (_, d) = kinds("int a; /* never closed");
        assert_eq!(d[0].message, "unterminated comment");
        assert_eq!(d[0].span.lo, 7);
    }

    #[test]
    fn line_continuations_join_tokens_and_spans_stay_in_the_file() {
        let src = "ab\\\ncd \"x\\\r\ny\" e";
        let mut i = Interner::new();
        let mut d = Vec::new();
        let toks = lex(FileId(0), src, &mut i, &mut d);
        assert!(d.is_empty());
        let texts: Vec<&str> = toks.iter().map(|t| i.resolve(t.sym)).collect();
        assert_eq!(texts, ["abcd", "\"xy\"", "e"]);
        // Each span covers the token's own bytes in the file, continuations included.
        let spans: Vec<&str> = toks
            .iter()
            .map(|t| &src[t.span.lo as usize..t.span.hi as usize])
            .collect();
        assert_eq!(spans, ["ab\\\ncd", "\"x\\\r\ny\"", "e"]);
    }
}
