//! Macro expansion (Prosser's algorithm): hide sets, argument collection, substitution,
//! `#` and `##`.

use super::*;

impl Preprocessor {
    /// Fully macro-expands a list of tokens in isolation (macro arguments, `#if` lines).
    pub(super) fn expand_list(
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
            if out.len() as u64 > self.max_tokens() {
                self.too_many_tokens(tok.span);
                break;
            }
        }
        self.expansion_depth -= 1;
        out
    }

    /// The symbols of hide set `hs`, most recently added first.
    fn hideset_symbols(&self, mut hs: u32) -> impl Iterator<Item = Symbol> + '_ {
        std::iter::from_fn(move || {
            let &(parent, sym) = self.hidesets.get(hs as usize).filter(|_| hs != 0)?;
            hs = parent;
            Some(sym)
        })
    }

    pub(super) fn hideset_contains(&self, hs: u32, sym: Symbol) -> bool {
        self.hideset_symbols(hs).any(|s| s == sym)
    }

    pub(super) fn hideset_add(&mut self, hs: u32, sym: Symbol) -> u32 {
        if self.hideset_contains(hs, sym) {
            return hs;
        }
        if let Some(&id) = self.hideset_ids.get(&(hs, sym)) {
            return id;
        }
        let id = self.hidesets.len() as u32;
        self.hidesets.push((hs, sym));
        self.hideset_ids.insert((hs, sym), id);
        id
    }

    pub(super) fn hideset_union(&mut self, a: u32, b: u32) -> u32 {
        if a == b || b == 0 {
            return a;
        }
        if a == 0 {
            return b;
        }
        let extra: Vec<Symbol> = self.hideset_symbols(b).collect();
        extra
            .into_iter()
            .rev()
            .fold(a, |set, s| self.hideset_add(set, s))
    }

    pub(super) fn hideset_intersect(&mut self, a: u32, b: u32) -> u32 {
        if a == b {
            return a;
        }
        if a == 0 || b == 0 {
            return 0;
        }
        let common: Vec<Symbol> = self
            .hideset_symbols(a)
            .filter(|&s| self.hideset_contains(b, s))
            .collect();
        common
            .into_iter()
            .rev()
            .fold(0, |set, s| self.hideset_add(set, s))
    }

    /// Expands `tok` if it names a macro; the expansion is pushed back onto `input`.
    pub(super) fn expand(
        &mut self,
        sm: &mut SourceMap,
        interner: &mut Interner,
        tok: PpToken,
        input: &mut Input,
    ) -> bool {
        if !self.macros.contains_key(&tok.sym) || self.hideset_contains(tok.hideset, tok.sym) {
            return false;
        }
        if !self.charge(tok.span) {
            return false;
        }
        let Some(mac) = self.macros.get(&tok.sym) else {
            return false;
        };
        if let Some(b) = mac.builtin {
            let line = sm.line_of(tok.span);
            // The last `#line` before this line of this file, if any.
            let mark = self
                .line_marks
                .iter()
                .rev()
                .find(|m| m.file == tok.span.file && m.at < line);
            let text = match b {
                BuiltinMacro::File => {
                    let name = mark
                        .and_then(|m| m.name.clone())
                        .or_else(|| sm.file(tok.span.file).map(|f| f.name.clone()))
                        .unwrap_or_default();
                    format!("\"{}\"", escape_string(&name))
                }
                BuiltinMacro::Line => match mark {
                    Some(m) => m.line.saturating_add(line - m.at - 1).to_string(),
                    None => line.to_string(),
                },
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
                let layout = if tok.sym == self.sym_attribute {
                    self.check_attribute(interner, &args, tok.span.to(rparen.span))
                } else {
                    Layout::default()
                };
                let packed = layout.packed;
                // A packed struct or union: the attribute follows `struct`/`union` or the
                // body's `}`. Packing a member or a variable is not supported.
                let on_record = matches!(
                    self.out.last().map(|t| t.kind),
                    Some(Tok::Struct | Tok::Union | Tok::RBrace)
                );
                // On a member (or a variable, where it changes nothing), `packed` is a
                // declaration's attribute: an `Aligned` token whose text is `packed`.
                let packed_member = packed && !on_record;
                let packed = packed && on_record;
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
                if packed {
                    // `__attribute__((packed))` becomes the token the grammar knows.
                    expansion.push(PpToken {
                        kind: Tok::Packed,
                        sym: interner.intern("1"),
                        hideset: hs,
                        ..tok
                    });
                }
                if packed_member {
                    expansion.push(PpToken {
                        kind: Tok::Aligned,
                        sym: interner.intern("packed"),
                        hideset: hs,
                        ..tok
                    });
                }
                if let Some(n) = layout.aligned {
                    // So does `aligned(N)`: on a record, or on a declaration.
                    expansion.push(PpToken {
                        kind: if on_record {
                            Tok::RecordAligned
                        } else {
                            Tok::Aligned
                        },
                        sym: interner.intern(&n.to_string()),
                        hideset: hs,
                        ..tok
                    });
                }
                input.stack.extend(expansion.into_iter().rev());
                true
            }
        }
    }

    /// `__attribute__((...))` is accepted and ignored, except the attributes that change
    /// a type's layout, which become tokens the grammar knows: `packed`, and `aligned`
    /// (`aligned(N)` with N a literal power of two; `aligned` alone is 16, x86-64's
    /// largest alignment). An `aligned` cmem cannot evaluate is refused, since ignoring
    /// it would give wrong sizes and offsets without a word.
    fn check_attribute(
        &mut self,
        interner: &Interner,
        args: &[Vec<PpToken>],
        span: Span,
    ) -> Layout {
        let toks: Vec<&PpToken> = args.iter().flatten().collect();
        let name_of = |t: &PpToken| {
            let name = interner.resolve(t.sym);
            name.trim_start_matches("__")
                .trim_end_matches("__")
                .to_string()
        };
        let mut layout = Layout::default();
        for (i, t) in toks.iter().enumerate() {
            match name_of(t).as_str() {
                "packed" => layout.packed = true,
                "aligned" => {
                    let n = match toks.get(i + 1).map(|t| t.kind) {
                        Some(Tok::LParen) => {
                            let n = toks.get(i + 2).and_then(|t| {
                                crate::syntax::literal::parse_int(interner.resolve(t.sym)).ok()
                            });
                            match (n, toks.get(i + 3).map(|t| t.kind)) {
                                (Some(c), Some(Tok::RParen))
                                    if c.value.is_power_of_two() && c.value <= 1 << 28 =>
                                {
                                    Some(c.value)
                                }
                                _ => None,
                            }
                        }
                        _ => Some(16),
                    };
                    match n {
                        Some(n) => layout.aligned = Some(layout.aligned.unwrap_or(1).max(n)),
                        None => self.error(
                            Diagnostic::new(
                                Code::Unsupported,
                                span,
                                "`__attribute__((aligned(N)))` with N other than a power of two written as a number is not supported by cmem",
                            )
                            .primary("this attribute")
                            .help("write the alignment as a number, or use `_Alignas(expression)`"),
                        ),
                    }
                }
                _ => {}
            }
        }
        layout
    }

    /// Reads the arguments of a function-like macro call after its `(`.
    pub(super) fn collect_args(
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
    pub(super) fn match_args(
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

    pub(super) fn arity_error(&mut self, name: PpToken, want: usize, got: usize, variadic: bool) {
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

    pub(super) fn param_index(&self, mac: &Macro, sym: Symbol) -> Option<usize> {
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
    pub(super) fn substitute(
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
    pub(super) fn paste_all(
        &mut self,
        interner: &mut Interner,
        body: &[PpToken],
        span: Span,
    ) -> Vec<PpToken> {
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

    pub(super) fn paste(
        &mut self,
        interner: &mut Interner,
        a: PpToken,
        b: PpToken,
    ) -> Option<PpToken> {
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
}

/// What an `__attribute__((...))` does to a layout.
#[derive(Clone, Copy, Debug, Default)]
struct Layout {
    packed: bool,
    /// `aligned(N)`: the largest N.
    aligned: Option<u64>,
}
