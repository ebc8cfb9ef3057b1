//! Typedef-name classification: the "lexer hack", done as a separate pass.
//!
//! C's grammar needs to know whether an identifier names a type (`T * x;` declares `x` when
//! `T` is a typedef, and multiplies otherwise). Feeding that knowledge back from an LR
//! parser's reductions is wrong in exactly the interesting places: the parser has already
//! read the lookahead token after `typedef int T;` before it reduces the declaration, so
//! the `T` of `T x;` would be lexed too early. Instead this pass walks the preprocessed
//! token stream once, before parsing, following C's declaration structure just enough to
//! know where each typedef name is declared, where ordinary declarations shadow it, and
//! where scopes begin and end; it rewrites identifiers that name a visible typedef to
//! [`Tok::TypeName`]. The parser then sees an unambiguous token stream.
//!
//! Rules it implements (C11 6.2.1, 6.7, 6.7.6, 6.7.8):
//! * `typedef ... D1, D2;` makes the declarator names typedef names in the current scope;
//!   any other declaration (and enumerators, and parameters inside a function body)
//!   makes its names ordinary identifiers, shadowing an outer typedef.
//! * In declaration specifiers, an identifier is a type name only while no type specifier
//!   has been seen (`T T2;`, and `T x;` in a scope where `T` is shadowed, work).
//! * An identifier after `struct`/`union`/`enum`, `.`, `->` or `goto` is never a type name.
//! * `{`…`}` is a scope; a function body's scope holds its parameters; a `for` header is a
//!   scope.
//!
//! The state (the file scope) persists between calls, which the REPL relies on.

use std::collections::HashMap;

use super::preprocess::Token;
use super::token::Tok;
use crate::diag::{Code, Diagnostic};
use crate::source::Symbol;

/// Brackets nested deeper than this are rejected (bounds the recursion of every later pass).
pub const MAX_NESTING: usize = 1024;

/// Persistent typedef scopes.
#[derive(Debug, Clone)]
pub struct TypeNames {
    scopes: Vec<HashMap<Symbol, bool>>,
}

impl Default for TypeNames {
    fn default() -> Self {
        TypeNames {
            scopes: vec![HashMap::new()],
        }
    }
}

struct Walker<'a> {
    toks: &'a mut [Token],
    pos: usize,
    scopes: &'a mut Vec<HashMap<Symbol, bool>>,
    depth: usize,
}

type WResult<T> = Result<T, Diagnostic>;

impl TypeNames {
    pub fn new() -> TypeNames {
        TypeNames::default()
    }

    /// Whether `sym` is a typedef name at file scope (for the REPL's completion and tests).
    pub fn is_type(&self, sym: Symbol) -> bool {
        self.scopes
            .iter()
            .rev()
            .find_map(|s| s.get(&sym).copied())
            .unwrap_or(false)
    }

    /// Rewrites typedef names in `toks` to [`Tok::TypeName`].
    pub fn classify(&mut self, toks: &mut [Token]) -> Result<(), Diagnostic> {
        check_nesting(toks)?;
        // `_Atomic(T)` is always the type specifier (C11 6.7.2.4p4); with one thread of
        // execution it is `T`, as `typeof(T)` is.
        for i in 1..toks.len() {
            if toks[i].kind == Tok::LParen && toks[i - 1].kind == Tok::Atomic {
                toks[i - 1].kind = Tok::Typeof;
            }
        }
        self.scopes.truncate(1);
        let mut w = Walker {
            toks,
            pos: 0,
            scopes: &mut self.scopes,
            depth: 0,
        };
        let r = w.translation_unit();
        self.scopes.truncate(1);
        r
    }
}

/// Rejects bracket nesting deeper than [`MAX_NESTING`], and inline assembly.
fn check_nesting(toks: &[Token]) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    for t in toks {
        match t.kind {
            Tok::Asm => {
                return Err(Diagnostic::new(
                    Code::Unsupported,
                    t.span,
                    "inline assembly is not supported by cmem",
                )
                .primary("cmem interprets C; it has no machine code to run"));
            }
            Tok::LParen | Tok::LBracket | Tok::LBrace => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Diagnostic::new(
                        Code::Unsupported,
                        t.span,
                        "brackets are nested too deeply",
                    )
                    .primary(format!(
                        "more than {MAX_NESTING} levels of `(`, `[` and `{{`"
                    ))
                    .help("split the expression or block into smaller pieces"));
                }
            }
            Tok::RParen | Tok::RBracket | Tok::RBrace => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn is_specifier_keyword(t: Tok) -> bool {
    use Tok::*;
    is_type_keyword(t)
        || matches!(
            t,
            Typedef
                | Extern
                | Static
                | Auto
                | Register
                | Inline
                | Noreturn
                | ThreadLocal
                | Const
                | Volatile
                | Restrict
                | Atomic
                | Alignas
                | Attribute
        )
}

fn is_type_keyword(t: Tok) -> bool {
    use Tok::*;
    matches!(
        t,
        Void | Char
            | Short
            | Int
            | Long
            | Float
            | Double
            | Signed
            | Unsigned
            | Bool
            | Complex
            | Struct
            | Union
            | Enum
            | Typeof
    )
}

impl Walker<'_> {
    fn kind(&self, i: usize) -> Option<Tok> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn cur(&self) -> Option<Tok> {
        self.kind(self.pos)
    }

    fn is_typedef(&self, sym: Symbol) -> bool {
        self.scopes
            .iter()
            .rev()
            .find_map(|s| s.get(&sym).copied())
            .unwrap_or(false)
    }

    fn declare(&mut self, sym: Symbol, is_typedef: bool) {
        if let Some(s) = self.scopes.last_mut() {
            s.insert(sym, is_typedef);
        }
    }

    fn enter(&mut self) -> WResult<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING * 2 {
            let span = self.toks.get(self.pos).map(|t| t.span).unwrap_or_default();
            return Err(Diagnostic::new(
                Code::Unsupported,
                span,
                "declarations are nested too deeply",
            ));
        }
        Ok(())
    }

    /// Marks the identifier at `i` as a type name if one is visible and the context allows.
    fn classify_plain(&mut self, i: usize) {
        let Some(t) = self.toks.get(i).copied() else {
            return;
        };
        if t.kind != Tok::Ident || !self.is_typedef(t.sym) {
            return;
        }
        let prev = if i == 0 { None } else { self.kind(i - 1) };
        if matches!(
            prev,
            Some(Tok::Dot | Tok::Arrow | Tok::Struct | Tok::Union | Tok::Enum | Tok::Goto)
        ) {
            return;
        }
        if let Some(t) = self.toks.get_mut(i) {
            t.kind = Tok::TypeName;
        }
    }

    fn starts_declaration(&self) -> bool {
        match self.toks.get(self.pos) {
            Some(t) if is_specifier_keyword(t.kind) || t.kind == Tok::StaticAssert => true,
            Some(t) if t.kind == Tok::Ident => {
                self.is_typedef(t.sym) && self.kind(self.pos + 1) != Some(Tok::Colon)
            }
            _ => false,
        }
    }

    fn translation_unit(&mut self) -> WResult<()> {
        while self.pos < self.toks.len() {
            let before = self.pos;
            match self.cur() {
                Some(Tok::Semi) => self.pos += 1,
                Some(Tok::StaticAssert) => self.skip_statement_like()?,
                _ => {
                    if let Some(params) = self.declaration()? {
                        self.function_body(params)?;
                    }
                }
            }
            if self.pos == before {
                // Not a declaration: step over the token so that the parser reports it.
                self.classify_plain(self.pos);
                self.pos += 1;
            }
        }
        Ok(())
    }

    /// Skips a `_Static_assert(...)`-like construct up to its `;`, classifying inside.
    fn skip_statement_like(&mut self) -> WResult<()> {
        let mut depth = 0usize;
        while let Some(k) = self.cur() {
            self.classify_plain(self.pos);
            self.pos += 1;
            match k {
                Tok::LParen | Tok::LBrace | Tok::LBracket => depth += 1,
                Tok::RParen | Tok::RBrace | Tok::RBracket => depth = depth.saturating_sub(1),
                Tok::Semi if depth == 0 => break,
                _ => {}
            }
        }
        Ok(())
    }

    /// Parses a function body `{ ... }` whose scope holds `params`.
    fn function_body(&mut self, params: Vec<Symbol>) -> WResult<()> {
        if self.cur() != Some(Tok::LBrace) {
            return Ok(());
        }
        self.pos += 1;
        self.scopes.push(HashMap::new());
        for p in params {
            self.declare(p, false);
        }
        self.block_items()?;
        self.scopes.pop();
        Ok(())
    }

    /// Block items up to and including the closing `}` of the current block.
    fn block_items(&mut self) -> WResult<()> {
        self.enter()?;
        let mut at_item_start = true;
        // Scopes opened by `for (` that close at the matching `)`: paren depth at opening.
        let mut for_scopes: Vec<usize> = Vec::new();
        let mut paren_depth = 0usize;
        let mut brace_depth = 0usize;
        while let Some(k) = self.cur() {
            if at_item_start && k == Tok::StaticAssert {
                self.skip_statement_like()?;
                continue;
            }
            if at_item_start && self.starts_declaration() {
                let before = self.pos;
                if let Some(params) = self.declaration()? {
                    // A nested function definition is not C; let the parser reject it.
                    self.function_body(params)?;
                }
                if self.pos == before {
                    // Not read as a declaration after all: step over the token (the
                    // parser reports it), so that the pass always ends.
                    self.classify_plain(self.pos);
                    self.pos += 1;
                }
                at_item_start = true;
                continue;
            }
            at_item_start = false;
            match k {
                Tok::LBrace => {
                    self.pos += 1;
                    brace_depth += 1;
                    self.scopes.push(HashMap::new());
                    at_item_start = true;
                }
                Tok::RBrace => {
                    self.pos += 1;
                    if brace_depth == 0 {
                        self.depth -= 1;
                        return Ok(());
                    }
                    brace_depth -= 1;
                    self.scopes.pop();
                    at_item_start = true;
                }
                Tok::Semi => {
                    self.pos += 1;
                    at_item_start = true;
                }
                Tok::For if self.kind(self.pos + 1) == Some(Tok::LParen) => {
                    self.pos += 2;
                    paren_depth += 1;
                    self.scopes.push(HashMap::new());
                    for_scopes.push(paren_depth);
                    if self.starts_declaration() {
                        self.declaration()?;
                    }
                }
                Tok::LParen => {
                    self.pos += 1;
                    paren_depth += 1;
                }
                Tok::RParen => {
                    self.pos += 1;
                    if for_scopes.last() == Some(&paren_depth) {
                        for_scopes.pop();
                        self.scopes.pop();
                    }
                    paren_depth = paren_depth.saturating_sub(1);
                }
                Tok::Ident
                    if self.kind(self.pos + 1) == Some(Tok::Colon)
                        && !self.is_typedef(self.toks[self.pos].sym) =>
                {
                    // A label (or the `x :` of a `?:`, harmless): the statement follows.
                    self.pos += 2;
                }
                _ => {
                    self.classify_plain(self.pos);
                    self.pos += 1;
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Parses one declaration starting at a specifier. Returns the parameter names when it
    /// ends in a function body (`{`), which is left unconsumed.
    fn declaration(&mut self) -> WResult<Option<Vec<Symbol>>> {
        self.enter()?;
        let start = self.pos;
        let (is_typedef, _) = self.specifiers()?;
        if self.pos == start {
            self.depth -= 1;
            return Ok(None);
        }
        loop {
            match self.cur() {
                Some(Tok::Semi) => {
                    self.pos += 1;
                    break;
                }
                None => break,
                _ => {}
            }
            let decl_start = self.pos;
            let (name, params) = self.declarator()?;
            if let Some(n) = name {
                self.declare(n, is_typedef);
            }
            self.skip_attributes()?;
            match self.cur() {
                Some(Tok::Assign) => {
                    self.pos += 1;
                    self.skip_initializer()?;
                }
                Some(Tok::Colon) => {
                    // bit-field width
                    self.pos += 1;
                    self.skip_initializer()?;
                }
                _ => {}
            }
            match self.cur() {
                Some(Tok::Comma) => self.pos += 1,
                Some(Tok::Semi) => {
                    self.pos += 1;
                    break;
                }
                Some(Tok::LBrace) if params.is_some() => {
                    self.depth -= 1;
                    return Ok(params);
                }
                _ => {
                    if self.pos == decl_start {
                        // Not a declarator: stop and let the parser report it.
                        break;
                    }
                    // Unexpected: resynchronise at the next `;` or `{`.
                    while let Some(k) = self.cur() {
                        if k == Tok::Semi {
                            self.pos += 1;
                            break;
                        }
                        if k == Tok::LBrace || k == Tok::RBrace {
                            break;
                        }
                        self.classify_plain(self.pos);
                        self.pos += 1;
                    }
                    break;
                }
            }
        }
        self.depth -= 1;
        Ok(None)
    }

    /// Declaration specifiers. Returns (has `typedef`, saw a type specifier).
    fn specifiers(&mut self) -> WResult<(bool, bool)> {
        let mut is_typedef = false;
        let mut saw_type = false;
        while let Some(t) = self.toks.get(self.pos).copied() {
            match t.kind {
                Tok::Typedef => {
                    is_typedef = true;
                    self.pos += 1;
                }
                Tok::Struct | Tok::Union | Tok::Enum => {
                    saw_type = true;
                    self.pos += 1;
                    self.skip_attributes()?;
                    while matches!(self.cur(), Some(Tok::Packed | Tok::RecordAligned)) {
                        self.pos += 1;
                    }
                    if self.cur() == Some(Tok::Ident) || self.cur() == Some(Tok::TypeName) {
                        // A tag, never a type name.
                        if let Some(tok) = self.toks.get_mut(self.pos) {
                            tok.kind = Tok::Ident;
                        }
                        self.pos += 1;
                    }
                    if self.cur() == Some(Tok::LBrace) {
                        self.pos += 1;
                        if t.kind == Tok::Enum {
                            self.enum_body()?;
                        } else {
                            self.struct_body()?;
                        }
                    }
                }
                Tok::Packed | Tok::RecordAligned | Tok::Aligned => self.pos += 1,
                Tok::Alignas | Tok::Typeof | Tok::Attribute => {
                    if is_type_keyword(t.kind) {
                        saw_type = true;
                    }
                    self.pos += 1;
                    self.skip_parens()?;
                }
                k if is_specifier_keyword(k) => {
                    if is_type_keyword(k) {
                        saw_type = true;
                    }
                    self.pos += 1;
                }
                Tok::Ident | Tok::TypeName if !saw_type && self.is_typedef(t.sym) => {
                    if let Some(tok) = self.toks.get_mut(self.pos) {
                        tok.kind = Tok::TypeName;
                    }
                    saw_type = true;
                    self.pos += 1;
                }
                _ => break,
            }
        }
        Ok((is_typedef, saw_type))
    }

    fn struct_body(&mut self) -> WResult<()> {
        self.enter()?;
        // Member declarations do not declare ordinary identifiers.
        self.scopes.push(HashMap::new());
        while let Some(k) = self.cur() {
            match k {
                Tok::RBrace => {
                    self.pos += 1;
                    break;
                }
                Tok::Semi => self.pos += 1,
                _ => {
                    let before = self.pos;
                    if self.starts_declaration() {
                        self.declaration()?;
                    }
                    if self.pos == before {
                        self.classify_plain(self.pos);
                        self.pos += 1;
                    }
                }
            }
        }
        self.scopes.pop();
        self.depth -= 1;
        Ok(())
    }

    fn enum_body(&mut self) -> WResult<()> {
        let mut expect_name = true;
        let mut depth = 0usize;
        while let Some(t) = self.toks.get(self.pos).copied() {
            match t.kind {
                Tok::RBrace if depth == 0 => {
                    self.pos += 1;
                    break;
                }
                Tok::Ident | Tok::TypeName if expect_name && depth == 0 => {
                    if let Some(tok) = self.toks.get_mut(self.pos) {
                        tok.kind = Tok::Ident;
                    }
                    self.declare(t.sym, false);
                    expect_name = false;
                    self.pos += 1;
                }
                Tok::Comma if depth == 0 => {
                    expect_name = true;
                    self.pos += 1;
                }
                Tok::LParen | Tok::LBracket | Tok::LBrace => {
                    depth += 1;
                    self.pos += 1;
                }
                Tok::RParen | Tok::RBracket | Tok::RBrace => {
                    depth = depth.saturating_sub(1);
                    self.pos += 1;
                }
                _ => {
                    self.classify_plain(self.pos);
                    self.pos += 1;
                }
            }
        }
        Ok(())
    }

    /// Skips `__attribute__((...))` and `asm(...)` after a declarator.
    fn skip_attributes(&mut self) -> WResult<()> {
        while let Some(t @ (Tok::Attribute | Tok::Asm | Tok::Aligned)) = self.cur() {
            if t == Tok::Aligned {
                // An alignment after a declarator is the declarator's.
                if let Some(tok) = self.toks.get_mut(self.pos) {
                    tok.kind = Tok::AlignedAfter;
                }
                self.pos += 1;
            } else {
                self.pos += 1;
                self.skip_parens()?;
            }
        }
        Ok(())
    }

    /// Skips a balanced `( ... )` if one starts here, classifying identifiers inside.
    fn skip_parens(&mut self) -> WResult<()> {
        if self.cur() != Some(Tok::LParen) {
            return Ok(());
        }
        let mut depth = 0usize;
        while let Some(k) = self.cur() {
            self.classify_plain(self.pos);
            self.pos += 1;
            match k {
                Tok::LParen => depth += 1,
                Tok::RParen => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Skips an initializer (or bit-field width) up to `,` or `;` at depth 0.
    fn skip_initializer(&mut self) -> WResult<()> {
        let mut depth = 0usize;
        while let Some(k) = self.cur() {
            match k {
                Tok::Comma | Tok::Semi if depth == 0 => break,
                Tok::RBrace if depth == 0 => break,
                Tok::LParen | Tok::LBracket | Tok::LBrace => depth += 1,
                Tok::RParen | Tok::RBracket | Tok::RBrace => depth -= 1,
                _ => self.classify_plain(self.pos),
            }
            self.pos += 1;
        }
        Ok(())
    }

    /// A (possibly abstract) declarator. Returns its name and, when the name is directly
    /// followed by a parameter list, the names of those parameters.
    fn declarator(&mut self) -> WResult<(Option<Symbol>, Option<Vec<Symbol>>)> {
        self.enter()?;
        while let Some(k) = self.cur() {
            match k {
                Tok::Star | Tok::Const | Tok::Volatile | Tok::Restrict | Tok::Atomic => {
                    self.pos += 1
                }
                Tok::Attribute => {
                    self.pos += 1;
                    self.skip_parens()?;
                }
                _ => break,
            }
        }
        let mut name = None;
        let mut params = None;
        match self.toks.get(self.pos).copied() {
            Some(t) if t.kind == Tok::Ident || (t.kind == Tok::TypeName) => {
                // A declarator name: being declared, so never a type name here.
                if let Some(tok) = self.toks.get_mut(self.pos) {
                    tok.kind = Tok::Ident;
                }
                name = Some(t.sym);
                self.pos += 1;
            }
            Some(t) if t.kind == Tok::LParen && self.paren_is_grouping() => {
                self.pos += 1;
                let (n, p) = self.declarator()?;
                name = n;
                params = p;
                if self.cur() == Some(Tok::RParen) {
                    self.pos += 1;
                }
            }
            _ => {}
        }
        // Suffixes.
        loop {
            match self.cur() {
                Some(Tok::LBracket) => {
                    let mut depth = 0usize;
                    while let Some(k) = self.cur() {
                        self.classify_plain(self.pos);
                        self.pos += 1;
                        match k {
                            Tok::LBracket => depth += 1,
                            Tok::RBracket => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                Some(Tok::LParen) => {
                    self.pos += 1;
                    let p = self.parameter_list()?;
                    if name.is_some() && params.is_none() {
                        params = Some(p);
                    }
                }
                _ => break,
            }
        }
        self.depth -= 1;
        Ok((name, params))
    }

    /// In a declarator, `(` starts a grouping unless a parameter list follows
    /// (a type specifier, a typedef name, `...` or `)`).
    fn paren_is_grouping(&self) -> bool {
        match self.toks.get(self.pos + 1) {
            Some(t) if t.kind == Tok::RParen || t.kind == Tok::Ellipsis => false,
            Some(t) if is_specifier_keyword(t.kind) => false,
            Some(t)
                if (t.kind == Tok::Ident || t.kind == Tok::TypeName) && self.is_typedef(t.sym) =>
            {
                false
            }
            Some(_) => true,
            None => false,
        }
    }

    /// Parameter declarations after `(`, through the closing `)`.
    fn parameter_list(&mut self) -> WResult<Vec<Symbol>> {
        self.enter()?;
        let mut names = Vec::new();
        loop {
            match self.cur() {
                Some(Tok::RParen) => {
                    self.pos += 1;
                    break;
                }
                Some(Tok::Comma) | Some(Tok::Ellipsis) => self.pos += 1,
                None => break,
                _ => {
                    let before = self.pos;
                    self.specifiers()?;
                    let (name, _) = self.declarator()?;
                    if let Some(n) = name {
                        names.push(n);
                    }
                    self.skip_attributes()?;
                    if self.pos == before {
                        self.classify_plain(self.pos);
                        self.pos += 1;
                    }
                }
            }
        }
        self.depth -= 1;
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileKind, Interner, SourceMap};
    use crate::syntax::preprocess::{PpOptions, Preprocessor};

    /// The source with every identifier classified as a type name wrapped in `<...>`.
    fn classify(src: &str) -> String {
        let mut sm = SourceMap::new();
        let mut i = Interner::new();
        let mut p = Preprocessor::new(PpOptions::default(), &mut i);
        let f = sm.add("t.c", None, src, FileKind::User);
        let (mut toks, d) = p.process(&mut sm, &mut i, f);
        assert!(d.is_empty());
        TypeNames::new().classify(&mut toks).unwrap();
        toks.iter()
            .map(|t| {
                if t.kind == Tok::TypeName {
                    format!("<{}>", i.resolve(t.sym))
                } else {
                    i.resolve(t.sym).to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn typedef_is_visible_right_after_its_semicolon() {
        assert_eq!(classify("typedef int T; T x;"), "typedef int T ; <T> x ;");
    }

    #[test]
    fn several_declarators_and_pointer_typedefs() {
        assert_eq!(
            classify("typedef int A, *B; A a; B b;"),
            "typedef int A , * B ; <A> a ; <B> b ;"
        );
    }

    #[test]
    fn function_pointer_typedef() {
        assert_eq!(
            classify("typedef int (*binop)(int, int); binop f; int g(binop h);"),
            "typedef int ( * binop ) ( int , int ) ; <binop> f ; int g ( <binop> h ) ;"
        );
    }

    #[test]
    fn struct_tag_with_the_same_name() {
        assert_eq!(
            classify("typedef struct Node Node; struct Node { Node *next; }; struct Node n;"),
            "typedef struct Node Node ; struct Node { <Node> * next ; } ; struct Node n ;"
        );
    }

    #[test]
    fn shadowing_in_a_block_and_restoring_after() {
        assert_eq!(
            classify("typedef int T; void f(void) { T a; { int T; T = 1; a = T * 2; } T b; }"),
            "typedef int T ; void f ( void ) { <T> a ; { int T ; T = 1 ; a = T * 2 ; } <T> b ; }"
        );
    }

    #[test]
    fn parameter_shadows_typedef_in_body() {
        assert_eq!(
            classify("typedef int T; int f(int T) { return T * 2; } T g;"),
            "typedef int T ; int f ( int T ) { return T * 2 ; } <T> g ;"
        );
    }

    #[test]
    fn casts_sizeof_and_members() {
        assert_eq!(
            classify("typedef long L; struct s { int L; }; int f(struct s *p) { return (L)sizeof(L) + p->L; }"),
            "typedef long L ; struct s { int L ; } ; int f ( struct s * p ) { return ( <L> ) sizeof ( <L> ) + p -> L ; }"
        );
    }

    #[test]
    fn typedef_in_block_scope_ends_with_block() {
        assert_eq!(
            classify("void f(void) { typedef char C; C c; } int C;"),
            "void f ( void ) { typedef char C ; <C> c ; } int C ;"
        );
    }

    #[test]
    fn typedef_redeclared_as_declarator_after_type() {
        assert_eq!(
            classify("typedef int T; void f(void) { T T; }"),
            "typedef int T ; void f ( void ) { <T> T ; }"
        );
    }

    #[test]
    fn enumerator_shadows() {
        assert_eq!(
            classify("typedef int E; void f(void) { enum { E }; int x = E; }"),
            "typedef int E ; void f ( void ) { enum { E } ; int x = E ; }"
        );
    }

    #[test]
    fn for_scope() {
        assert_eq!(
            classify("typedef int T; void f(void) { for (T i = 0; i < 3; i++) { T j; } }"),
            "typedef int T ; void f ( void ) { for ( <T> i = 0 ; i < 3 ; i ++ ) { <T> j ; } }"
        );
    }

    #[test]
    fn deep_nesting_is_rejected() {
        let src = format!("int x = {}1{};", "(".repeat(10_000), ")".repeat(10_000));
        let mut sm = SourceMap::new();
        let mut i = Interner::new();
        let mut p = Preprocessor::new(PpOptions::default(), &mut i);
        let f = sm.add("t.c", None, src, FileKind::User);
        let (mut toks, _) = p.process(&mut sm, &mut i, f);
        let err = TypeNames::new().classify(&mut toks).unwrap_err();
        assert_eq!(err.code, Code::Unsupported);
    }
}
