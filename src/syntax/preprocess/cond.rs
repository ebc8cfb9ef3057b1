//! Conditional inclusion: `#if`/`#ifdef`/`#elif`/`#else`/`#endif`, skipping groups, and
//! the evaluation of `#if` expressions.

use super::*;

impl Preprocessor {
    pub(super) fn begin_cond(
        &mut self,
        sm: &mut SourceMap,
        interner: &mut Interner,
        value: bool,
        span: Span,
    ) {
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
    pub(super) fn skip_until_taken(&mut self, sm: &mut SourceMap, interner: &mut Interner) {
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
    pub(super) fn skip_group(&mut self, interner: &mut Interner) {
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
    pub(super) fn eval_if(
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

    /// `f` one level deeper in the expression, within the nesting bound (the evaluator
    /// recurses, so the bound keeps the Rust stack safe).
    fn nested(&mut self, span: Option<Span>, f: impl FnOnce(&mut Self) -> IfResult) -> IfResult {
        self.depth += 1;
        if self.depth > 200 {
            return Err((span, "`#if` expression is nested too deeply".into()));
        }
        let v = f(self);
        self.depth -= 1;
        v
    }

    fn expr(&mut self) -> IfResult {
        let span = self.span();
        self.nested(span, Self::conditional)
    }

    /// `c ? a : b` (or just `c`).
    fn conditional(&mut self) -> IfResult {
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
        if matches!(t.kind, Tok::Minus | Tok::Plus | Tok::Tilde | Tok::Bang) {
            // Operators nest as deeply as parentheses do: the same bound (a chain of
            // millions of `~` once overflowed the Rust stack).
            let v = self.nested(Some(t.span), Self::unary);
            return match t.kind {
                Tok::Minus => v.map(|v| (v.0.wrapping_neg(), v.1)),
                Tok::Tilde => v.map(|v| (!v.0, v.1)),
                Tok::Bang => v.map(|v| (i64::from(v.0 == 0), false)),
                _ => v,
            };
        }
        match t.kind {
            Tok::LParen => {
                let v = self.nested(Some(t.span), Self::expr)?;
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
                    Ok((v, _)) => Ok((v, false)),
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
