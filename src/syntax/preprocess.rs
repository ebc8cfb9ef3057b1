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
const MAX_OUTPUT_TOKENS: usize = 20_000_000;
const MAX_ERRORS: usize = 100;

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
}

/// The preprocessor's state; see the module documentation.
pub struct Preprocessor {
    macros: HashMap<Symbol, Macro>,
    opts: PpOptions,
    hidesets: Vec<Vec<Symbol>>,
    hideset_ids: HashMap<Vec<Symbol>, u32>,
    frames: Vec<Frame>,
    conds: Vec<Cond>,
    once: HashSet<PathBuf>,
    builtin_files: HashMap<&'static str, FileId>,
    diags: Vec<Diagnostic>,
    out: Vec<Token>,
    expansion_depth: usize,
    /// The folder the sandbox allows besides `-I` folders: the main file's.
    root_dir: Option<PathBuf>,
    sym_defined: Symbol,
    sym_va_args: Symbol,
    sym_pragma_once: Symbol,
    sym_one: Symbol,
    sym_zero: Symbol,
    sym_comma: Symbol,
    aborted: bool,
}

impl Preprocessor {
    pub fn new(opts: PpOptions, interner: &mut Interner) -> Preprocessor {
        let mut pp = Preprocessor {
            macros: HashMap::new(),
            opts,
            hidesets: vec![Vec::new()],
            hideset_ids: HashMap::new(),
            frames: Vec::new(),
            conds: Vec::new(),
            once: HashSet::new(),
            builtin_files: HashMap::new(),
            diags: Vec::new(),
            out: Vec::new(),
            expansion_depth: 0,
            root_dir: None,
            sym_defined: interner.intern("defined"),
            sym_va_args: interner.intern("__VA_ARGS__"),
            sym_pragma_once: interner.intern("once"),
            sym_one: interner.intern("1"),
            sym_zero: interner.intern("0"),
            sym_comma: interner.intern(","),
            aborted: false,
        };
        pp.hideset_ids.insert(Vec::new(), 0);
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

    /// The state an input can change that outlives it (macros, `#pragma once` files), to
    /// undo a rejected REPL input with [`Preprocessor::restore`].
    pub fn checkpoint(&self) -> PpCheckpoint {
        PpCheckpoint {
            macros: self.macros.clone(),
            once: self.once.clone(),
        }
    }

    pub fn restore(&mut self, cp: PpCheckpoint) {
        self.macros = cp.macros;
        self.once = cp.once;
    }

    /// Defines the predefined macros and the `-D` options, reading them as a built-in file.
    pub fn predefine(&mut self, sm: &mut SourceMap, interner: &mut Interner) {
        let mut text = String::from(
            "#define __STDC__ 1\n#define __STDC_VERSION__ 201112L\n#define __STDC_HOSTED__ 1\n\
             #define __x86_64__ 1\n#define __x86_64 1\n#define __LP64__ 1\n#define _LP64 1\n#define __linux__ 1\n\
             #define __CHAR_BIT__ 8\n#define __SIZEOF_INT__ 4\n#define __SIZEOF_LONG__ 8\n\
             #define __SIZEOF_LONG_LONG__ 8\n#define __SIZEOF_POINTER__ 8\n#define __SIZEOF_SHORT__ 2\n\
             #define __SIZEOF_FLOAT__ 4\n#define __SIZEOF_DOUBLE__ 8\n#define __SIZE_TYPE__ unsigned long\n\
             #define __cmem__ 1\n#define __attribute__(x)\n#define __extension__\n\
             #define __builtin_expect(x, y) (x)\n#define __DATE__ \"Jan  1 2000\"\n#define __TIME__ \"00:00:00\"\n",
        );
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
            if self.out.len() >= MAX_OUTPUT_TOKENS {
                self.error(
                    Diagnostic::new(
                        Code::Unsupported,
                        tok.span,
                        "the program is too large after macro expansion",
                    )
                    .primary(format!("more than {MAX_OUTPUT_TOKENS} tokens")),
                );
                self.aborted = true;
                return;
            }
            self.out.push(Token {
                kind: tok.kind,
                span: tok.span,
                sym: tok.sym,
            });
        }
    }

    /// Fully macro-expands a list of tokens in isolation (macro arguments, `#if` lines).
    fn expand_list(
        &mut self,
        sm: &mut SourceMap,
        interner: &mut Interner,
        toks: Vec<PpToken>,
    ) -> Vec<PpToken> {
        let mut input = Input {
            stack: toks.into_iter().rev().collect(),
            main: false,
        };
        let mut out = Vec::new();
        if self.expansion_depth >= MAX_EXPANSION_DEPTH {
            if let Some(t) = input.stack.last() {
                let span = t.span;
                self.error(Diagnostic::new(
                    Code::Unsupported,
                    span,
                    "macro expansion is nested too deeply",
                ));
            }
            self.aborted = true;
            return out;
        }
        self.expansion_depth += 1;
        while let Some((tok, _)) = self.next(&mut input) {
            if self.aborted {
                break;
            }
            if tok.kind.is_name() && self.expand(sm, interner, tok, &mut input) {
                continue;
            }
            out.push(tok);
            if out.len() > MAX_OUTPUT_TOKENS {
                self.error(Diagnostic::new(
                    Code::Unsupported,
                    tok.span,
                    "macro expansion produces too many tokens",
                ));
                self.aborted = true;
                break;
            }
        }
        self.expansion_depth -= 1;
        out
    }

    // ---- hide sets -----------------------------------------------------------------------

    fn hideset_intern(&mut self, set: Vec<Symbol>) -> u32 {
        if let Some(&id) = self.hideset_ids.get(&set) {
            return id;
        }
        let id = self.hidesets.len() as u32;
        self.hidesets.push(set.clone());
        self.hideset_ids.insert(set, id);
        id
    }

    fn hideset_contains(&self, hs: u32, sym: Symbol) -> bool {
        self.hidesets
            .get(hs as usize)
            .is_some_and(|s| s.binary_search(&sym).is_ok())
    }

    fn hideset_add(&mut self, hs: u32, sym: Symbol) -> u32 {
        let mut set = self.hidesets.get(hs as usize).cloned().unwrap_or_default();
        if let Err(i) = set.binary_search(&sym) {
            set.insert(i, sym);
        }
        self.hideset_intern(set)
    }

    fn hideset_union(&mut self, a: u32, b: u32) -> u32 {
        if a == b || b == 0 {
            return a;
        }
        if a == 0 {
            return b;
        }
        let mut set = self.hidesets.get(a as usize).cloned().unwrap_or_default();
        for s in self.hidesets.get(b as usize).cloned().unwrap_or_default() {
            if let Err(i) = set.binary_search(&s) {
                set.insert(i, s);
            }
        }
        self.hideset_intern(set)
    }

    fn hideset_intersect(&mut self, a: u32, b: u32) -> u32 {
        if a == b {
            return a;
        }
        if a == 0 || b == 0 {
            return 0;
        }
        let bs = self.hidesets.get(b as usize).cloned().unwrap_or_default();
        let set: Vec<Symbol> = self
            .hidesets
            .get(a as usize)
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|s| bs.binary_search(s).is_ok())
            .collect();
        self.hideset_intern(set)
    }

    // ---- macro expansion -------------------------------------------------------------------

    /// Expands `tok` if it names a macro; the expansion is pushed back onto `input`.
    fn expand(
        &mut self,
        sm: &mut SourceMap,
        interner: &mut Interner,
        tok: PpToken,
        input: &mut Input,
    ) -> bool {
        if self.hideset_contains(tok.hideset, tok.sym) {
            return false;
        }
        let Some(mac) = self.macros.get(&tok.sym) else {
            return false;
        };
        if let Some(b) = mac.builtin {
            let text = match b {
                BuiltinMacro::File => {
                    let name = sm
                        .file(tok.span.file)
                        .map(|f| f.name.clone())
                        .unwrap_or_default();
                    format!("\"{}\"", escape_string(&name))
                }
                BuiltinMacro::Line => sm.line_of(tok.span).to_string(),
            };
            let kind = if b == BuiltinMacro::File {
                Tok::StrLit
            } else {
                Tok::Number
            };
            let sym = interner.intern(&text);
            input.stack.push(PpToken {
                kind,
                span: tok.span,
                sym,
                bol: false,
                space: tok.space,
                hideset: tok.hideset,
            });
            return true;
        }
        let mac = mac.clone();
        match &mac.params {
            None => {
                let hs = self.hideset_add(tok.hideset, tok.sym);
                let body = self.paste_all(interner, &mac.body, tok.span);
                let mut expansion = Vec::with_capacity(body.len());
                for (i, mut t) in body.into_iter().enumerate() {
                    t.hideset = self.hideset_union(t.hideset, hs);
                    t.span = tok.span;
                    t.bol = false;
                    if i == 0 {
                        t.space = tok.space;
                    }
                    expansion.push(t);
                }
                input.stack.extend(expansion.into_iter().rev());
                true
            }
            Some(params) => {
                match self.peek_non_newline(input) {
                    Some(t) if t.kind == Tok::LParen => {}
                    _ => return false,
                }
                let _ = self.next(input); // the `(`
                let Some((args, rparen)) = self.collect_args(tok, input) else {
                    return true;
                };
                let nparams = params.len();
                let args = match self.match_args(tok, &mac, args) {
                    Some(a) => a,
                    None => return true,
                };
                debug_assert!(args.len() == nparams + usize::from(mac.variadic));
                let hs = self.hideset_intersect(tok.hideset, rparen.hideset);
                let hs = self.hideset_add(hs, tok.sym);
                let invocation = tok.span.to(rparen.span);
                let body = self.substitute(sm, interner, &mac, &args, invocation);
                let mut expansion = Vec::with_capacity(body.len());
                for (i, mut t) in body.into_iter().enumerate() {
                    t.hideset = self.hideset_union(t.hideset, hs);
                    t.bol = false;
                    if i == 0 {
                        t.space = tok.space;
                    }
                    expansion.push(t);
                }
                input.stack.extend(expansion.into_iter().rev());
                true
            }
        }
    }

    /// Reads the arguments of a function-like macro call after its `(`.
    fn collect_args(
        &mut self,
        name: PpToken,
        input: &mut Input,
    ) -> Option<(Vec<Vec<PpToken>>, PpToken)> {
        let mut args = vec![Vec::new()];
        let mut depth = 0usize;
        let mut saw_newline = false;
        loop {
            let Some((t, from_file)) = self.next(input) else {
                self.error(
                    Diagnostic::new(
                        Code::SyntaxError,
                        name.span,
                        "unterminated macro invocation",
                    )
                    .primary("the argument list of this macro call is never closed"),
                );
                return None;
            };
            match t.kind {
                Tok::Newline => {
                    saw_newline = true;
                    continue;
                }
                Tok::Hash if from_file && t.bol => {
                    self.error(
                        Diagnostic::new(
                            Code::Unsupported,
                            t.span,
                            "preprocessing directive inside macro arguments",
                        )
                        .primary("directives cannot appear inside a macro call"),
                    );
                    let _ = self.rest_of_line();
                    continue;
                }
                Tok::LParen => depth += 1,
                Tok::RParen if depth == 0 => return Some((args, t)),
                Tok::RParen => depth -= 1,
                Tok::Comma if depth == 0 => {
                    args.push(Vec::new());
                    continue;
                }
                _ => {}
            }
            let mut t = t;
            if saw_newline {
                t.space = true;
                saw_newline = false;
            }
            if let Some(last) = args.last_mut() {
                last.push(t);
            }
        }
    }

    /// Checks the argument count, folding extra arguments into `__VA_ARGS__`.
    fn match_args(
        &mut self,
        name: PpToken,
        mac: &Macro,
        mut args: Vec<Vec<PpToken>>,
    ) -> Option<Vec<Vec<PpToken>>> {
        let nparams = mac.params.as_ref().map_or(0, Vec::len);
        if nparams == 0 && !mac.variadic && args.len() == 1 && args[0].is_empty() {
            return Some(Vec::new());
        }
        if mac.variadic {
            if args.len() < nparams {
                self.arity_error(name, nparams, args.len(), true);
                return None;
            }
            let mut fixed: Vec<Vec<PpToken>> = Vec::new();
            let mut rest: Vec<PpToken> = Vec::new();
            let comma = self.sym_comma;
            for (i, a) in args.into_iter().enumerate() {
                if i < nparams {
                    fixed.push(a);
                } else {
                    if i > nparams {
                        rest.push(PpToken {
                            kind: Tok::Comma,
                            span: name.span,
                            sym: comma,
                            bol: false,
                            space: false,
                            hideset: 0,
                        });
                    }
                    rest.extend(a);
                }
            }
            while fixed.len() < nparams {
                fixed.push(Vec::new());
            }
            fixed.push(rest);
            Some(fixed)
        } else {
            if args.len() != nparams {
                self.arity_error(name, nparams, args.len(), false);
                return None;
            }
            args.truncate(nparams);
            Some(std::mem::take(&mut args))
        }
    }

    fn arity_error(&mut self, name: PpToken, want: usize, got: usize, variadic: bool) {
        let at_least = if variadic { "at least " } else { "" };
        self.error(
            Diagnostic::new(
                Code::SyntaxError,
                name.span,
                format!("macro expects {at_least}{want} argument(s), but {got} were given"),
            )
            .primary("in this macro call"),
        );
    }

    fn param_index(&self, mac: &Macro, sym: Symbol) -> Option<usize> {
        let params = mac.params.as_ref()?;
        if let Some(i) = params.iter().position(|&p| p == sym) {
            return Some(i);
        }
        if mac.variadic && sym == self.sym_va_args {
            return Some(params.len());
        }
        None
    }

    /// Replaces parameters in a function-like macro's body (`#`, `##`, expansion of
    /// arguments), giving body tokens the invocation's span.
    fn substitute(
        &mut self,
        sm: &mut SourceMap,
        interner: &mut Interner,
        mac: &Macro,
        args: &[Vec<PpToken>],
        invocation: Span,
    ) -> Vec<PpToken> {
        let body = &mac.body;
        let mut out: Vec<PpToken> = Vec::new();
        // Marks, per output index, where a `##` must paste with the previous token.
        let mut paste_before: Vec<bool> = Vec::new();
        let mut i = 0;
        while i < body.len() {
            let t = body[i];
            // `# param`
            if t.kind == Tok::Hash {
                if let Some(next) = body.get(i + 1) {
                    if let Some(idx) = self
                        .param_index(mac, next.sym)
                        .filter(|_| next.kind.is_name())
                    {
                        let s = stringize(interner, &args[idx]);
                        let sym = interner.intern(&s);
                        out.push(PpToken {
                            kind: Tok::StrLit,
                            span: invocation,
                            sym,
                            bol: false,
                            space: t.space,
                            hideset: 0,
                        });
                        paste_before.push(false);
                        i += 2;
                        continue;
                    }
                }
            }
            if t.kind == Tok::HashHash {
                // Paste the next item onto what is already out.
                if let Some(next) = body.get(i + 1) {
                    let next = *next;
                    // GNU: `, ## __VA_ARGS__` drops the comma when the variadic part is empty.
                    if mac.variadic
                        && next.sym == self.sym_va_args
                        && out.last().is_some_and(|l| l.kind == Tok::Comma)
                        && args.last().is_some_and(|a| a.is_empty())
                    {
                        out.pop();
                        paste_before.pop();
                        i += 2;
                        continue;
                    }
                    let pieces: Vec<PpToken> = match self
                        .param_index(mac, next.sym)
                        .filter(|_| next.kind.is_name())
                    {
                        Some(idx) => args[idx]
                            .iter()
                            .map(|a| PpToken { bol: false, ..*a })
                            .collect(),
                        None => vec![PpToken {
                            span: invocation,
                            bol: false,
                            ..next
                        }],
                    };
                    let mut first = true;
                    for p in pieces {
                        out.push(p);
                        paste_before.push(first);
                        first = false;
                    }
                    i += 2;
                    continue;
                }
                i += 1;
                continue;
            }
            if t.kind.is_name() {
                if let Some(idx) = self.param_index(mac, t.sym) {
                    let next_is_paste = body.get(i + 1).is_some_and(|n| n.kind == Tok::HashHash);
                    let arg = if next_is_paste {
                        args[idx].clone()
                    } else {
                        self.expand_list(sm, interner, args[idx].clone())
                    };
                    for (j, mut a) in arg.into_iter().enumerate() {
                        a.bol = false;
                        if j == 0 {
                            a.space = t.space;
                        }
                        out.push(a);
                        paste_before.push(false);
                    }
                    i += 1;
                    continue;
                }
            }
            out.push(PpToken {
                span: invocation,
                bol: false,
                ..t
            });
            paste_before.push(false);
            i += 1;
        }
        // Perform the pastes.
        let mut result: Vec<PpToken> = Vec::with_capacity(out.len());
        for (t, paste) in out.into_iter().zip(paste_before) {
            if paste {
                if let Some(prev) = result.pop() {
                    match self.paste(interner, prev, t) {
                        Some(p) => result.push(p),
                        None => {
                            result.push(prev);
                            result.push(t);
                        }
                    }
                    continue;
                }
            }
            result.push(t);
        }
        result
    }

    /// Applies `##` in an object-like macro's body.
    fn paste_all(&mut self, interner: &mut Interner, body: &[PpToken], span: Span) -> Vec<PpToken> {
        if !body.iter().any(|t| t.kind == Tok::HashHash) {
            return body.to_vec();
        }
        let mut out: Vec<PpToken> = Vec::new();
        let mut i = 0;
        while i < body.len() {
            let t = body[i];
            if t.kind == Tok::HashHash {
                if let (Some(prev), Some(next)) = (out.pop(), body.get(i + 1)) {
                    let next = PpToken { span, ..*next };
                    match self.paste(interner, prev, next) {
                        Some(p) => out.push(p),
                        None => {
                            out.push(prev);
                            out.push(next);
                        }
                    }
                    i += 2;
                    continue;
                }
                i += 1;
                continue;
            }
            out.push(t);
            i += 1;
        }
        out
    }

    fn paste(&mut self, interner: &mut Interner, a: PpToken, b: PpToken) -> Option<PpToken> {
        let text = format!("{}{}", interner.resolve(a.sym), interner.resolve(b.sym));
        let mut d = Vec::new();
        let toks = lex(a.span.file, &text, interner, &mut d);
        if d.is_empty() && toks.len() == 1 {
            let t = toks[0];
            return Some(PpToken {
                kind: t.kind,
                span: a.span,
                sym: t.sym,
                bol: false,
                space: a.space,
                hideset: a.hideset,
            });
        }
        self.error(
            Diagnostic::new(
                Code::SyntaxError,
                a.span,
                format!(
                    "pasting `{}` does not give a valid token",
                    text.replace('`', "'")
                ),
            )
            .primary("in this macro expansion"),
        );
        None
    }

    // ---- directives ------------------------------------------------------------------------

    fn directive(&mut self, sm: &mut SourceMap, interner: &mut Interner, hash: PpToken) {
        let line = self.rest_of_line();
        let Some(&name) = line.first() else { return }; // null directive
        if name.kind == Tok::Number {
            return; // line marker `# 12 "file"`
        }
        if !name.kind.is_name() {
            self.error(Diagnostic::new(
                Code::SyntaxError,
                name.span,
                "expected a preprocessing directive after `#`",
            ));
            return;
        }
        let args = &line[1..];
        let dname = interner.resolve(name.sym).to_string();
        match dname.as_str() {
            "define" => self.define(interner, args, name),
            "undef" => {
                if let Some(t) = args.first().filter(|t| t.kind.is_name()) {
                    self.macros.remove(&t.sym);
                } else {
                    self.error(Diagnostic::new(Code::SyntaxError, name.span, "`#undef` needs a macro name"));
                }
            }
            "include" => self.include(sm, interner, hash, args),
            "if" => {
                let v = self.eval_if(sm, interner, args, name);
                self.begin_cond(sm, interner, v, hash.span.to(name.span));
            }
            "ifdef" | "ifndef" => {
                let Some(t) = args.first().filter(|t| t.kind.is_name()) else {
                    self.error(Diagnostic::new(Code::SyntaxError, name.span, format!("`#{dname}` needs a macro name")));
                    self.begin_cond(sm, interner, false, hash.span.to(name.span));
                    return;
                };
                let defined = self.macros.contains_key(&t.sym);
                self.begin_cond(sm, interner, defined == (dname == "ifdef"), hash.span.to(name.span));
            }
            "elif" | "else" => {
                // Reached at the end of a group that was taken: skip to `#endif`.
                match self.conds.last_mut() {
                    Some(c) => {
                        let mut dup = false;
                        if dname == "else" {
                            dup = c.in_else;
                            c.in_else = true;
                        }
                        c.taken = true;
                        if dup {
                            self.error(Diagnostic::new(Code::SyntaxError, name.span, "`#else` after `#else`"));
                        }
                        self.skip_group(interner);
                    }
                    None => self.error(Diagnostic::new(Code::SyntaxError, name.span, format!("`#{dname}` without `#if`"))),
                }
            }
            "endif" => {
                if self.conds.pop().is_none() {
                    self.error(Diagnostic::new(Code::SyntaxError, name.span, "`#endif` without `#if`"));
                }
            }
            "error" => {
                let msg = spell(interner, args);
                self.error(Diagnostic::new(Code::SyntaxError, hash.span.to(name.span), format!("#error {msg}")).primary("the program asked to stop here"));
            }
            "warning" | "line" | "ident" | "sccs" => {}
            "pragma" => {
                if args.first().is_some_and(|t| t.sym == self.sym_pragma_once) {
                    if let Some(path) = sm.file(hash.span.file).and_then(|f| f.path.clone()) {
                        self.once.insert(path);
                    }
                }
            }
            _ => self.error(
                Diagnostic::new(Code::SyntaxError, name.span, format!("unknown preprocessing directive `#{dname}`"))
                    .help("the directives are #include, #define, #undef, #if, #ifdef, #ifndef, #elif, #else, #endif, #error and #pragma"),
            ),
        }
    }

    fn define(&mut self, interner: &mut Interner, args: &[PpToken], directive: PpToken) {
        let Some(&name) = args.first() else {
            self.error(Diagnostic::new(
                Code::SyntaxError,
                directive.span,
                "`#define` needs a macro name",
            ));
            return;
        };
        if !name.kind.is_name() {
            self.error(Diagnostic::new(
                Code::SyntaxError,
                name.span,
                "macro names must be identifiers",
            ));
            return;
        }
        if interner.resolve(name.sym) == "defined" {
            self.error(Diagnostic::new(
                Code::SyntaxError,
                name.span,
                "`defined` cannot be used as a macro name",
            ));
            return;
        }
        let rest = &args[1..];
        let function_like = rest
            .first()
            .is_some_and(|t| t.kind == Tok::LParen && !t.space);
        if !function_like {
            self.macros.insert(
                name.sym,
                Macro {
                    params: None,
                    variadic: false,
                    body: rest.to_vec(),
                    builtin: None,
                },
            );
            return;
        }
        let mut params = Vec::new();
        let mut variadic = false;
        let mut i = 1;
        loop {
            let Some(t) = rest.get(i) else {
                self.error(Diagnostic::new(
                    Code::SyntaxError,
                    name.span,
                    "unterminated macro parameter list",
                ));
                return;
            };
            match t.kind {
                Tok::RParen if params.is_empty() && !variadic => {
                    i += 1;
                    break;
                }
                Tok::Ellipsis => {
                    variadic = true;
                    if rest.get(i + 1).map(|t| t.kind) != Some(Tok::RParen) {
                        self.error(Diagnostic::new(
                            Code::SyntaxError,
                            t.span,
                            "`...` must be the last macro parameter",
                        ));
                        return;
                    }
                    i += 2;
                    break;
                }
                k if k.is_name() => {
                    params.push(t.sym);
                    match rest.get(i + 1).map(|t| t.kind) {
                        Some(Tok::Comma) => i += 2,
                        Some(Tok::RParen) => {
                            i += 2;
                            break;
                        }
                        _ => {
                            self.error(Diagnostic::new(
                                Code::SyntaxError,
                                t.span,
                                "expected `,` or `)` in macro parameter list",
                            ));
                            return;
                        }
                    }
                }
                _ => {
                    self.error(Diagnostic::new(
                        Code::SyntaxError,
                        t.span,
                        "expected a parameter name",
                    ));
                    return;
                }
            }
        }
        let body = rest.get(i..).unwrap_or(&[]).to_vec();
        self.macros.insert(
            name.sym,
            Macro {
                params: Some(params),
                variadic,
                body,
                builtin: None,
            },
        );
    }

    fn include(
        &mut self,
        sm: &mut SourceMap,
        interner: &mut Interner,
        hash: PpToken,
        args: &[PpToken],
    ) {
        let span = hash.span.to(args.last().map_or(hash.span, |t| t.span));
        // `#include MACRO` is expanded first.
        let toks: Vec<PpToken> = if args.first().is_some_and(|t| t.kind.is_name()) {
            self.expand_list(sm, interner, args.to_vec())
        } else {
            args.to_vec()
        };
        let (name, angled) = match toks.first() {
            Some(t) if t.kind == Tok::StrLit => {
                let s = interner.resolve(t.sym);
                (
                    s.get(1..s.len().saturating_sub(1))
                        .unwrap_or("")
                        .to_string(),
                    false,
                )
            }
            Some(t) if t.kind == Tok::Lt => {
                // Glue the spelling up to `>`, as written.
                let mut n = String::new();
                let mut closed = false;
                let mut prev_end = t.span.hi;
                for u in &toks[1..] {
                    if u.kind == Tok::Gt {
                        closed = true;
                        break;
                    }
                    if u.span.lo > prev_end && !n.is_empty() {
                        n.push(' ');
                    }
                    n.push_str(interner.resolve(u.sym));
                    prev_end = u.span.hi;
                }
                if !closed {
                    self.error(Diagnostic::new(
                        Code::SyntaxError,
                        span,
                        "expected `>` to close the header name",
                    ));
                    return;
                }
                (n, true)
            }
            _ => {
                self.error(
                    Diagnostic::new(
                        Code::SyntaxError,
                        span,
                        "expected a header name after `#include`",
                    )
                    .help("write `#include <stdio.h>` or `#include \"file.h\"`"),
                );
                return;
            }
        };
        if self.frames.len() >= MAX_INCLUDE_DEPTH {
            self.error(
                Diagnostic::new(Code::SyntaxError, span, "`#include` nested too deeply")
                    .primary(format!("more than {MAX_INCLUDE_DEPTH} files deep"))
                    .help("a header probably includes itself; add an include guard"),
            );
            return;
        }
        let cur_dir = self.frames.last().and_then(|f| f.dir.clone());
        // Built-in headers: for <...> first; for "..." after the local folder.
        if angled && self.include_builtin(sm, interner, &name) {
            return;
        }
        let mut dirs: Vec<PathBuf> = Vec::new();
        if !angled {
            if let Some(d) = &cur_dir {
                dirs.push(d.clone());
            }
        }
        dirs.extend(self.opts.include_dirs.iter().cloned());
        for d in dirs {
            let candidate = d.join(&name);
            if self.opts.files.0.is_file(&candidate) {
                if !self.allowed(&candidate) {
                    self.error(
                        Diagnostic::new(Code::Unsupported, span, format!("`{name}` is outside the folders cmem may read"))
                            .primary("this include leaves the program's folder")
                            .help("cmem reads only files under the program's folder and `-I` folders; add `-I DIR` to allow another folder"),
                    );
                    return;
                }
                let canon = self
                    .opts
                    .files
                    .0
                    .canonicalize(&candidate)
                    .unwrap_or(candidate.clone());
                if self.once.contains(&canon) {
                    return;
                }
                match self.opts.files.0.read(&candidate) {
                    Ok(bytes) => match String::from_utf8(bytes) {
                        Ok(text) => {
                            let display = display_name(&candidate, self.root_dir.as_deref());
                            let id = sm.add(display, Some(canon), text, FileKind::User);
                            let dir = candidate.parent().map(|d| {
                                if d.as_os_str().is_empty() {
                                    PathBuf::from(".")
                                } else {
                                    d.to_path_buf()
                                }
                            });
                            self.push_file(sm, interner, id, dir);
                        }
                        Err(_) => self.error(Diagnostic::new(
                            Code::SyntaxError,
                            span,
                            format!("`{name}` is not UTF-8 text"),
                        )),
                    },
                    Err(e) => self.error(Diagnostic::new(
                        Code::SyntaxError,
                        span,
                        format!("cannot read `{name}`: {e}"),
                    )),
                }
                return;
            }
        }
        if !angled && self.include_builtin(sm, interner, &name) {
            return;
        }
        let mut d = Diagnostic::new(
            Code::Unsupported,
            span,
            format!("cannot find header `{name}`"),
        );
        if let Some(reason) = headers::missing_header_reason(&name) {
            d = Diagnostic::new(
                Code::Unsupported,
                span,
                format!("the header <{name}> is not available in cmem"),
            )
            .primary(format!("cmem lacks <{name}>"))
            .note(reason.to_string());
        } else if angled {
            d = d
                .primary("not one of cmem's standard headers")
                .help("cmem provides stdio.h, stdlib.h, string.h, ctype.h, assert.h, stddef.h, stdint.h, inttypes.h, stdbool.h, limits.h, float.h, errno.h, math.h and time.h");
        } else {
            d = d.primary("no such file next to this program or in the -I folders");
        }
        self.error(d);
    }

    fn include_builtin(&mut self, sm: &mut SourceMap, interner: &mut Interner, name: &str) -> bool {
        let Some(text) = headers::builtin_header(name) else {
            return false;
        };
        let key: &'static str = match headers::builtin_header(name) {
            Some(_) => builtin_key(name),
            None => return false,
        };
        let id = match self.builtin_files.get(key) {
            Some(&id) => id,
            None => {
                let id = sm.add(format!("<{name}>"), None, text, FileKind::Builtin);
                self.builtin_files.insert(key, id);
                id
            }
        };
        self.push_file(sm, interner, id, None);
        true
    }

    /// Whether the sandbox allows reading `path` (under the main file's folder or a `-I` folder).
    fn allowed(&self, path: &Path) -> bool {
        let files = &self.opts.files.0;
        let Ok(canon) = files.canonicalize(path) else {
            return false;
        };
        let mut roots: Vec<PathBuf> = self
            .opts
            .include_dirs
            .iter()
            .filter_map(|d| files.canonicalize(d).ok())
            .collect();
        if let Some(r) = self
            .root_dir
            .as_ref()
            .and_then(|r| files.canonicalize(r).ok())
        {
            roots.push(r);
        }
        roots.iter().any(|r| canon.starts_with(r))
    }

    // ---- conditionals ----------------------------------------------------------------------

    fn begin_cond(&mut self, sm: &mut SourceMap, interner: &mut Interner, value: bool, span: Span) {
        self.conds.push(Cond {
            taken: value,
            in_else: false,
            span,
        });
        if !value {
            self.skip_until_taken(sm, interner);
        }
    }

    /// Skips groups of the innermost conditional until one is taken (or `#endif`).
    fn skip_until_taken(&mut self, sm: &mut SourceMap, interner: &mut Interner) {
        loop {
            let Some((kind, name, args)) = self.skip_to_branch(interner) else {
                return;
            };
            match kind {
                Branch::Endif => {
                    self.conds.pop();
                    return;
                }
                Branch::Else => {
                    let Some(c) = self.conds.last_mut() else {
                        return;
                    };
                    let dup = c.in_else;
                    c.in_else = true;
                    let was_taken = c.taken;
                    c.taken = true;
                    if dup {
                        self.error(Diagnostic::new(
                            Code::SyntaxError,
                            name.span,
                            "`#else` after `#else`",
                        ));
                    }
                    if !was_taken {
                        return;
                    }
                }
                Branch::Elif => {
                    let taken = self.conds.last().is_some_and(|c| c.taken);
                    if !taken && self.eval_if(sm, interner, &args, name) {
                        if let Some(c) = self.conds.last_mut() {
                            c.taken = true;
                        }
                        return;
                    }
                }
            }
        }
    }

    /// Skips the rest of a taken group and all later groups up to the matching `#endif`.
    fn skip_group(&mut self, interner: &mut Interner) {
        loop {
            let Some((kind, name, _)) = self.skip_to_branch(interner) else {
                return;
            };
            match kind {
                Branch::Endif => {
                    self.conds.pop();
                    return;
                }
                Branch::Else => {
                    let dup = self
                        .conds
                        .last_mut()
                        .is_some_and(|c| std::mem::replace(&mut c.in_else, true));
                    if dup {
                        self.error(Diagnostic::new(
                            Code::SyntaxError,
                            name.span,
                            "`#else` after `#else`",
                        ));
                    }
                }
                Branch::Elif => {}
            }
        }
    }

    /// Advances in the current file to the next `#elif/#else/#endif` of the current nesting level.
    fn skip_to_branch(
        &mut self,
        interner: &mut Interner,
    ) -> Option<(Branch, PpToken, Vec<PpToken>)> {
        let mut depth = 0usize;
        loop {
            let frame = self.frames.last_mut()?;
            let Some(&t) = frame.toks.get(frame.pos) else {
                return None; // unterminated; reported when the file ends
            };
            frame.pos += 1;
            if !(t.bol && t.kind == Tok::Hash) {
                continue;
            }
            let line = self.rest_of_line();
            let Some(&name) = line.first() else { continue };
            if !name.kind.is_name() {
                continue;
            }
            match interner.resolve(name.sym) {
                "if" | "ifdef" | "ifndef" => depth += 1,
                "endif" if depth > 0 => depth -= 1,
                "endif" => return Some((Branch::Endif, name, Vec::new())),
                "else" if depth == 0 => return Some((Branch::Else, name, Vec::new())),
                "elif" if depth == 0 => return Some((Branch::Elif, name, line[1..].to_vec())),
                _ => {}
            }
        }
    }

    /// Evaluates the controlling expression of `#if` / `#elif`.
    fn eval_if(
        &mut self,
        sm: &mut SourceMap,
        interner: &mut Interner,
        args: &[PpToken],
        directive: PpToken,
    ) -> bool {
        // Replace `defined X` and `defined(X)` before expansion.
        let mut toks = Vec::with_capacity(args.len());
        let mut i = 0;
        while i < args.len() {
            let t = args[i];
            if t.kind.is_name() && t.sym == self.sym_defined {
                let (name, used) = match (args.get(i + 1), args.get(i + 2), args.get(i + 3)) {
                    (Some(p), Some(n), Some(r))
                        if p.kind == Tok::LParen && n.kind.is_name() && r.kind == Tok::RParen =>
                    {
                        (Some(*n), 4)
                    }
                    (Some(n), _, _) if n.kind.is_name() => (Some(*n), 2),
                    _ => (None, 1),
                };
                match name {
                    Some(n) => {
                        let v = self.macros.contains_key(&n.sym);
                        let sym = if v { self.sym_one } else { self.sym_zero };
                        toks.push(PpToken {
                            kind: Tok::Number,
                            sym,
                            ..t
                        });
                    }
                    None => {
                        self.error(Diagnostic::new(
                            Code::SyntaxError,
                            t.span,
                            "`defined` needs a macro name",
                        ));
                        return false;
                    }
                }
                i += used;
                continue;
            }
            toks.push(t);
            i += 1;
        }
        let toks = self.expand_list(sm, interner, toks);
        if toks.is_empty() {
            self.error(Diagnostic::new(
                Code::SyntaxError,
                directive.span,
                "`#if` needs an expression",
            ));
            return false;
        }
        let mut ev = IfEval {
            toks: &toks,
            pos: 0,
            interner,
            depth: 0,
        };
        match ev.expr() {
            Ok(v) if ev.pos == toks.len() => v.0 != 0,
            Ok(_) => {
                let span = toks.get(ev.pos).map_or(directive.span, |t| t.span);
                self.error(Diagnostic::new(
                    Code::SyntaxError,
                    span,
                    "unexpected token in `#if` expression",
                ));
                false
            }
            Err((span, msg)) => {
                self.error(Diagnostic::new(
                    Code::SyntaxError,
                    span.unwrap_or(directive.span),
                    msg,
                ));
                false
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Branch {
    Elif,
    Else,
    Endif,
}

fn builtin_key(name: &str) -> &'static str {
    // Built-in header names are a fixed set; map to a static key for the file cache.
    const NAMES: [&str; 18] = [
        "stddef.h",
        "stdio.h",
        "stdlib.h",
        "string.h",
        "strings.h",
        "ctype.h",
        "assert.h",
        "stdint.h",
        "inttypes.h",
        "stdbool.h",
        "limits.h",
        "math.h",
        "errno.h",
        "float.h",
        "iso646.h",
        "time.h",
        "stdnoreturn.h",
        "stdalign.h",
    ];
    NAMES.iter().copied().find(|n| *n == name).unwrap_or("?")
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

/// A value in `#if` arithmetic: the bits and whether the type is unsigned.
type IfVal = (i64, bool);
type IfResult = Result<IfVal, (Option<Span>, String)>;

/// Evaluates `#if` expressions over macro-expanded tokens (intmax_t arithmetic).
struct IfEval<'a> {
    toks: &'a [PpToken],
    pos: usize,
    interner: &'a Interner,
    depth: usize,
}

impl IfEval<'_> {
    fn peek(&self) -> Option<Tok> {
        self.toks.get(self.pos).map(|t| t.kind)
    }

    fn span(&self) -> Option<Span> {
        self.toks.get(self.pos).or(self.toks.last()).map(|t| t.span)
    }

    fn expr(&mut self) -> IfResult {
        self.depth += 1;
        if self.depth > 200 {
            return Err((self.span(), "`#if` expression is nested too deeply".into()));
        }
        let c = self.binary(0)?;
        let r = if self.peek() == Some(Tok::Question) {
            self.pos += 1;
            let a = self.expr()?;
            if self.peek() != Some(Tok::Colon) {
                return Err((self.span(), "expected `:` in `#if` expression".into()));
            }
            self.pos += 1;
            let b = self.expr()?;
            let unsigned = a.1 || b.1;
            if c.0 != 0 {
                (a.0, unsigned)
            } else {
                (b.0, unsigned)
            }
        } else {
            c
        };
        self.depth -= 1;
        Ok(r)
    }

    fn prec(t: Tok) -> Option<u8> {
        Some(match t {
            Tok::OrOr => 1,
            Tok::AndAnd => 2,
            Tok::Pipe => 3,
            Tok::Caret => 4,
            Tok::Amp => 5,
            Tok::EqEq | Tok::NotEq => 6,
            Tok::Lt | Tok::Gt | Tok::Le | Tok::Ge => 7,
            Tok::Shl | Tok::Shr => 8,
            Tok::Plus | Tok::Minus => 9,
            Tok::Star | Tok::Slash | Tok::Percent => 10,
            _ => return None,
        })
    }

    fn binary(&mut self, min: u8) -> IfResult {
        let mut lhs = self.unary()?;
        while let Some(op) = self.peek() {
            let Some(p) = Self::prec(op) else { break };
            if p <= min {
                break;
            }
            let op_span = self.span();
            self.pos += 1;
            let rhs = self.binary(p)?;
            let u = lhs.1 || rhs.1;
            let (a, b) = (lhs.0, rhs.0);
            let cmp = |x: bool| (i64::from(x), false);
            lhs = match op {
                Tok::OrOr => cmp(a != 0 || b != 0),
                Tok::AndAnd => cmp(a != 0 && b != 0),
                Tok::Pipe => (a | b, u),
                Tok::Caret => (a ^ b, u),
                Tok::Amp => (a & b, u),
                Tok::EqEq => cmp(a == b),
                Tok::NotEq => cmp(a != b),
                Tok::Lt => cmp(if u { (a as u64) < (b as u64) } else { a < b }),
                Tok::Gt => cmp(if u { (a as u64) > (b as u64) } else { a > b }),
                Tok::Le => cmp(if u { (a as u64) <= (b as u64) } else { a <= b }),
                Tok::Ge => cmp(if u { (a as u64) >= (b as u64) } else { a >= b }),
                Tok::Shl => (a.wrapping_shl(b as u32), u),
                Tok::Shr => (
                    if u {
                        ((a as u64).wrapping_shr(b as u32)) as i64
                    } else {
                        a.wrapping_shr(b as u32)
                    },
                    u,
                ),
                Tok::Plus => (a.wrapping_add(b), u),
                Tok::Minus => (a.wrapping_sub(b), u),
                Tok::Star => (a.wrapping_mul(b), u),
                Tok::Slash | Tok::Percent => {
                    if b == 0 {
                        return Err((op_span, "division by zero in `#if` expression".into()));
                    }
                    let r = if u {
                        let (x, y) = (a as u64, b as u64);
                        (if op == Tok::Slash { x / y } else { x % y }) as i64
                    } else if op == Tok::Slash {
                        a.wrapping_div(b)
                    } else {
                        a.wrapping_rem(b)
                    };
                    (r, u)
                }
                _ => break,
            };
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> IfResult {
        let Some(t) = self.toks.get(self.pos).copied() else {
            return Err((self.span(), "`#if` expression ends too early".into()));
        };
        self.pos += 1;
        match t.kind {
            Tok::Minus => self.unary().map(|v| (v.0.wrapping_neg(), v.1)),
            Tok::Plus => self.unary(),
            Tok::Tilde => self.unary().map(|v| (!v.0, v.1)),
            Tok::Bang => self.unary().map(|v| (i64::from(v.0 == 0), false)),
            Tok::LParen => {
                self.depth += 1;
                if self.depth > 200 {
                    return Err((Some(t.span), "`#if` expression is nested too deeply".into()));
                }
                let v = self.expr()?;
                self.depth -= 1;
                if self.peek() != Some(Tok::RParen) {
                    return Err((self.span(), "expected `)` in `#if` expression".into()));
                }
                self.pos += 1;
                Ok(v)
            }
            Tok::Number => parse_pp_int(self.interner.resolve(t.sym))
                .ok_or((Some(t.span), "invalid integer in `#if` expression".into())),
            Tok::CharLit => {
                let text = self.interner.resolve(t.sym);
                match crate::syntax::literal::char_value(text) {
                    Ok(v) => Ok((v, false)),
                    Err(e) => Err((Some(t.span), e)),
                }
            }
            k if k.is_name() => Ok((0, false)), // identifiers that are not macros are 0
            _ => Err((
                Some(t.span),
                format!("unexpected {} in `#if` expression", t.kind.describe()),
            )),
        }
    }
}

/// Parses a preprocessor integer (`0x1F`, `077`, `10UL`).
fn parse_pp_int(text: &str) -> Option<IfVal> {
    let lower = text.to_ascii_lowercase();
    let digits = lower.trim_end_matches(['u', 'l']);
    let unsigned = lower[digits.len()..].contains('u');
    let v = if let Some(h) = digits.strip_prefix("0x") {
        u64::from_str_radix(h, 16).ok()?
    } else if let Some(b) = digits.strip_prefix("0b") {
        u64::from_str_radix(b, 2).ok()?
    } else if digits.len() > 1 && digits.starts_with('0') {
        u64::from_str_radix(&digits[1..], 8).ok()?
    } else {
        digits.parse::<u64>().ok()?
    };
    Some((v as i64, unsigned || v > i64::MAX as u64))
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
