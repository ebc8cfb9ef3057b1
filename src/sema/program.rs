//! The checked program: the typed intermediate form the evaluator runs.
//!
//! Invariants (established by the checker, relied on by `eval`):
//! * every name is resolved to a [`LocalId`], [`GlobalId`] or [`FuncId`];
//! * every expression has a type, and every implicit conversion is explicit: lvalues are
//!   read through [`ExprKind::Load`], arrays decay through [`ExprKind::Decay`], operands
//!   of arithmetic already have the operation's type ([`ExprKind::Cast`]);
//! * struct and union values are always designated by an lvalue (a local temporary holds
//!   a struct returned by a call), so copying them is a byte copy;
//! * layouts (sizes, field offsets, element sizes) are computed.

use super::builtins::Builtin;
use super::types::{Quals, TypeId, Types};
pub use crate::mem::BitField;
use crate::mem::Scalar;
use crate::source::{Span, Symbol};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GlobalId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StrId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LabelId(pub u32);

#[derive(Debug, Default)]
pub struct Program {
    pub types: Types,
    pub functions: Vec<Function>,
    pub globals: Vec<Global>,
    pub strings: Vec<StringLit>,
    /// The arrays inside larger objects that pointers are bounded by, by
    /// [`ExprKind::Narrow`]'s index.
    pub subobjects: Vec<Subobject>,
    /// REPL: which function calls which (directly), so that redefining a function with
    /// another type can say which callers still call the old one.
    pub calls: Vec<(FuncId, FuncId)>,
    /// The pointer type each allocation's result is converted to, by the span of the call
    /// (`struct node *n = malloc(sizeof *n)`): the type a heap picture draws the block with
    /// when no typed pointer reaches it any more.
    pub alloc_types: Vec<(Span, TypeId)>,
    pub main: Option<FuncId>,
}

impl Program {
    pub fn func(&self, id: FuncId) -> &Function {
        &self.functions[id.0 as usize]
    }

    pub fn global(&self, id: GlobalId) -> &Global {
        &self.globals[id.0 as usize]
    }

    pub fn string(&self, id: StrId) -> &StringLit {
        &self.strings[id.0 as usize]
    }
}

/// An array that is part of a larger object, where it decays or its address is taken:
/// pointers derived from it may reach only its bytes (`mem::View`).
#[derive(Clone, Debug)]
pub struct Subobject {
    /// Its size in bytes.
    pub len: u64,
    /// Its type (an array type).
    pub array: TypeId,
    /// The expression that designates it (`s.name`, `m[1]`).
    pub span: Span,
    pub kind: SubobjectKind,
}

#[derive(Clone, Copy, Debug)]
pub enum SubobjectKind {
    /// A member array of a struct: the struct type, the member's name, offset and
    /// declaration.
    Member {
        record: TypeId,
        name: Symbol,
        offset: u64,
        decl: Span,
    },
    /// An array member of a union, bounded by the union (type punning between the union's
    /// members stays clean).
    Union { record: TypeId },
    /// An element of an array of arrays (`m[1]`), or the array a pointer to an array points
    /// at (`*p`): the array's type.
    Element { array: TypeId },
}

/// A string literal's bytes, including the terminating NUL.
#[derive(Debug)]
pub struct StringLit {
    pub bytes: Vec<u8>,
    pub span: Span,
}

#[derive(Debug)]
pub struct Function {
    pub name: String,
    pub sym: Symbol,
    /// A `Type::Function`.
    pub ty: TypeId,
    pub ret: TypeId,
    pub params: Vec<LocalId>,
    pub locals: Vec<Local>,
    pub body: Option<Stmt>,
    pub builtin: Option<Builtin>,
    /// Why a declared library function is unavailable (it would reach the host).
    pub forbidden: Option<&'static str>,
    /// The name in the declaration or definition.
    pub span: Span,
    /// The closing brace of the body.
    pub end_span: Span,
    /// Defined in one of cmem's built-in headers (its frames are reported at the caller).
    pub library: bool,
    pub n_labels: u32,
    pub is_static: bool,
}

/// A function's definition, set aside while the REPL checks a redefinition (and put back
/// if the new one is rejected).
#[derive(Debug)]
pub struct Definition {
    ty: TypeId,
    ret: TypeId,
    params: Vec<LocalId>,
    locals: Vec<Local>,
    body: Option<Stmt>,
    span: Span,
    end_span: Span,
    n_labels: u32,
}

impl Function {
    /// Takes the definition out, leaving a declaration.
    pub fn take_definition(&mut self) -> Definition {
        Definition {
            ty: self.ty,
            ret: self.ret,
            params: std::mem::take(&mut self.params),
            locals: std::mem::take(&mut self.locals),
            body: self.body.take(),
            span: self.span,
            end_span: self.end_span,
            n_labels: std::mem::take(&mut self.n_labels),
        }
    }

    /// Puts a definition taken by [`Function::take_definition`] back.
    pub fn restore_definition(&mut self, d: Definition) {
        self.ty = d.ty;
        self.ret = d.ret;
        self.params = d.params;
        self.locals = d.locals;
        self.body = d.body;
        self.span = d.span;
        self.end_span = d.end_span;
        self.n_labels = d.n_labels;
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalKind {
    Param,
    Var,
    /// A compound literal or a struct returned by a call.
    Temp,
}

#[derive(Debug, Clone)]
pub struct Local {
    pub name: Symbol,
    pub ty: TypeId,
    pub quals: Quals,
    pub span: Span,
    pub kind: LocalKind,
    /// `&x` appears somewhere (or the local is an array/struct): it needs memory.
    pub address_taken: bool,
    /// The offset (in its file) where its scope ends: past it, the name is out of scope (a
    /// heap picture no longer lists it). `u32::MAX` until the scope is closed.
    pub scope_end: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlobalKind {
    User,
    /// `stdin`, `stdout`, `stderr`: pointers to the runtime's streams.
    Stream(u8),
    /// A string literal's storage is not a global; this is `errno`.
    Errno,
}

#[derive(Debug)]
pub struct Global {
    pub name: String,
    pub sym: Symbol,
    pub ty: TypeId,
    pub quals: Quals,
    pub span: Span,
    /// The initial bytes and the pointers in them; `None`: all zero.
    pub init: Option<StaticInit>,
    pub kind: GlobalKind,
    /// A `static` local of this function.
    pub local_of: Option<FuncId>,
    pub library: bool,
    /// Its bytes start unwritten (a REPL variable declared without an initializer).
    pub uninitialized: bool,
}

/// A statically initialised object: bytes plus relocations for the pointers in it.
#[derive(Debug, Default, Clone)]
pub struct StaticInit {
    pub bytes: Vec<u8>,
    pub relocs: Vec<Reloc>,
}

#[derive(Debug, Clone, Copy)]
pub struct Reloc {
    pub offset: u64,
    pub target: RelocTarget,
    pub addend: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelocTarget {
    Global(GlobalId),
    Str(StrId),
    Func(FuncId),
}

#[derive(Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug)]
pub enum StmtKind {
    Expr(Expr),
    Block(Vec<Stmt>),
    If(Expr, Box<Stmt>, Option<Box<Stmt>>),
    While(Expr, Box<Stmt>),
    DoWhile(Box<Stmt>, Expr),
    For(Box<ForLoop>),
    Switch(Box<Switch>),
    Break,
    Continue,
    Return(Option<Expr>),
    Goto(LabelId),
    Label(LabelId, Box<Stmt>),
    /// A declaration with an initializer.
    Init(LocalId, Init),
    /// A declaration without one: the object's bytes become unwritten again (C11 6.2.4p6).
    Uninit(LocalId),
    Empty,
}

/// `for (init; cond; step) body` (boxed: a statement stays small, and a program of
/// millions of statements small with it).
#[derive(Debug)]
pub struct ForLoop {
    pub init: Option<Stmt>,
    pub cond: Option<Expr>,
    pub step: Option<Expr>,
    pub body: Stmt,
}

/// `switch (cond) body`: `cases` maps each case value (converted to the promoted
/// condition type) to its label.
#[derive(Debug)]
pub struct Switch {
    pub cond: Expr,
    pub body: Stmt,
    pub cases: Vec<(u64, LabelId)>,
    pub default: Option<LabelId>,
}

/// An initializer, flattened: the object is zeroed first when `zero` is set (aggregate
/// initializers), then each item is stored at its offset.
#[derive(Debug)]
pub enum Init {
    Expr(Expr),
    Aggregate {
        zero: bool,
        items: Vec<(u64, InitItem)>,
    },
}

#[derive(Debug)]
pub enum InitItem {
    /// A scalar (converted to the member's type) or a struct/union lvalue to copy.
    Expr(Expr),
    /// Bytes of a string literal into a char array (at most the array's size).
    Bytes(StrId, u64),
    /// A bit-field's value (converted to its type), into its bits of the unit at the offset.
    Bits(Expr, BitField),
}

#[derive(Debug)]
pub struct Expr {
    pub ty: TypeId,
    pub span: Span,
    pub kind: ExprKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CastKind {
    /// Integer to integer (sign/zero extension or truncation), also `_Bool` handling.
    IntToInt,
    IntToFloat,
    FloatToInt,
    FloatToFloat,
    /// Reinterpretation without change: pointer to pointer, pointer to/from 64-bit integer.
    Bits,
    /// Pointer to a narrower integer.
    PtrToInt,
    /// Any scalar to `_Bool` (comparison with zero).
    ToBool,
    /// To or from a complex type (not `_Bool`): a real value is the real part, a complex
    /// value converted to a real type loses its imaginary part.
    Complex,
    /// An explicit cast to a pointer to a struct or union: the result may reach the whole
    /// object the operand points into (the container_of idiom), not only the sub-object
    /// array it was derived from.
    Widen,
    /// Discard the value.
    ToVoid,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Shl,
    Shr,
    BitAnd,
    BitOr,
    BitXor,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    BitNot,
    /// `!x`: operand is any scalar; result int.
    Not,
}

#[derive(Debug)]
pub enum Callee {
    Direct(FuncId),
    Indirect(Box<Expr>),
}

#[derive(Debug)]
pub enum ExprKind {
    /// An integer or pointer constant (bits as the type stores them).
    Int(u64),
    Float(f64),
    /// A `long double` constant.
    F80(crate::num::F80),
    /// A complex constant: its real and imaginary parts (of a `float _Complex`, both
    /// exact floats).
    Complex(f64, f64),
    /// Lvalues.
    Local(LocalId),
    Global(GlobalId),
    Str(StrId),
    /// `*p`: the operand is a pointer rvalue; the expression is an lvalue.
    Deref(Box<Expr>),
    /// A member of a struct/union lvalue, at a byte offset.
    /// A member: the object, the member's offset and its own qualifiers.
    Member(Box<Expr>, u64, Quals),
    /// A bit-field: its storage unit (a `Member` lvalue) and its bits there.
    Bits(Box<Expr>, BitField),
    /// Conversions between lvalues and rvalues.
    Load(Box<Expr>),
    Decay(Box<Expr>),
    AddrOf(Box<Expr>),
    /// The pointer (a decayed or `&`-taken array that is part of a larger object) bounded
    /// to that array: `Program::subobjects[n]`.
    Narrow(Box<Expr>, u32),
    FuncAddr(FuncId),
    Cast(CastKind, Box<Expr>),
    /// Arithmetic in the expression's type; both operands have that type (for shifts,
    /// the right operand has its own promoted type).
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    /// Comparison of two operands of the same type; the result is an `int`.
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    /// `ptr + index * elem_size` (index is a signed 64-bit integer).
    PtrAdd(Box<Expr>, Box<Expr>, u64),
    /// `(a - b) / elem_size`.
    PtrDiff(Box<Expr>, Box<Expr>, u64),
    Unary(UnOp, Box<Expr>),
    LogAnd(Box<Expr>, Box<Expr>),
    LogOr(Box<Expr>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    Comma(Box<Expr>, Box<Expr>),
    /// GNU `({ statements; value; })`: the statements, then the value (a scalar, or void).
    StmtExpr(Box<Stmt>, Box<Expr>),
    /// Scalar assignment; the value is the stored value.
    Assign(Box<Expr>, Box<Expr>),
    /// Struct/union assignment: copies the bytes of the right lvalue.
    AssignRecord(Box<Expr>, Box<Expr>),
    /// `lhs op= rhs`: computed as `(lhs type)((op_ty)lhs op rhs)`. For pointers `op` is
    /// Add or Sub and `elem` is the element size.
    CompoundAssign {
        op: ArithOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
        op_ty: TypeId,
        elem: u64,
    },
    /// `++`/`--`, prefix or postfix; `elem` is the element size for pointers.
    IncDec {
        lhs: Box<Expr>,
        inc: bool,
        prefix: bool,
        elem: u64,
    },
    /// A call; a struct result is written to `ret_slot` (a temporary local), and the
    /// expression is then that lvalue.
    Call {
        callee: Callee,
        args: Vec<Expr>,
        ret_slot: Option<LocalId>,
    },
    /// A compound literal: the temporary local after its initialisation.
    CompoundLiteral(LocalId, Box<Init>),
    /// `__func__`.
    FuncName,
}

impl Expr {
    pub fn is_lvalue(&self) -> bool {
        matches!(
            self.kind,
            ExprKind::Local(_)
                | ExprKind::Global(_)
                | ExprKind::Str(_)
                | ExprKind::Deref(_)
                | ExprKind::Member(..)
                | ExprKind::Bits(..)
                | ExprKind::CompoundLiteral(..)
        ) || matches!(
            &self.kind,
            ExprKind::Call {
                ret_slot: Some(_),
                ..
            }
        )
    }

    /// The constant value of an integer constant expression already folded by the checker.
    pub fn as_int(&self) -> Option<u64> {
        match self.kind {
            ExprKind::Int(v) => Some(v),
            _ => None,
        }
    }
}

/// What a load or store of `ty` moves (`None` for aggregates and void).
pub fn scalar_of(types: &Types, ty: TypeId) -> Option<Scalar> {
    types.scalar(ty)
}
