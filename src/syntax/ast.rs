//! The abstract syntax tree, with a span on every node.
//!
//! The tree is a plain value: no types, no resolved names (those are `sema`'s). Every
//! expression and statement records its height, and the parser never builds a tree higher
//! than [`MAX_HEIGHT`], so that the recursive passes over it (and its destructor) stay
//! within the stack.

use crate::source::{Span, Symbol};

/// The highest expression or statement tree the parser builds.
pub const MAX_HEIGHT: u32 = 2000;

/// A name with its span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name {
    pub sym: Symbol,
    pub span: Span,
}

#[derive(Debug, Default)]
pub struct TranslationUnit {
    pub items: Vec<ExternalDecl>,
}

#[derive(Debug)]
pub enum ExternalDecl {
    Function(FunctionDef),
    Decl(Declaration),
    /// A statement typed at the REPL's top level.
    Stmt(Stmt),
}

#[derive(Debug)]
pub struct FunctionDef {
    pub specs: DeclSpecs,
    pub declarator: Declarator,
    /// An old-style (K&R) definition's parameter declarations, between the declarator
    /// and the body.
    pub knr: Vec<Declaration>,
    pub body: Block,
    pub span: Span,
}

#[derive(Debug)]
pub struct Declaration {
    pub specs: DeclSpecs,
    pub declarators: Vec<InitDeclarator>,
    pub span: Span,
    /// `_Static_assert(expr, "message")`.
    pub static_assert: Option<(Box<Expr>, Span)>,
}

#[derive(Debug)]
pub struct InitDeclarator {
    pub declarator: Declarator,
    pub init: Option<Initializer>,
    /// `__attribute__((aligned(N)))` after the declarator: the text of each N (or
    /// `packed`).
    pub aligned: Vec<Symbol>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Storage {
    Typedef,
    Extern,
    Static,
    Auto,
    Register,
    ThreadLocal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qual {
    Const,
    Volatile,
    Restrict,
    Atomic,
}

#[derive(Debug)]
pub enum DeclSpec {
    Storage(Storage),
    Qual(Qual),
    Inline,
    Noreturn,
    Type(TypeSpec),
    /// `_Alignas(N)` or `_Alignas(type)`.
    Alignas(Box<AlignAs>),
    /// `__attribute__((aligned(N)))` among the specifiers: the text of N (it only ever
    /// increases the alignment, unlike `_Alignas`, which may not decrease it).
    AlignedAttr(Symbol),
}

#[derive(Debug)]
pub enum AlignAs {
    Expr(Expr),
    Type(TypeName),
}

#[derive(Debug)]
pub enum TypeSpec {
    Void,
    Char,
    Short,
    Int,
    Long,
    Float,
    Double,
    Signed,
    Unsigned,
    Bool,
    Complex,
    Struct(StructSpec),
    Enum(EnumSpec),
    TypedefName(Symbol),
    /// GNU `typeof(expression)`: the expression's type (it is not evaluated).
    TypeofExpr(Box<Expr>),
    /// GNU `typeof(type-name)`.
    TypeofType(Box<TypeName>),
}

#[derive(Debug)]
pub struct DeclSpecs {
    pub items: Vec<(DeclSpec, Span)>,
    pub span: Span,
}

#[derive(Debug)]
pub struct StructSpec {
    pub is_union: bool,
    pub tag: Option<Name>,
    /// `None` when the body is absent (`struct s *p;`).
    pub members: Option<Vec<StructMember>>,
    /// Packed (`__attribute__((packed))`, `#pragma pack`): the text of the largest
    /// alignment its members keep.
    pub packed: Option<Symbol>,
    /// `__attribute__((aligned(N)))` on it: the text of each N.
    pub aligned: Vec<Symbol>,
    pub span: Span,
}

#[derive(Debug)]
pub struct StructMember {
    pub specs: DeclSpecs,
    pub declarators: Vec<MemberDeclarator>,
    pub span: Span,
}

#[derive(Debug)]
pub struct MemberDeclarator {
    pub declarator: Option<Declarator>,
    pub bitfield: Option<Expr>,
    /// `__attribute__((aligned(N)))` after the declarator: the text of each N (or
    /// `packed`).
    pub aligned: Vec<Symbol>,
    pub span: Span,
}

#[derive(Debug)]
pub struct EnumSpec {
    pub tag: Option<Name>,
    pub enumerators: Option<Vec<Enumerator>>,
    pub span: Span,
}

#[derive(Debug)]
pub struct Enumerator {
    pub name: Name,
    pub value: Option<Expr>,
}

/// A declarator: the name being declared and the pointer/array/function derivations
/// around it, as a tree (the outermost derivation applies to the base type first).
#[derive(Debug)]
pub struct Declarator {
    pub kind: DeclaratorKind,
    pub span: Span,
}

#[derive(Debug)]
pub enum DeclaratorKind {
    /// The identifier (absent in an abstract declarator).
    Name(Option<Name>),
    Pointer(Vec<Qual>, Box<Declarator>),
    Array(Box<Declarator>, Option<Box<Expr>>),
    Function(Box<Declarator>, Params),
}

impl Declarator {
    pub fn abstract_at(span: Span) -> Declarator {
        Declarator {
            kind: DeclaratorKind::Name(None),
            span,
        }
    }

    /// The declared name, if any.
    pub fn name(&self) -> Option<Name> {
        let mut d = self;
        loop {
            match &d.kind {
                DeclaratorKind::Name(n) => return *n,
                DeclaratorKind::Pointer(_, inner)
                | DeclaratorKind::Array(inner, _)
                | DeclaratorKind::Function(inner, _) => d = inner,
            }
        }
    }

    /// The parameters of the function this declarator declares (the innermost function
    /// derivation applied directly to the name), if it declares one.
    pub fn function_params(&self) -> Option<&Params> {
        let mut d = self;
        let mut last_fn = None;
        loop {
            match &d.kind {
                DeclaratorKind::Name(_) => return last_fn,
                DeclaratorKind::Function(inner, p) => {
                    last_fn = Some(p);
                    d = inner;
                }
                DeclaratorKind::Pointer(_, inner) | DeclaratorKind::Array(inner, _) => {
                    last_fn = None;
                    d = inner;
                }
            }
        }
    }
}

#[derive(Debug)]
pub struct Params {
    pub list: Vec<ParamDecl>,
    /// An old-style identifier list's names (`f(a, b)`).
    pub names: Vec<Name>,
    pub variadic: bool,
    /// `f()`: no prototype. `f(a, b)`: an old-style identifier list (a K&R definition).
    pub kind: ParamsKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamsKind {
    Prototype,
    Empty,
    Identifiers,
}

#[derive(Debug)]
pub struct ParamDecl {
    pub specs: DeclSpecs,
    pub declarator: Declarator,
    pub span: Span,
}

#[derive(Debug)]
pub struct TypeName {
    pub specs: DeclSpecs,
    pub declarator: Declarator,
    pub span: Span,
}

#[derive(Debug)]
pub enum Initializer {
    Expr(Expr),
    List(Vec<InitItem>, Span),
}

impl Initializer {
    pub fn span(&self) -> Span {
        match self {
            Initializer::Expr(e) => e.span,
            Initializer::List(_, s) => *s,
        }
    }
}

#[derive(Debug)]
pub struct InitItem {
    pub designators: Vec<Designator>,
    pub init: Initializer,
}

#[derive(Debug)]
pub enum Designator {
    Index(Expr, Span),
    /// GNU `[first ... last]`.
    Range(Expr, Expr, Span),
    Field(Name),
}

#[derive(Debug)]
pub struct Block {
    pub items: Vec<Stmt>,
    pub span: Span,
}

#[derive(Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
    pub height: u32,
}

#[derive(Debug)]
pub enum ForInit {
    Expr(Expr),
    Decl(Declaration),
}

/// The three clauses of `for (init; cond; step)` (boxed in the statement: a statement
/// stays small, and a program of millions of statements small with it).
#[derive(Debug)]
pub struct ForHead {
    pub init: Option<ForInit>,
    pub cond: Option<Expr>,
    pub step: Option<Expr>,
}

#[derive(Debug)]
pub enum StmtKind {
    Expr(Option<Expr>),
    Decl(Box<Declaration>),
    Block(Block),
    If(Expr, Box<Stmt>, Option<Box<Stmt>>),
    While(Expr, Box<Stmt>),
    DoWhile(Box<Stmt>, Expr),
    For(Box<ForHead>, Box<Stmt>),
    Switch(Expr, Box<Stmt>),
    /// `case v:`, or GNU `case lo ... hi:` (the second value).
    Case(Expr, Option<Expr>, Box<Stmt>),
    Default(Box<Stmt>),
    Break,
    Continue,
    Return(Option<Expr>),
    Goto(Name),
    Label(Name, Box<Stmt>),
    /// A statement the parser could not make sense of (already reported).
    Error,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    AddrOf,
    Deref,
    Plus,
    Neg,
    BitNot,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Mul,
    Div,
    Rem,
    Add,
    Sub,
    Shl,
    Shr,
    Lt,
    Gt,
    Le,
    Ge,
    Eq,
    Ne,
    BitAnd,
    BitXor,
    BitOr,
    LogAnd,
    LogOr,
}

impl BinaryOp {
    pub fn as_str(self) -> &'static str {
        use BinaryOp::*;
        match self {
            Mul => "*",
            Div => "/",
            Rem => "%",
            Add => "+",
            Sub => "-",
            Shl => "<<",
            Shr => ">>",
            Lt => "<",
            Gt => ">",
            Le => "<=",
            Ge => ">=",
            Eq => "==",
            Ne => "!=",
            BitAnd => "&",
            BitXor => "^",
            BitOr => "|",
            LogAnd => "&&",
            LogOr => "||",
        }
    }
}

#[derive(Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
    pub height: u32,
}

#[derive(Debug)]
pub enum ExprKind {
    Ident(Symbol),
    /// A pp-number: an integer or floating constant, classified by sema.
    Number(Symbol),
    Char(Symbol),
    /// Adjacent string literals, concatenated.
    Str(Vec<(Symbol, Span)>),
    Call(Box<Expr>, Vec<Expr>),
    Index(Box<Expr>, Box<Expr>),
    Member(Box<Expr>, Name),
    Arrow(Box<Expr>, Name),
    PostInc(Box<Expr>),
    PostDec(Box<Expr>),
    PreInc(Box<Expr>),
    PreDec(Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    SizeofExpr(Box<Expr>),
    SizeofType(Box<TypeName>),
    Alignof(Box<TypeName>),
    Cast(Box<TypeName>, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `a = b` (`None`) or `a op= b`.
    Assign(Option<BinaryOp>, Box<Expr>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    Comma(Box<Expr>, Box<Expr>),
    CompoundLiteral(Box<TypeName>, Vec<InitItem>),
    /// GNU statement expression `({ ...; value; })`.
    StmtExpr(Box<Block>),
    /// `_Generic(e, T1: e1, default: e2, ...)`.
    Generic(Box<Expr>, Vec<(Option<TypeName>, Expr)>),
    /// `va_start(ap, last)` (`last` is only checked by C compilers).
    VaStart(Box<Expr>),
    /// `va_arg(ap, type)`.
    VaArg(Box<Expr>, Box<TypeName>),
    /// A construct the parser recognised but cmem does not support, or an error.
    Error,
}

impl ExprKind {
    /// The height of the tallest child expression.
    pub fn child_height(&self) -> u32 {
        use ExprKind::*;
        match self {
            Ident(_) | Number(_) | Char(_) | Str(_) | SizeofType(_) | Alignof(_) | Error
            | CompoundLiteral(..) => 0,
            Call(f, args) => args
                .iter()
                .map(|a| a.height)
                .max()
                .unwrap_or(0)
                .max(f.height),
            Index(a, b) | Binary(_, a, b) | Assign(_, a, b) | Comma(a, b) => a.height.max(b.height),
            Member(e, _)
            | Arrow(e, _)
            | PostInc(e)
            | PostDec(e)
            | PreInc(e)
            | PreDec(e)
            | Unary(_, e)
            | SizeofExpr(e)
            | VaStart(e)
            | VaArg(e, _)
            | Cast(_, e) => e.height,
            Cond(a, b, c) => a.height.max(b.height).max(c.height),
            StmtExpr(b) => b.items.iter().map(|s| s.height).max().unwrap_or(0),
            Generic(e, assocs) => assocs.iter().map(|a| a.1.height).fold(e.height, u32::max),
        }
    }
}

impl StmtKind {
    pub fn child_height(&self) -> u32 {
        use StmtKind::*;
        let e = |e: &Option<crate::syntax::ast::Expr>| e.as_ref().map_or(0, |e| e.height);
        match self {
            Expr(x) | Return(x) => e(x),
            Decl(_) | Break | Continue | Goto(_) | Error => 0,
            Block(b) => b.items.iter().map(|s| s.height).max().unwrap_or(0),
            If(c, a, b) => c
                .height
                .max(a.height)
                .max(b.as_ref().map_or(0, |s| s.height)),
            While(c, s) | Switch(c, s) | Case(c, None, s) => c.height.max(s.height),
            Case(c, Some(h), s) => c.height.max(h.height).max(s.height),
            DoWhile(s, c) => c.height.max(s.height),
            For(h, body) => {
                let ForHead {
                    init: i,
                    cond: c,
                    step: st,
                } = &**h;
                let ih = match i {
                    Some(ForInit::Expr(x)) => x.height,
                    _ => 0,
                };
                ih.max(e(c)).max(e(st)).max(body.height)
            }
            Default(s) | Label(_, s) => s.height,
        }
    }
}
