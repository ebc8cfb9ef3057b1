//! C types, interned, with gcc's x86-64 (LP64) layout.
//!
//! A [`TypeId`] names an interned [`Type`]; qualifiers travel beside it in [`QualType`]
//! (they matter for checking assignments, not for layout). Struct and union bodies live in
//! [`Record`]s, so a self-referential `struct node { struct node *next; }` needs no cycle.

use std::collections::HashMap;

use crate::mem::{BitField, Scalar};
use crate::source::{Interner, Span, Symbol};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RecordId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EnumId(pub u32);

/// `const` and `volatile`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Quals {
    pub is_const: bool,
    pub is_volatile: bool,
}

impl Quals {
    pub const NONE: Quals = Quals {
        is_const: false,
        is_volatile: false,
    };
    pub const CONST: Quals = Quals {
        is_const: true,
        is_volatile: false,
    };

    pub fn union(self, o: Quals) -> Quals {
        Quals {
            is_const: self.is_const || o.is_const,
            is_volatile: self.is_volatile || o.is_volatile,
        }
    }

    /// Whether every qualifier of `self` is also in `o`.
    pub fn subset_of(self, o: Quals) -> bool {
        (!self.is_const || o.is_const) && (!self.is_volatile || o.is_volatile)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct QualType {
    pub ty: TypeId,
    pub quals: Quals,
}

impl QualType {
    pub fn new(ty: TypeId) -> QualType {
        QualType {
            ty,
            quals: Quals::NONE,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FnSig {
    pub ret: TypeId,
    pub params: Vec<TypeId>,
    pub variadic: bool,
    /// `false` for `f()`: no information about the parameters.
    pub prototyped: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    Void,
    Bool,
    Char,
    SChar,
    UChar,
    Short,
    UShort,
    Int,
    UInt,
    Long,
    ULong,
    LongLong,
    ULongLong,
    Float,
    Double,
    /// x87 extended precision: 10 bytes of value in 16 (see `crate::num`).
    LongDouble,
    /// `float _Complex` and `double _Complex`: the real part, then the imaginary part.
    ComplexFloat,
    ComplexDouble,
    Pointer(QualType),
    /// Element type and length (`None`: incomplete, `int a[]`).
    Array(QualType, Option<u64>),
    /// A variable-length array type: its element type and the run-time size it was given
    /// where its declaration was reached (the checker maps the `VlaId` to the local that
    /// holds it). It has no size known before the program runs.
    Vla(QualType, VlaId),
    Function(FnSig),
    Record(RecordId),
    Enum(EnumId),
    /// The type of an expression that already had an error (keeps later checks quiet).
    Error,
}

/// A variable-length array type's identity (see `Type::Vla`): the function whose local
/// `size` holds its size in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct VlaId {
    pub func: u32,
    pub size: u32,
}

#[derive(Clone, Debug)]
pub struct Field {
    pub name: Option<Symbol>,
    pub ty: QualType,
    /// The byte offset (of a bit-field: of its storage unit).
    pub offset: u64,
    pub span: Span,
    /// A bit-field's bits in its storage unit.
    pub bits: Option<BitField>,
}

/// A member as declared, for [`Types::complete_record`]: its name, type and place, and a
/// bit-field's width.
#[derive(Clone, Copy, Debug)]
pub struct MemberDecl {
    pub name: Option<Symbol>,
    pub ty: QualType,
    pub span: Span,
    pub width: Option<u8>,
    /// `_Alignas`: more alignment than the type's.
    pub align: Option<u64>,
    /// `__attribute__((packed))` on the member: it keeps no alignment of its type's.
    pub packed: bool,
}

#[derive(Clone, Debug)]
pub struct Record {
    pub tag: Option<Symbol>,
    pub is_union: bool,
    pub fields: Vec<Field>,
    pub size: u64,
    pub align: u64,
    pub complete: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct EnumDef {
    pub tag: Option<Symbol>,
    pub complete: bool,
    /// gcc uses `unsigned int` when no enumerator is negative.
    pub unsigned: bool,
    pub span: Span,
}

/// The type table.
#[derive(Debug)]
pub struct Types {
    list: Vec<Type>,
    map: HashMap<Type, TypeId>,
    /// The sizes of array types, computed once when the type is made (recomputing them
    /// recursively made 100,000 dimensions quadratic); `None` until the element is complete.
    array_sizes: HashMap<TypeId, u64>,
    pub records: Vec<Record>,
    pub enums: Vec<EnumDef>,
}

impl TypeId {
    pub const VOID: TypeId = TypeId(0);
    pub const BOOL: TypeId = TypeId(1);
    pub const CHAR: TypeId = TypeId(2);
    pub const SCHAR: TypeId = TypeId(3);
    pub const UCHAR: TypeId = TypeId(4);
    pub const SHORT: TypeId = TypeId(5);
    pub const USHORT: TypeId = TypeId(6);
    pub const INT: TypeId = TypeId(7);
    pub const UINT: TypeId = TypeId(8);
    pub const LONG: TypeId = TypeId(9);
    pub const ULONG: TypeId = TypeId(10);
    pub const LLONG: TypeId = TypeId(11);
    pub const ULLONG: TypeId = TypeId(12);
    pub const FLOAT: TypeId = TypeId(13);
    pub const DOUBLE: TypeId = TypeId(14);
    /// `void *`
    pub const VOID_PTR: TypeId = TypeId(15);
    /// `char *`
    pub const CHAR_PTR: TypeId = TypeId(16);
    /// `const char *`
    pub const CONST_CHAR_PTR: TypeId = TypeId(17);
    /// See [`Type::Error`].
    pub const ERROR: TypeId = TypeId(18);
    pub const LDOUBLE: TypeId = TypeId(19);
    pub const CFLOAT: TypeId = TypeId(20);
    pub const CDOUBLE: TypeId = TypeId(21);
}

impl Default for Types {
    fn default() -> Self {
        Types::new()
    }
}

impl Types {
    pub fn new() -> Types {
        let mut t = Types {
            list: Vec::new(),
            map: HashMap::new(),
            array_sizes: HashMap::new(),
            records: Vec::new(),
            enums: Vec::new(),
        };
        for ty in [
            Type::Void,
            Type::Bool,
            Type::Char,
            Type::SChar,
            Type::UChar,
            Type::Short,
            Type::UShort,
            Type::Int,
            Type::UInt,
            Type::Long,
            Type::ULong,
            Type::LongLong,
            Type::ULongLong,
            Type::Float,
            Type::Double,
        ] {
            t.intern(ty);
        }
        let vp = t.pointer(QualType::new(TypeId::VOID));
        let cp = t.pointer(QualType::new(TypeId::CHAR));
        let ccp = t.pointer(QualType {
            ty: TypeId::CHAR,
            quals: Quals::CONST,
        });
        let err = t.intern(Type::Error);
        let ld = t.intern(Type::LongDouble);
        let cf = t.intern(Type::ComplexFloat);
        let cd = t.intern(Type::ComplexDouble);
        debug_assert_eq!(
            (vp, cp, ccp, err, ld, cf, cd),
            (
                TypeId::VOID_PTR,
                TypeId::CHAR_PTR,
                TypeId::CONST_CHAR_PTR,
                TypeId::ERROR,
                TypeId::LDOUBLE,
                TypeId::CFLOAT,
                TypeId::CDOUBLE
            )
        );
        t
    }

    pub fn intern(&mut self, ty: Type) -> TypeId {
        if let Some(&id) = self.map.get(&ty) {
            return id;
        }
        let id = TypeId(self.list.len() as u32);
        self.list.push(ty.clone());
        self.map.insert(ty, id);
        id
    }

    pub fn get(&self, id: TypeId) -> &Type {
        self.list.get(id.0 as usize).unwrap_or(&Type::Void)
    }

    pub fn pointer(&mut self, to: QualType) -> TypeId {
        self.intern(Type::Pointer(to))
    }

    pub fn pointer_to(&mut self, to: TypeId) -> TypeId {
        self.intern(Type::Pointer(QualType::new(to)))
    }

    pub fn array(&mut self, elem: QualType, len: Option<u64>) -> TypeId {
        let id = self.intern(Type::Array(elem, len));
        if let Some(size) = len.and_then(|n| self.size_of(elem.ty)?.checked_mul(n)) {
            self.array_sizes.insert(id, size);
        }
        id
    }

    pub fn function(&mut self, sig: FnSig) -> TypeId {
        self.intern(Type::Function(sig))
    }

    pub fn new_record(&mut self, tag: Option<Symbol>, is_union: bool, span: Span) -> TypeId {
        let id = RecordId(self.records.len() as u32);
        self.records.push(Record {
            tag,
            is_union,
            fields: Vec::new(),
            size: 0,
            align: 1,
            complete: false,
            span,
        });
        self.intern(Type::Record(id))
    }

    pub fn new_enum(&mut self, tag: Option<Symbol>, span: Span) -> TypeId {
        let id = EnumId(self.enums.len() as u32);
        self.enums.push(EnumDef {
            tag,
            complete: false,
            unsigned: true,
            span,
        });
        self.intern(Type::Enum(id))
    }

    pub fn record(&self, id: RecordId) -> Option<&Record> {
        self.records.get(id.0 as usize)
    }

    pub fn record_of(&self, ty: TypeId) -> Option<&Record> {
        match self.get(ty) {
            Type::Record(r) => self.record(*r),
            _ => None,
        }
    }

    /// Lays out a record's fields as gcc does and marks it complete. `Err(size)`: its size
    /// would pass `PTRDIFF_MAX` (gcc's limit), with the size computed so far; the record
    /// stays incomplete.
    /// Lays out a struct or union as gcc does on x86-64. A bit-field of type `T` goes
    /// at the next free bit unless it would then cross a boundary of `T`'s size, in which
    /// case at that boundary; a zero-width one moves to the next boundary of `T`'s
    /// alignment; an unnamed one does not change the record's alignment. `pack` (a packed
    /// struct, `#pragma pack`) caps every member's alignment; `min_align` (an `aligned`
    /// attribute on the record) is the least alignment of the whole. `Err` holds a size
    /// that does not fit.
    pub fn complete_record(
        &mut self,
        id: RecordId,
        fields: Vec<MemberDecl>,
        pack: Option<u64>,
        min_align: Option<u64>,
    ) -> Result<(), u64> {
        let is_union = self.record(id).is_some_and(|r| r.is_union);
        // Bit positions, in u128 (a size in bytes near 2^63 has more bits than a u64).
        // The next free bit (structs), the size so far (unions, in bits).
        let mut bit = 0u128;
        let mut size_bits = 0u128;
        let mut align = 1u64;
        let mut out = Vec::with_capacity(fields.len());
        let too_large = |bits: u128| u64::try_from(bits / 8).unwrap_or(u64::MAX);
        for m in fields {
            let natural = if m.packed { 1 } else { self.align_of(m.ty.ty) };
            let a = natural
                .max(m.align.unwrap_or(1))
                .min(pack.unwrap_or(u64::MAX))
                .max(1);
            let s = self.size_of(m.ty.ty).unwrap_or(0);
            let (offset, bits, end) = match m.width {
                None => {
                    let byte = if is_union {
                        0
                    } else {
                        too_large(bit.div_ceil(8) * 8)
                    };
                    let off = checked_round_up(byte, a).ok_or(byte)?;
                    let end = (u128::from(off) + u128::from(s)) * 8;
                    align = align.max(a);
                    (off, None, end)
                }
                Some(w) if pack.is_some() => {
                    // Packed (`pack(N)` for any N, or `packed`): at the next free bit, with no
                    // move past a unit boundary (gcc skips PCC's rule under a maximum field
                    // alignment), in a unit of the bytes it touches; a zero-width field still
                    // moves to its type's own boundary; a named one aligns the record to its
                    // capped alignment.
                    let w = u128::from(w);
                    let mut at = if is_union { 0 } else { bit };
                    if w == 0 {
                        let natural = u128::from(self.align_of(m.ty.ty)) * 8;
                        at = at.div_ceil(natural) * natural;
                    } else if m.name.is_some() {
                        align = align.max(a);
                    }
                    let off = at / 8;
                    let touched = ((at % 8) + w).div_ceil(8).clamp(1, 8);
                    let bf = BitField {
                        unit: touched as u8,
                        bit: (at % 8) as u8,
                        width: w as u8,
                        signed: self.is_signed(m.ty.ty),
                    };
                    (too_large(off * 8), Some(bf), at + w)
                }
                Some(w) => {
                    let unit = u128::from((s * 8).max(8));
                    let w = u128::from(w);
                    let mut at = if is_union { 0 } else { bit };
                    if w == 0 {
                        at = at.div_ceil(u128::from(a) * 8) * (u128::from(a) * 8);
                    } else if at / unit != (at + w - 1) / unit {
                        at = at.div_ceil(unit) * unit;
                    }
                    if m.name.is_some() {
                        align = align.max(a);
                    }
                    let off = at / unit * (unit / 8);
                    let bf = BitField {
                        unit: (unit / 8) as u8,
                        bit: (at - off * 8) as u8,
                        width: w as u8,
                        signed: self.is_signed(m.ty.ty),
                    };
                    (too_large(off * 8), Some(bf), at + w)
                }
            };
            if m.width != Some(0) {
                out.push(Field {
                    name: m.name,
                    ty: m.ty,
                    offset,
                    span: m.span,
                    bits,
                });
            }
            if is_union {
                size_bits = size_bits.max(end);
            } else {
                bit = end;
                size_bits = end;
            }
        }
        // `__attribute__((aligned(N)))` on the record.
        align = align.max(min_align.unwrap_or(1));
        let bytes = too_large(size_bits.div_ceil(8) * 8);
        let size = checked_round_up(bytes, align)
            .filter(|&s| s <= i64::MAX as u64)
            .ok_or(bytes)?;
        if let Some(r) = self.records.get_mut(id.0 as usize) {
            r.fields = out;
            r.size = size;
            r.align = align;
            r.complete = true;
        }
        Ok(())
    }

    /// Size in bytes (`None` for incomplete types, functions and void).
    pub fn size_of(&self, id: TypeId) -> Option<u64> {
        Some(match self.get(id) {
            Type::Void | Type::Function(_) => return None,
            Type::Bool | Type::Char | Type::SChar | Type::UChar => 1,
            Type::Short | Type::UShort => 2,
            Type::Int | Type::UInt | Type::Float | Type::Enum(_) | Type::Error => 4,
            Type::Long
            | Type::ULong
            | Type::LongLong
            | Type::ULongLong
            | Type::Double
            | Type::ComplexFloat
            | Type::Pointer(_) => 8,
            Type::LongDouble | Type::ComplexDouble => 16,
            Type::Array(elem, Some(n)) => match self.array_sizes.get(&id) {
                Some(&size) => size,
                None => self.size_of(elem.ty)?.checked_mul(*n)?,
            },
            Type::Array(_, None) | Type::Vla(..) => return None,
            Type::Record(r) => {
                let rec = self.record(*r)?;
                if !rec.complete {
                    return None;
                }
                rec.size
            }
        })
    }

    pub fn align_of(&self, id: TypeId) -> u64 {
        match self.get(id) {
            Type::Array(elem, _) | Type::Vla(elem, _) => self.align_of(elem.ty),
            Type::Record(r) => self.record(*r).map_or(1, |r| r.align),
            Type::Void | Type::Function(_) => 1,
            Type::ComplexFloat => 4,
            Type::ComplexDouble => 8,
            _ => self.size_of(id).unwrap_or(1),
        }
    }

    pub fn is_complete(&self, id: TypeId) -> bool {
        self.size_of(id).is_some()
    }

    pub fn is_integer(&self, id: TypeId) -> bool {
        matches!(
            self.get(id),
            Type::Bool
                | Type::Char
                | Type::SChar
                | Type::UChar
                | Type::Short
                | Type::UShort
                | Type::Int
                | Type::UInt
                | Type::Long
                | Type::ULong
                | Type::LongLong
                | Type::ULongLong
                | Type::Enum(_)
                | Type::Error
        )
    }

    pub fn is_float(&self, id: TypeId) -> bool {
        matches!(self.get(id), Type::Float | Type::Double | Type::LongDouble)
    }

    pub fn is_arithmetic(&self, id: TypeId) -> bool {
        self.is_integer(id) || self.is_float(id) || self.is_complex(id)
    }

    pub fn is_complex(&self, id: TypeId) -> bool {
        matches!(self.get(id), Type::ComplexFloat | Type::ComplexDouble)
    }

    /// The real type of a complex type (C11 6.2.5p13), or the type itself.
    pub fn real_of(&self, id: TypeId) -> TypeId {
        match self.get(id) {
            Type::ComplexFloat => TypeId::FLOAT,
            Type::ComplexDouble => TypeId::DOUBLE,
            _ => id,
        }
    }

    pub fn is_pointer(&self, id: TypeId) -> bool {
        matches!(self.get(id), Type::Pointer(_))
    }

    pub fn is_scalar(&self, id: TypeId) -> bool {
        self.is_arithmetic(id) || self.is_pointer(id)
    }

    pub fn is_array(&self, id: TypeId) -> bool {
        matches!(self.get(id), Type::Array(..) | Type::Vla(..))
    }

    /// Whether its size is only known at run time: a variable-length array, or an array
    /// of them (C11 6.7.6.2p2's variably modified types, less pointers to them).
    pub fn is_vla(&self, id: TypeId) -> bool {
        match self.get(id) {
            Type::Vla(..) => true,
            Type::Array(elem, _) => self.is_vla(elem.ty),
            _ => false,
        }
    }

    pub fn is_record(&self, id: TypeId) -> bool {
        matches!(self.get(id), Type::Record(_))
    }

    pub fn is_function(&self, id: TypeId) -> bool {
        matches!(self.get(id), Type::Function(_))
    }

    pub fn is_void(&self, id: TypeId) -> bool {
        id == TypeId::VOID
    }

    /// The pointee of a pointer type.
    pub fn pointee(&self, id: TypeId) -> Option<QualType> {
        match self.get(id) {
            Type::Pointer(q) => Some(*q),
            _ => None,
        }
    }

    pub fn element(&self, id: TypeId) -> Option<QualType> {
        match self.get(id) {
            Type::Array(q, _) | Type::Vla(q, _) => Some(*q),
            _ => None,
        }
    }

    pub fn fn_sig(&self, id: TypeId) -> Option<&FnSig> {
        match self.get(id) {
            Type::Function(s) => Some(s),
            _ => None,
        }
    }

    /// Whether an integer type is signed (enums follow gcc's choice).
    pub fn is_signed(&self, id: TypeId) -> bool {
        match self.get(id) {
            Type::Char
            | Type::SChar
            | Type::Short
            | Type::Int
            | Type::Long
            | Type::LongLong
            | Type::Error => true,
            Type::Enum(e) => !self.enums.get(e.0 as usize).is_some_and(|e| e.unsigned),
            Type::Float | Type::Double | Type::LongDouble => true,
            _ => false,
        }
    }

    /// The integer conversion rank (C11 6.3.1.1).
    pub fn rank(&self, id: TypeId) -> u8 {
        match self.get(id) {
            Type::Bool => 1,
            Type::Char | Type::SChar | Type::UChar => 2,
            Type::Short | Type::UShort => 3,
            Type::Int | Type::UInt | Type::Enum(_) | Type::Error => 4,
            Type::Long | Type::ULong => 5,
            Type::LongLong | Type::ULongLong => 6,
            _ => 0,
        }
    }

    /// The storage of a scalar type.
    pub fn scalar(&self, id: TypeId) -> Option<Scalar> {
        Some(match self.get(id) {
            Type::Bool => Scalar::Bool,
            Type::Char | Type::SChar => Scalar::I8,
            Type::UChar => Scalar::U8,
            Type::Short => Scalar::I16,
            Type::UShort => Scalar::U16,
            Type::Int | Type::Error => Scalar::I32,
            Type::UInt => Scalar::U32,
            Type::Enum(_) => {
                if self.is_signed(id) {
                    Scalar::I32
                } else {
                    Scalar::U32
                }
            }
            Type::Long | Type::LongLong => Scalar::I64,
            Type::ULong | Type::ULongLong => Scalar::U64,
            Type::Float => Scalar::F32,
            Type::Double => Scalar::F64,
            Type::LongDouble => Scalar::F80,
            Type::ComplexFloat => Scalar::C32,
            Type::ComplexDouble => Scalar::C64,
            Type::Pointer(_) => Scalar::Ptr,
            _ => return None,
        })
    }

    /// Integer promotion (C11 6.3.1.1p2).
    pub fn promote(&self, id: TypeId) -> TypeId {
        match self.get(id) {
            Type::Bool | Type::Char | Type::SChar | Type::UChar | Type::Short | Type::UShort => {
                TypeId::INT
            }
            Type::Enum(_) => {
                if self.is_signed(id) {
                    TypeId::INT
                } else {
                    TypeId::UINT
                }
            }
            _ => id,
        }
    }

    /// The usual arithmetic conversions (C11 6.3.1.8): the common type of two operands.
    pub fn usual_arithmetic(&self, a: TypeId, b: TypeId) -> TypeId {
        if self.is_complex(a) || self.is_complex(b) {
            // The common real type, made complex (C11 6.3.1.8p1); `long double` has no
            // complex type here, and mixing it in gives `double _Complex`.
            let real = self.usual_arithmetic(self.real_of(a), self.real_of(b));
            return if real == TypeId::FLOAT {
                TypeId::CFLOAT
            } else {
                TypeId::CDOUBLE
            };
        }
        if a == TypeId::LDOUBLE || b == TypeId::LDOUBLE {
            return TypeId::LDOUBLE;
        }
        if a == TypeId::DOUBLE || b == TypeId::DOUBLE {
            return TypeId::DOUBLE;
        }
        if a == TypeId::FLOAT || b == TypeId::FLOAT {
            return TypeId::FLOAT;
        }
        let a = self.promote(a);
        let b = self.promote(b);
        if a == b {
            return a;
        }
        let (sa, sb) = (self.is_signed(a), self.is_signed(b));
        let (ra, rb) = (self.rank(a), self.rank(b));
        if sa == sb {
            return if ra >= rb { a } else { b };
        }
        let (s, u) = if sa { (a, b) } else { (b, a) };
        if self.rank(u) >= self.rank(s) {
            return u;
        }
        if self.size_of(s) > self.size_of(u) {
            return s;
        }
        self.to_unsigned(s)
    }

    pub fn to_unsigned(&self, id: TypeId) -> TypeId {
        match self.get(id) {
            Type::Char | Type::SChar => TypeId::UCHAR,
            Type::Short => TypeId::USHORT,
            Type::Int | Type::Enum(_) => TypeId::UINT,
            Type::Long => TypeId::ULONG,
            Type::LongLong => TypeId::ULLONG,
            _ => id,
        }
    }

    /// Whether two types are compatible (C11 6.2.7), ignoring top-level qualifiers.
    pub fn compatible(&self, a: TypeId, b: TypeId) -> bool {
        self.compatible_in(a, b, false)
    }

    /// Compatibility of the types of two declarations of one name, which may come from
    /// different translation units: there, structs, unions and enums declared with the same
    /// tag and the same members are compatible (C11 6.2.7p1), though they are distinct types.
    pub fn linkable(&self, a: TypeId, b: TypeId) -> bool {
        self.compatible_in(a, b, true)
    }

    fn compatible_in(&self, a: TypeId, b: TypeId, linking: bool) -> bool {
        if a == b {
            return true;
        }
        let same = |x: TypeId, y: TypeId| self.compatible_in(x, y, linking);
        match (self.get(a), self.get(b)) {
            (Type::Pointer(x), Type::Pointer(y)) => x.quals == y.quals && same(x.ty, y.ty),
            (Type::Array(x, n), Type::Array(y, m)) => {
                same(x.ty, y.ty) && (n.is_none() || m.is_none() || n == m)
            }
            // A length known only at run time matches any (C11 6.7.6.2p6).
            (Type::Vla(x, _), Type::Array(y, _) | Type::Vla(y, _))
            | (Type::Array(x, _), Type::Vla(y, _)) => same(x.ty, y.ty),
            (Type::Function(f), Type::Function(g)) => {
                if !same(f.ret, g.ret) {
                    return false;
                }
                if !f.prototyped || !g.prototyped {
                    return true;
                }
                f.variadic == g.variadic
                    && f.params.len() == g.params.len()
                    && f.params.iter().zip(&g.params).all(|(x, y)| same(*x, *y))
            }
            (Type::Record(x), Type::Record(y)) if linking => {
                match (self.record(*x), self.record(*y)) {
                    (Some(r), Some(s)) => {
                        r.tag == s.tag
                            && r.is_union == s.is_union
                            && (!r.complete
                                || !s.complete
                                || (r.size == s.size
                                    && r.fields.len() == s.fields.len()
                                    && r.fields.iter().zip(&s.fields).all(|(f, g)| {
                                        f.name == g.name
                                            && f.offset == g.offset
                                            && self.size_of(f.ty.ty) == self.size_of(g.ty.ty)
                                    })))
                    }
                    _ => false,
                }
            }
            (Type::Enum(x), Type::Enum(y)) if linking => {
                let (e, f) = (&self.enums[x.0 as usize], &self.enums[y.0 as usize]);
                e.tag.is_some() && e.tag == f.tag
            }
            (Type::Enum(_), t) | (t, Type::Enum(_)) => matches!(t, Type::Int | Type::UInt),
            _ => false,
        }
    }

    /// The type as C spells it, e.g. `int *`, `char [5]`, `int (*)(int, int)`.
    pub fn display(&self, id: TypeId, interner: &Interner) -> String {
        self.display_named(id, "", interner)
    }

    fn display_qual(&self, q: QualType, inner: &str, interner: &Interner) -> String {
        let mut prefix = String::new();
        if q.quals.is_const {
            prefix.push_str("const ");
        }
        if q.quals.is_volatile {
            prefix.push_str("volatile ");
        }
        // Qualifiers of a pointer go after the `*`.
        if matches!(self.get(q.ty), Type::Pointer(_)) && !prefix.is_empty() {
            let inner = format!(
                " {}{}",
                prefix.trim_end(),
                if inner.is_empty() {
                    String::new()
                } else {
                    format!(" {}", inner.trim_start())
                }
            );
            return self.display_named(q.ty, &inner, interner);
        }
        format!("{prefix}{}", self.display_named(q.ty, inner, interner))
    }

    /// Displays the type around a declarator text `inner` (C's inside-out syntax).
    pub fn display_named(&self, id: TypeId, inner: &str, interner: &Interner) -> String {
        let base = |s: &str| {
            if inner.is_empty() {
                s.to_string()
            } else {
                format!("{s} {}", inner.trim_start())
            }
        };
        match self.get(id) {
            Type::Void => base("void"),
            Type::Bool => base("_Bool"),
            Type::Char => base("char"),
            Type::SChar => base("signed char"),
            Type::UChar => base("unsigned char"),
            Type::Short => base("short"),
            Type::UShort => base("unsigned short"),
            Type::Int => base("int"),
            Type::UInt => base("unsigned int"),
            Type::Long => base("long"),
            Type::ULong => base("unsigned long"),
            Type::LongLong => base("long long"),
            Type::ULongLong => base("unsigned long long"),
            Type::Float => base("float"),
            Type::Double => base("double"),
            Type::LongDouble => base("long double"),
            Type::ComplexFloat => base("float _Complex"),
            Type::ComplexDouble => base("double _Complex"),
            Type::Error => base("<error>"),
            Type::Record(r) => {
                let rec = self.record(*r);
                let kw = if rec.is_some_and(|r| r.is_union) {
                    "union"
                } else {
                    "struct"
                };
                match rec.and_then(|r| r.tag) {
                    Some(t) => base(&format!("{kw} {}", interner.resolve(t))),
                    None => base(&format!("{kw} <anonymous>")),
                }
            }
            Type::Enum(e) => match self.enums.get(e.0 as usize).and_then(|e| e.tag) {
                Some(t) => base(&format!("enum {}", interner.resolve(t))),
                None => base("enum <anonymous>"),
            },
            Type::Pointer(q) => {
                let needs_paren = matches!(
                    self.get(q.ty),
                    Type::Array(..) | Type::Vla(..) | Type::Function(_)
                );
                let inner = if needs_paren {
                    format!("(*{})", inner.trim_start())
                } else {
                    format!("*{}", inner.trim_start())
                };
                self.display_qual(*q, &inner, interner)
            }
            Type::Array(q, n) => {
                let len = n.map(|n| n.to_string()).unwrap_or_default();
                let inner = format!("{inner}[{len}]");
                self.display_qual(*q, &inner, interner)
            }
            // C's notation for a length not known before run time.
            Type::Vla(q, _) => {
                let inner = format!("{inner}[*]");
                self.display_qual(*q, &inner, interner)
            }
            Type::Function(sig) => {
                let mut params: Vec<String> = sig
                    .params
                    .iter()
                    .map(|p| self.display(*p, interner))
                    .collect();
                if sig.variadic {
                    params.push("...".into());
                }
                if params.is_empty() && sig.prototyped {
                    params.push("void".into());
                }
                let inner = format!("{}({})", inner, params.join(", "));
                self.display_named(sig.ret, &inner, interner)
            }
        }
    }
}

/// `round_up` that says when the result would not fit.
pub fn checked_round_up(x: u64, align: u64) -> Option<u64> {
    if align <= 1 {
        Some(x)
    } else {
        x.div_ceil(align).checked_mul(align)
    }
}

pub fn round_up(x: u64, align: u64) -> u64 {
    if align <= 1 {
        x
    } else {
        x.div_ceil(align) * align
    }
}

#[cfg(test)]
mod tests;
