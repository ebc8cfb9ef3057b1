//! Directives: `#define`, `#undef`, `#include` (built-in headers and the sandboxed
//! folders), `#pragma`, `#error` and the rest.

use super::*;

impl Preprocessor {
    pub(super) fn directive(&mut self, sm: &mut SourceMap, interner: &mut Interner, hash: PpToken) {
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
            "warning" | "ident" | "sccs" => {}
            "line" => self.line_directive(sm, interner, name, args),
            "pragma" => self.pragma(sm, interner, hash, args),
            _ => self.error(
                Diagnostic::new(Code::SyntaxError, name.span, format!("unknown preprocessing directive `#{dname}`"))
                    .help("the directives are #include, #define, #undef, #if, #ifdef, #ifndef, #elif, #else, #endif, #error and #pragma"),
            ),
        }
    }

    /// `#line N` or `#line N "name"` (macro-expanded first): what `__LINE__` and
    /// `__FILE__` say from the next line on. (Diagnostics keep the file's own lines.)
    fn line_directive(
        &mut self,
        sm: &mut SourceMap,
        interner: &mut Interner,
        directive: PpToken,
        args: &[PpToken],
    ) {
        let toks = self.expand_list(sm, interner, args.to_vec());
        let number = toks
            .first()
            .filter(|t| t.kind == Tok::Number)
            .and_then(|t| interner.resolve(t.sym).parse::<u32>().ok());
        let name = match toks.get(1) {
            None => Ok(None),
            Some(t) if t.kind == Tok::StrLit && toks.len() == 2 => {
                Ok(Some(unquote(interner.resolve(t.sym))))
            }
            Some(_) => Err(()),
        };
        match (number, name) {
            (Some(line), Ok(name)) => self.line_marks.push(LineMark {
                file: directive.span.file,
                at: sm.line_of(directive.span),
                line,
                name,
            }),
            _ => self.error(
                Diagnostic::new(
                    Code::SyntaxError,
                    directive.span,
                    "`#line` needs a line number and, optionally, a file name in quotes",
                )
                .primary("in this directive"),
            ),
        }
    }

    /// `#pragma once`, `#pragma push_macro("NAME")` and `#pragma pop_macro("NAME")`; other
    /// pragmas are ignored, as compilers ignore pragmas they do not know.
    fn pragma(
        &mut self,
        sm: &mut SourceMap,
        interner: &mut Interner,
        hash: PpToken,
        args: &[PpToken],
    ) {
        let Some(first) = args.first() else { return };
        if first.sym == self.sym_pragma_once {
            if let Some(path) = sm.file(hash.span.file).and_then(|f| f.path.clone()) {
                self.once.insert(path);
            }
            return;
        }
        let which = interner.resolve(first.sym);
        if which == "pack" {
            self.pragma_pack(interner, &args[1..], first.span);
            return;
        }
        if which != "push_macro" && which != "pop_macro" {
            return;
        }
        let push = which == "push_macro";
        let name = match args {
            [_, l, s, r]
                if l.kind == Tok::LParen && s.kind == Tok::StrLit && r.kind == Tok::RParen =>
            {
                unquote(interner.resolve(s.sym))
            }
            _ => {
                let msg = format!(
                    "`#pragma {which}` needs a macro name in quotes: `#pragma {which}(\"NAME\")`"
                );
                self.error(Diagnostic::new(Code::SyntaxError, first.span, msg));
                return;
            }
        };
        let sym = interner.intern(&name);
        if push {
            let saved = self.macros.get(&sym).cloned();
            self.pushed_macros.entry(sym).or_default().push(saved);
        } else if let Some(saved) = self.pushed_macros.get_mut(&sym).and_then(Vec::pop) {
            match saved {
                Some(m) => self.macros.insert(sym, m),
                None => self.macros.remove(&sym),
            };
        }
    }

    /// `#pragma pack(N)`, `pack()`, `pack(push[, N])`, `pack(pop)`: the largest alignment
    /// the members of the structs and unions defined after it keep (as gcc has it).
    fn pragma_pack(&mut self, interner: &Interner, args: &[PpToken], span: Span) {
        let words: Vec<&str> = args
            .iter()
            .filter(|t| !matches!(t.kind, Tok::LParen | Tok::RParen | Tok::Comma))
            .map(|t| interner.resolve(t.sym))
            .collect();
        let number = |w: &str| {
            w.parse::<u64>()
                .ok()
                .filter(|n| n.is_power_of_two() && *n <= 16)
        };
        let ok = match words.as_slice() {
            [] => {
                self.pack = None;
                true
            }
            ["push"] => {
                self.pack_stack.push(self.pack);
                true
            }
            ["push", n] => {
                self.pack_stack.push(self.pack);
                self.pack = number(n);
                self.pack.is_some()
            }
            ["pop"] => {
                self.pack = self.pack_stack.pop().flatten();
                true
            }
            [n] => {
                self.pack = number(n);
                self.pack.is_some()
            }
            _ => false,
        };
        if !ok {
            self.error(
                Diagnostic::new(Code::SyntaxError, span, "malformed `#pragma pack`")
                    .help("write `#pragma pack(N)` (N = 1, 2, 4, 8 or 16), `pack(push, N)`, `pack(pop)` or `pack()`"),
            );
        }
    }

    pub(super) fn define(&mut self, interner: &mut Interner, args: &[PpToken], directive: PpToken) {
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

    pub(super) fn include(
        &mut self,
        sm: &mut SourceMap,
        interner: &mut Interner,
        hash: PpToken,
        args: &[PpToken],
    ) {
        let span = hash.span.to(args.last().map_or(hash.span, |t| t.span));
        let Some((name, angled)) = self.header_name(sm, interner, args, span) else {
            return;
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
                let dir = candidate.parent().map(|d| {
                    if d.as_os_str().is_empty() {
                        PathBuf::from(".")
                    } else {
                        d.to_path_buf()
                    }
                });
                // A file included again is read and stored once (a header included twice
                // at every level of a chain once kept 2^n copies).
                if let Some(&id) = self.included.get(&canon) {
                    self.push_file(sm, interner, id, dir);
                    return;
                }
                match self.opts.files.0.read(&candidate) {
                    Ok(bytes) => match String::from_utf8(bytes) {
                        Ok(text) => {
                            let display = display_name(&candidate, self.root_dir.as_deref());
                            let id = sm.add(display, Some(canon.clone()), text, FileKind::User);
                            self.included.insert(canon, id);
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

    /// The header name of `#include`: `"file"` or `<file>` (after expanding a macro), and
    /// whether it was `<...>`; `None` after reporting a malformed one.
    fn header_name(
        &mut self,
        sm: &mut SourceMap,
        interner: &mut Interner,
        args: &[PpToken],
        span: Span,
    ) -> Option<(String, bool)> {
        // `#include MACRO` is expanded first.
        let toks: Vec<PpToken> = if args.first().is_some_and(|t| t.kind.is_name()) {
            self.expand_list(sm, interner, args.to_vec())
        } else {
            args.to_vec()
        };
        match toks.first() {
            Some(t) if t.kind == Tok::StrLit => {
                let s = interner.resolve(t.sym);
                Some((
                    s.get(1..s.len().saturating_sub(1))
                        .unwrap_or("")
                        .to_string(),
                    false,
                ))
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
                    return None;
                }
                Some((n, true))
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
                None
            }
        }
    }

    pub(super) fn include_builtin(
        &mut self,
        sm: &mut SourceMap,
        interner: &mut Interner,
        name: &str,
    ) -> bool {
        let Some(text) = headers::builtin_header(name) else {
            return false;
        };
        // (Keyed by the header's text, which is one per header: keying by a fixed list of
        // names once gave every header missing from it the text of the first one read.)
        let id = match self.builtin_files.get(text) {
            Some(&id) => id,
            None => {
                let id = sm.add(format!("<{name}>"), None, text, FileKind::Builtin);
                self.builtin_files.insert(text, id);
                id
            }
        };
        self.push_file(sm, interner, id, None);
        true
    }

    /// Whether the sandbox allows reading `path` (under the main file's folder or a `-I` folder).
    pub(super) fn allowed(&self, path: &Path) -> bool {
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
}

/// The text of a string literal token without its quotes (escapes kept, as a file name in
/// `#line` or a macro name in a pragma has none).
fn unquote(lit: &str) -> String {
    lit.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(lit)
        .to_string()
}
