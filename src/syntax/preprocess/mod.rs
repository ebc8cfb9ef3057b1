//! The C preprocessor: directives, conditional inclusion and macro expansion.
//!
//! Macro expansion follows Prosser's algorithm with hide sets (as the C standard's examples
//! require): a token produced by expanding macro `M` carries `M` in its hide set and is never
//! expanded by `M` again. Tokens of a macro's body take the span of the invocation, so that
//! diagnostics point at the line the user wrote; argument tokens keep their own spans.
//!
//! The [`Preprocessor`] keeps its macro table between calls, which the REPL relies on.
//! Includes are resolved only against cmem's built-in headers, the including file's folder
//! and `-I` folders (the sandbox of SPEC §4 / README "Security").

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::headers;

mod cond;
mod directives;
mod expand;
mod predefined;
use super::lexer::{lex, PpToken};
use super::token::Tok;
use crate::diag::{Code, Diagnostic};
use crate::source::{FileAccess, FileId, FileKind, Interner, SourceMap, Span, Symbol};

/// A token after preprocessing, as the parser sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Tok,
    pub span: Span,
    pub sym: Symbol,
}

/// Options that shape preprocessing (`-I`, `-D`, and the files `#include` may read).
#[derive(Clone, Debug, Default)]
pub struct PpOptions {
    pub files: FileAccess,
    pub include_dirs: Vec<PathBuf>,
    /// Macro expansions and file inclusions allowed for one file (`--max-pp-work`;
    /// `None`: [`DEFAULT_PP_WORK`]).
    pub max_work: Option<u64>,
    /// Tokens allowed after preprocessing (`--max-tokens`; `None`: [`DEFAULT_MAX_TOKENS`]).
    pub max_tokens: Option<u64>,
    /// `-D NAME[=VALUE]`, in order.
    pub defines: Vec<(String, Option<String>)>,
}

#[derive(Clone, Debug)]
struct Macro {
    /// `None` for an object-like macro.
    params: Option<Vec<Symbol>>,
    variadic: bool,
    body: Vec<PpToken>,
    builtin: Option<BuiltinMacro>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BuiltinMacro {
    File,
    Line,
}

struct Frame {
    toks: Vec<PpToken>,
    pos: usize,
    cond_depth: usize,
    dir: Option<PathBuf>,
}

#[derive(Clone, Copy)]
struct Cond {
    /// Some group of this `#if` chain was taken.
    taken: bool,
    /// `#else` was seen.
    in_else: bool,
    span: Span,
}

/// Upper bounds that keep hostile input from exhausting memory or the stack.
const MAX_INCLUDE_DEPTH: usize = 64;
const MAX_EXPANSION_DEPTH: usize = 256;
const MAX_ERRORS: usize = 100;
/// The default budget of macro expansions and inclusions per file (`--max-pp-work`): a
/// large program needs a few hundred thousand; a doubling macro bomb meets it in seconds.
pub const DEFAULT_PP_WORK: u64 = 10_000_000;
/// The default bound on the tokens a program may have after preprocessing
/// (`--max-tokens`): the front end keeps up to about 150 bytes per token, so this keeps it
/// under a gigabyte; a large single-file program (SQLite's amalgamation) has about two
/// million.
pub const DEFAULT_MAX_TOKENS: u64 = 5_000_000;

/// Where tokens come from while expanding: a local list, or (for the main stream) also the
/// include stack.
struct Input {
    /// Pushed-back tokens, next token last.
    stack: Vec<PpToken>,
    main: bool,
}

/// What [`Preprocessor::checkpoint`] saves.
#[derive(Clone)]
pub struct PpCheckpoint {
    macros: HashMap<Symbol, Macro>,
    once: HashSet<PathBuf>,
    pushed_macros: HashMap<Symbol, Vec<Option<Macro>>>,
    line_marks: usize,
}

/// The preprocessor's state; see the module documentation.
pub struct Preprocessor {
    macros: HashMap<Symbol, Macro>,
    opts: PpOptions,
    /// Hide sets as persistent lists: set `i` is `hidesets[i].1` added to set
    /// `hidesets[i].0`; set 0 is empty. Each (set, symbol) pair is made once, so a chain
    /// of n nested expansions costs n entries, not n²/2 symbols.
    hidesets: Vec<(u32, Symbol)>,
    hideset_ids: HashMap<(u32, Symbol), u32>,
    frames: Vec<Frame>,
    conds: Vec<Cond>,
    once: HashSet<PathBuf>,
    /// `#pragma pack`: the packing in force (the largest alignment members keep), and
    /// those `pack(push)` saved.
    pack: Option<u64>,
    pack_stack: Vec<Option<u64>>,
    /// The built-in headers read so far, by their text.
    builtin_files: HashMap<&'static str, FileId>,
    diags: Vec<Diagnostic>,
    out: Vec<Token>,
    expansion_depth: usize,
    /// The folder the sandbox allows besides `-I` folders: the main file's.
    root_dir: Option<PathBuf>,
    sym_defined: Symbol,
    sym_va_args: Symbol,
    sym_pragma_once: Symbol,
    sym_attribute: Symbol,
    sym_one: Symbol,
    sym_zero: Symbol,
    sym_comma: Symbol,
    aborted: bool,
    /// Macro expansions and inclusions so far in this `process` call.
    work: u64,
    /// Files read for `#include`, by canonical path.
    included: HashMap<PathBuf, FileId>,
    /// `#line` directives, in order: what `__LINE__` and `__FILE__` say after them.
    line_marks: Vec<LineMark>,
    /// `#pragma push_macro`: each name's saved definitions (`None`: it was undefined).
    pushed_macros: HashMap<Symbol, Vec<Option<Macro>>>,
}

/// A `#line N "name"` directive on line `at` of `file`: the next line is line `line`.
struct LineMark {
    file: FileId,
    at: u32,
    line: u32,
    name: Option<String>,
}

impl Preprocessor {
    pub fn new(opts: PpOptions, interner: &mut Interner) -> Preprocessor {
        let mut pp = Preprocessor {
            macros: HashMap::new(),
            opts,
            hidesets: vec![(0, Symbol(u32::MAX))],
            hideset_ids: HashMap::new(),
            frames: Vec::new(),
            conds: Vec::new(),
            once: HashSet::new(),
            builtin_files: HashMap::new(),
            pack: None,
            pack_stack: Vec::new(),
            diags: Vec::new(),
            out: Vec::new(),
            expansion_depth: 0,
            root_dir: None,
            sym_defined: interner.intern("defined"),
            sym_va_args: interner.intern("__VA_ARGS__"),
            sym_pragma_once: interner.intern("once"),
            sym_attribute: interner.intern("__attribute__"),
            sym_one: interner.intern("1"),
            sym_zero: interner.intern("0"),
            sym_comma: interner.intern(","),
            aborted: false,
            work: 0,
            included: HashMap::new(),
            line_marks: Vec::new(),
            pushed_macros: HashMap::new(),
        };
        for (name, builtin) in [
            ("__FILE__", BuiltinMacro::File),
            ("__LINE__", BuiltinMacro::Line),
        ] {
            let sym = interner.intern(name);
            pp.macros.insert(
                sym,
                Macro {
                    params: None,
                    variadic: false,
                    body: Vec::new(),
                    builtin: Some(builtin),
                },
            );
        }
        pp
    }

    /// The state an input can change that outlives it (macros, `#pragma once` files, pushed
    /// macros, `#line` marks), to
    /// undo a rejected REPL input with [`Preprocessor::restore`].
    pub fn checkpoint(&self) -> PpCheckpoint {
        PpCheckpoint {
            macros: self.macros.clone(),
            once: self.once.clone(),
            pushed_macros: self.pushed_macros.clone(),
            line_marks: self.line_marks.len(),
        }
    }

    pub fn restore(&mut self, cp: PpCheckpoint) {
        self.macros = cp.macros;
        self.once = cp.once;
        self.pushed_macros = cp.pushed_macros;
        self.line_marks.truncate(cp.line_marks);
    }

    /// Starts the next translation unit of a program from `start` (the state after the
    /// predefined macros); the line marks of earlier units stay, as their spans use them.
    pub fn start_unit(&mut self, start: &PpCheckpoint) {
        self.macros = start.macros.clone();
        self.once = start.once.clone();
        self.pushed_macros = start.pushed_macros.clone();
    }

    /// Defines the predefined macros and the `-D` options, reading them as a built-in file.
    pub fn predefine(&mut self, sm: &mut SourceMap, interner: &mut Interner) {
        let mut text = String::from(
            "#define __STDC__ 1\n#define __STDC_VERSION__ 201112L\n#define __STDC_HOSTED__ 1\n\
             #define __x86_64__ 1\n#define __x86_64 1\n#define __LP64__ 1\n#define _LP64 1\n#define __linux__ 1\n\
             #define __CHAR_BIT__ 8\n#define __SIZEOF_INT__ 4\n#define __SIZEOF_LONG__ 8\n\
             #define __SIZEOF_LONG_LONG__ 8\n#define __SIZEOF_POINTER__ 8\n#define __SIZEOF_SHORT__ 2\n\
             #define __SIZEOF_FLOAT__ 4\n#define __SIZEOF_DOUBLE__ 8\n\
             #define __cmem__ 1\n#define __attribute__(x)\n#define __extension__\n\
             #define __typeof__ typeof\n#define __typeof typeof\n#define __builtin_alloca alloca\n\
             #define __builtin_offsetof(type, member) ((unsigned long) &((type *)0)->member)\n\
             #define __builtin_expect(x, y) (x)\n#define __DATE__ \"Jan  1 2000\"\n#define __TIME__ \"00:00:00\"\n",
        );
        text.push_str(predefined::GCC_PREDEFINED);
        for (name, value) in &self.opts.defines.clone() {
            text.push_str(&format!(
                "#define {} {}\n",
                name,
                value.as_deref().unwrap_or("1")
            ));
        }
        let file = sm.add("<command line>", None, text, FileKind::Builtin);
        let _ = self.process(sm, interner, file);
    }

    /// Preprocesses one file (and what it includes) into tokens, with the diagnostics found.
    /// Macros defined stay defined for later calls.
    pub fn process(
        &mut self,
        sm: &mut SourceMap,
        interner: &mut Interner,
        file: FileId,
    ) -> (Vec<Token>, Vec<Diagnostic>) {
        self.aborted = false;
        self.work = 0;
        let dir = sm
            .file(file)
            .and_then(|f| f.path.as_ref())
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .map(|d| {
                if d.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    d
                }
            });
        if self.root_dir.is_none() && sm.file(file).is_some_and(|f| f.kind == FileKind::User) {
            self.root_dir = dir.clone().or_else(|| self.opts.files.0.current_dir());
        }
        let dir = dir.or_else(|| self.root_dir.clone());
        self.push_file(sm, interner, file, dir);
        let mut input = Input {
            stack: Vec::new(),
            main: true,
        };
        self.run(sm, interner, &mut input);
        // Unterminated conditionals of the top file.
        while let Some(c) = self.conds.pop() {
            self.error(
                Diagnostic::new(
                    Code::SyntaxError,
                    c.span,
                    "unterminated conditional directive",
                )
                .primary("this `#if` has no matching `#endif`"),
            );
        }
        self.frames.clear();
        (
            std::mem::take(&mut self.out),
            std::mem::take(&mut self.diags),
        )
    }

    fn push_file(
        &mut self,
        sm: &mut SourceMap,
        interner: &mut Interner,
        file: FileId,
        dir: Option<PathBuf>,
    ) {
        let text = match sm.file(file) {
            Some(f) => f.text.clone(),
            None => return,
        };
        if !self.charge(Span::new(file, 0, 0)) {
            return;
        }
        let mut lex_diags = Vec::new();
        let toks = lex(file, &text, interner, &mut lex_diags);
        for d in lex_diags {
            self.error(d);
        }
        self.frames.push(Frame {
            toks,
            pos: 0,
            cond_depth: self.conds.len(),
            dir,
        });
    }

    /// Whether the last `process` stopped early (a limit): its tokens are not the file's.
    pub fn aborted(&self) -> bool {
        self.aborted
    }

    /// The token bound (`--max-tokens`).
    pub(super) fn max_tokens(&self) -> u64 {
        self.opts.max_tokens.unwrap_or(DEFAULT_MAX_TOKENS)
    }

    /// Stops preprocessing: the program has more tokens than the bound allows.
    pub(super) fn too_many_tokens(&mut self, span: Span) {
        let max = self.max_tokens();
        self.error(
            Diagnostic::new(
                Code::Unsupported,
                span,
                "the program is too large after macro expansion",
            )
            .primary(format!("more than {max} tokens"))
            .help(format!(
                "to allow larger programs use `--max-tokens N` (now {max})"
            )),
        );
        self.aborted = true;
    }

    /// Counts one unit of preprocessing work (a macro expansion, an inclusion); false (and
    /// preprocessing stops, with a diagnostic at `span`) once the budget is spent.
    fn charge(&mut self, span: Span) -> bool {
        self.work += 1;
        let max = self.opts.max_work.unwrap_or(DEFAULT_PP_WORK);
        if self.work <= max {
            return true;
        }
        if !self.aborted {
            self.error(
                Diagnostic::new(
                    Code::Unsupported,
                    span,
                    format!("preprocessing needs more than {max} macro expansions and inclusions"),
                )
                .primary("still expanding here")
                .help(format!(
                    "a macro probably expands to itself many times over; to allow more work use `--max-pp-work N` (now {max})"
                )),
            );
        }
        self.aborted = true;
        false
    }

    fn error(&mut self, d: Diagnostic) {
        if self.diags.iter().filter(|d| d.is_error()).count() >= MAX_ERRORS {
            self.aborted = true;
            return;
        }
        self.diags.push(d);
    }

    // ---- token sources -------------------------------------------------------------------

    /// The next token from the include stack, popping finished files. Newlines included.
    fn next_from_frames(&mut self) -> Option<PpToken> {
        loop {
            let frame = self.frames.last_mut()?;
            if let Some(t) = frame.toks.get(frame.pos) {
                frame.pos += 1;
                return Some(*t);
            }
            let frame = self.frames.pop()?;
            while self.conds.len() > frame.cond_depth {
                if let Some(c) = self.conds.pop() {
                    self.error(
                        Diagnostic::new(
                            Code::SyntaxError,
                            c.span,
                            "unterminated conditional directive",
                        )
                        .primary("this `#if` has no matching `#endif` in its file"),
                    );
                }
            }
        }
    }

    /// Next token of `input`, and whether it came straight from a file.
    fn next(&mut self, input: &mut Input) -> Option<(PpToken, bool)> {
        if let Some(t) = input.stack.pop() {
            return Some((t, false));
        }
        if input.main {
            return self.next_from_frames().map(|t| (t, true));
        }
        None
    }

    /// The next non-newline token without consuming it (newlines before it are consumed).
    fn peek_non_newline(&mut self, input: &mut Input) -> Option<PpToken> {
        if let Some(t) = input.stack.last() {
            return Some(*t);
        }
        if !input.main {
            return None;
        }
        loop {
            let frame = self.frames.last_mut()?;
            match frame.toks.get(frame.pos) {
                Some(t) if t.kind == Tok::Newline => frame.pos += 1,
                Some(t) => return Some(*t),
                None => return None,
            }
        }
    }

    /// Rest of the current directive line from the current file (the newline is consumed).
    fn rest_of_line(&mut self) -> Vec<PpToken> {
        let mut v = Vec::new();
        if let Some(frame) = self.frames.last_mut() {
            while let Some(t) = frame.toks.get(frame.pos) {
                frame.pos += 1;
                if t.kind == Tok::Newline {
                    break;
                }
                v.push(*t);
            }
        }
        v
    }

    // ---- main loop -----------------------------------------------------------------------

    fn run(&mut self, sm: &mut SourceMap, interner: &mut Interner, input: &mut Input) {
        while let Some((tok, from_file)) = self.next(input) {
            if self.aborted {
                return;
            }
            if tok.kind == Tok::Newline {
                continue;
            }
            if from_file && tok.bol && tok.kind == Tok::Hash {
                self.directive(sm, interner, tok);
                continue;
            }
            if tok.kind.is_name() && self.expand(sm, interner, tok, input) {
                continue;
            }
            if self.out.len() as u64 >= self.max_tokens() {
                self.too_many_tokens(tok.span);
                return;
            }
            self.out.push(Token {
                kind: tok.kind,
                span: tok.span,
                sym: tok.sym,
            });
            // Under `#pragma pack(N)`, every struct and union is packed to N.
            if let (Some(n), Tok::Struct | Tok::Union) = (self.pack, tok.kind) {
                self.out.push(Token {
                    kind: Tok::Packed,
                    span: tok.span,
                    sym: interner.intern(&n.to_string()),
                });
            }
        }
    }
}

fn display_name(path: &Path, root: Option<&Path>) -> String {
    if let Some(root) = root {
        if let Ok(rel) = path.strip_prefix(root) {
            return rel.display().to_string();
        }
    }
    path.display().to_string()
}

fn escape_string(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The spelling of a token list, with single spaces where the source had whitespace.
fn spell(interner: &Interner, toks: &[PpToken]) -> String {
    let mut s = String::new();
    for (i, t) in toks.iter().enumerate() {
        if i > 0 && t.space {
            s.push(' ');
        }
        s.push_str(interner.resolve(t.sym));
    }
    s
}

/// `#arg`: the argument's spelling as a string literal.
fn stringize(interner: &Interner, toks: &[PpToken]) -> String {
    let mut s = String::from("\"");
    for (i, t) in toks.iter().enumerate() {
        if i > 0 && t.space {
            s.push(' ');
        }
        let text = interner.resolve(t.sym);
        if matches!(t.kind, Tok::StrLit | Tok::CharLit) {
            s.push_str(&escape_string(text));
        } else {
            s.push_str(text);
        }
    }
    s.push('"');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pp(src: &str) -> (String, Vec<Diagnostic>) {
        let mut sm = SourceMap::new();
        let mut i = Interner::new();
        let mut p = Preprocessor::new(PpOptions::default(), &mut i);
        let f = sm.add("t.c", None, src, FileKind::User);
        let (toks, diags) = p.process(&mut sm, &mut i, f);
        let text: Vec<&str> = toks.iter().map(|t| i.resolve(t.sym)).collect();
        (text.join(" "), diags)
    }

    #[test]
    fn object_and_function_like_macros() {
        let (t, d) = pp("#define N 5\n#define SQ(x) ((x)*(x))\nint a = SQ(N+1);\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t, "int a = ( ( 5 + 1 ) * ( 5 + 1 ) ) ;");
    }

    #[test]
    fn recursion_is_stopped_by_hide_sets() {
        let (t, _) = pp("#define foo foo + 1\n#define f(x) x + f(x)\nfoo; f(2);\n");
        assert_eq!(t, "foo + 1 ; 2 + f ( 2 ) ;");
    }

    #[test]
    fn standard_example_of_rescanning() {
        // C11 6.10.3.5 example 3 (a subset).
        let src = "#define x 3\n#define f(a) f(x * (a))\n#undef x\n#define x 2\n#define g f\n#define z z[0]\n\
                   #define h g(~\n#define m(a) a(w)\n#define w 0,1\n\
                   f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);\n";
        let (t, d) = pp(src);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t, "f ( 2 * ( y + 1 ) ) + f ( 2 * ( f ( 2 * ( z [ 0 ] ) ) ) ) % t ( t ( f ) ( 0 ) + t ) ( 1 ) ;");
    }

    #[test]
    fn stringify_and_paste() {
        let (t, d) =
            pp("#define S(x) #x\n#define CAT(a,b) a##b\nS(a + \"q\") CAT(foo,bar) CAT(1,2)\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t, r#""a + \"q\"" foobar 12"#);
    }

    #[test]
    fn variadic_macros() {
        let (t, d) = pp("#define P(fmt, ...) printf(fmt, __VA_ARGS__)\n#define Q(fmt, ...) g(fmt, ##__VA_ARGS__)\nP(\"%d\", 1, 2); Q(\"x\");\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t, r#"printf ( "%d" , 1 , 2 ) ; g ( "x" ) ;"#);
    }

    #[test]
    fn conditionals() {
        let src = "#define A 2\n#if A > 1 && defined(A)\nyes\n#elif 1\nno1\n#else\nno2\n#endif\n\
                   #ifdef B\nno3\n#elif A == 2\nyes2\n#endif\n#ifndef B\n#if 0\nno4\n#else\nyes3\n#endif\n#endif\n";
        let (t, d) = pp(src);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t, "yes yes2 yes3");
    }

    #[test]
    fn function_like_name_without_parens_is_not_expanded() {
        let (t, _) = pp("#define f(x) x\nint f; f(3);\n");
        assert_eq!(t, "int f ; 3 ;");
    }

    #[test]
    fn builtin_header_and_line() {
        let (t, d) = pp("#include <stdbool.h>\nbool b = true; int l = __LINE__;\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t, "_Bool b = 1 ; int l = 2 ;");
    }

    #[test]
    fn errors() {
        let (_, d) = pp("#if 1\nint x;\n");
        assert_eq!(d[0].message, "unterminated conditional directive");
        let (_, d) = pp("#include <unistd.h>\n");
        assert_eq!(d[0].code, Code::Unsupported);
        let (_, d) = pp("#error stop now\n");
        assert_eq!(d[0].message, "#error stop now");
        let (_, d) = pp("#define F(a,b) a\nF(1);\n");
        assert!(d[0].message.contains("expects 2"));
        let (_, d) = pp("#foo\n");
        assert!(d[0].message.contains("unknown preprocessing directive"));
    }

    #[test]
    fn macro_body_tokens_take_the_invocation_span() {
        let mut sm = SourceMap::new();
        let mut i = Interner::new();
        let mut p = Preprocessor::new(PpOptions::default(), &mut i);
        let f = sm.add("t.c", None, "#define Z (1+2)\nint a = Z;\n", FileKind::User);
        let (toks, _) = p.process(&mut sm, &mut i, f);
        let z_off = "#define Z (1+2)\nint a = ".len() as u32;
        assert_eq!(toks[3].span, Span::new(f, z_off, z_off + 1));
    }
}
