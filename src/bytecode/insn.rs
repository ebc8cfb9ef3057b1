//! The register bytecode the checked program is compiled to.
//!
//! Every register holds 64 bits: integers sign- or zero-extended from their type's width
//! (so widening is free and comparisons need no width), `double` as its bits, `float` as
//! its `f32` bits, pointers as `mem::Ptr`. A call's arguments occupy consecutive registers
//! of the caller, and the callee's frame starts at the first of them (its parameters are
//! registers `0..n`); the result comes back in that first register.

use crate::mem::{BitField, Scalar};
use crate::sema::builtins::Builtin;

/// A register of the current frame.
pub type R = u16;

/// No register (e.g. a call without a struct return slot).
pub const NO_REG: R = R::MAX;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Insn {
    Nop,
    Const {
        d: R,
        v: u64,
    },
    Mov {
        d: R,
        s: R,
    },
    /// A move into a named pointer variable: keeps the reference counts of `mem`.
    MovPtr {
        d: R,
        s: R,
    },

    // Integer arithmetic. `I`: signed, checked for overflow. `U`: unsigned, wrapping.
    AddI32 {
        d: R,
        a: R,
        b: R,
    },
    SubI32 {
        d: R,
        a: R,
        b: R,
    },
    MulI32 {
        d: R,
        a: R,
        b: R,
    },
    DivI32 {
        d: R,
        a: R,
        b: R,
    },
    RemI32 {
        d: R,
        a: R,
        b: R,
    },
    AddI64 {
        d: R,
        a: R,
        b: R,
    },
    SubI64 {
        d: R,
        a: R,
        b: R,
    },
    MulI64 {
        d: R,
        a: R,
        b: R,
    },
    DivI64 {
        d: R,
        a: R,
        b: R,
    },
    RemI64 {
        d: R,
        a: R,
        b: R,
    },
    AddU32 {
        d: R,
        a: R,
        b: R,
    },
    SubU32 {
        d: R,
        a: R,
        b: R,
    },
    MulU32 {
        d: R,
        a: R,
        b: R,
    },
    DivU32 {
        d: R,
        a: R,
        b: R,
    },
    RemU32 {
        d: R,
        a: R,
        b: R,
    },
    AddU64 {
        d: R,
        a: R,
        b: R,
    },
    SubU64 {
        d: R,
        a: R,
        b: R,
    },
    MulU64 {
        d: R,
        a: R,
        b: R,
    },
    DivU64 {
        d: R,
        a: R,
        b: R,
    },
    RemU64 {
        d: R,
        a: R,
        b: R,
    },
    AddI32Imm {
        d: R,
        a: R,
        imm: i32,
    },
    AddI64Imm {
        d: R,
        a: R,
        imm: i32,
    },
    /// Shifts: `b` holds the (promoted) count; `signed_count` tells how to read it.
    Shl {
        d: R,
        a: R,
        b: R,
        w: Width,
    },
    Shr {
        d: R,
        a: R,
        b: R,
        w: Width,
    },
    And {
        d: R,
        a: R,
        b: R,
    },
    Or {
        d: R,
        a: R,
        b: R,
    },
    Xor {
        d: R,
        a: R,
        b: R,
    },
    NegI32 {
        d: R,
        s: R,
    },
    NegI64 {
        d: R,
        s: R,
    },
    NegU32 {
        d: R,
        s: R,
    },
    NegU64 {
        d: R,
        s: R,
    },
    /// `~` on a 64-bit or sign-extended 32-bit value.
    Not64 {
        d: R,
        s: R,
    },
    /// `~` on a zero-extended 32-bit value.
    NotU32 {
        d: R,
        s: R,
    },
    /// `d = (s == 0)`.
    LNot {
        d: R,
        s: R,
    },

    // Comparisons, producing 0 or 1. Greater-than forms swap the operands.
    Eq {
        d: R,
        a: R,
        b: R,
    },
    Ne {
        d: R,
        a: R,
        b: R,
    },
    LtS {
        d: R,
        a: R,
        b: R,
    },
    LeS {
        d: R,
        a: R,
        b: R,
    },
    LtU {
        d: R,
        a: R,
        b: R,
    },
    LeU {
        d: R,
        a: R,
        b: R,
    },
    /// Pointers: ordered by allocation, then signed offset.
    LtP {
        d: R,
        a: R,
        b: R,
    },
    LeP {
        d: R,
        a: R,
        b: R,
    },

    // Floating point.
    AddF64 {
        d: R,
        a: R,
        b: R,
    },
    SubF64 {
        d: R,
        a: R,
        b: R,
    },
    MulF64 {
        d: R,
        a: R,
        b: R,
    },
    DivF64 {
        d: R,
        a: R,
        b: R,
    },
    NegF64 {
        d: R,
        s: R,
    },
    AddF32 {
        d: R,
        a: R,
        b: R,
    },
    SubF32 {
        d: R,
        a: R,
        b: R,
    },
    MulF32 {
        d: R,
        a: R,
        b: R,
    },
    DivF32 {
        d: R,
        a: R,
        b: R,
    },
    NegF32 {
        d: R,
        s: R,
    },
    EqF64 {
        d: R,
        a: R,
        b: R,
    },
    NeF64 {
        d: R,
        a: R,
        b: R,
    },
    LtF64 {
        d: R,
        a: R,
        b: R,
    },
    LeF64 {
        d: R,
        a: R,
        b: R,
    },
    EqF32 {
        d: R,
        a: R,
        b: R,
    },
    NeF32 {
        d: R,
        a: R,
        b: R,
    },
    LtF32 {
        d: R,
        a: R,
        b: R,
    },
    LeF32 {
        d: R,
        a: R,
        b: R,
    },

    // Conversions.
    Sext8 {
        d: R,
        s: R,
    },
    Zext8 {
        d: R,
        s: R,
    },
    Sext16 {
        d: R,
        s: R,
    },
    Zext16 {
        d: R,
        s: R,
    },
    Sext32 {
        d: R,
        s: R,
    },
    Zext32 {
        d: R,
        s: R,
    },
    ToBool {
        d: R,
        s: R,
    },
    ToBoolF64 {
        d: R,
        s: R,
    },
    ToBoolF32 {
        d: R,
        s: R,
    },
    I2F64 {
        d: R,
        s: R,
    },
    U2F64 {
        d: R,
        s: R,
    },
    I2F32 {
        d: R,
        s: R,
    },
    U2F32 {
        d: R,
        s: R,
    },
    F64ToF32 {
        d: R,
        s: R,
    },
    F32ToF64 {
        d: R,
        s: R,
    },
    /// Float to integer, as x86-64 does it (out of range gives the "integer indefinite").
    F2I {
        d: R,
        s: R,
        to: Scalar,
        from32: bool,
    },

    // Wide values (`long double`, `float _Complex`, `double _Complex`: `sc` says which) are
    // in the wide register file (`xregs`), which is windowed like the registers (a frame's
    // wide register `r` is the same slot as its register `r`).
    /// `xregs[d]` = the wide constant `k` of the program.
    ConstX {
        d: R,
        k: u32,
    },
    MovX {
        d: R,
        s: R,
    },
    AddX {
        d: R,
        a: R,
        b: R,
        sc: Scalar,
    },
    SubX {
        d: R,
        a: R,
        b: R,
        sc: Scalar,
    },
    MulX {
        d: R,
        a: R,
        b: R,
        sc: Scalar,
    },
    DivX {
        d: R,
        a: R,
        b: R,
        sc: Scalar,
    },
    NegX {
        d: R,
        s: R,
        sc: Scalar,
    },
    /// Comparisons of wide registers into a register (0 or 1); `<` and `<=` only of
    /// `long double`s.
    EqX {
        d: R,
        a: R,
        b: R,
        sc: Scalar,
    },
    NeX {
        d: R,
        a: R,
        b: R,
        sc: Scalar,
    },
    LtX {
        d: R,
        a: R,
        b: R,
    },
    LeX {
        d: R,
        a: R,
        b: R,
    },
    ToBoolX {
        d: R,
        s: R,
        sc: Scalar,
    },
    /// A conversion from scalar `from` to scalar `to` where either is wide (the other is
    /// in a register).
    ConvX {
        d: R,
        s: R,
        from: Scalar,
        to: Scalar,
    },
    /// `xregs[d]` = the value of scalar `sc` at `a + off`.
    LoadX {
        d: R,
        a: R,
        off: i32,
        sc: Scalar,
    },
    StoreX {
        a: R,
        off: i32,
        s: R,
        sc: Scalar,
    },

    // Pointers.
    PtrAdd {
        d: R,
        p: R,
        i: R,
        size: u32,
    },
    PtrAddImm {
        d: R,
        p: R,
        off: i32,
    },
    PtrDiff {
        d: R,
        a: R,
        b: R,
        size: u32,
    },
    /// `d = s` bounded to the bytes of sub-object array `sub` (`Program::subobjects`,
    /// its size in `CompiledProgram::subobject_lens`), which `s` points at: the array's
    /// decay or address.
    Narrow {
        d: R,
        s: R,
        sub: u32,
    },
    /// An element access `a[i]` of sub-object array `sub` of `n` elements at `p`: `d = p`
    /// when `0 <= i < n` (the access stays inside the array, so the plain pointer does),
    /// else `p` bounded like `Narrow` (so the access reports the array).
    BoundIdx {
        d: R,
        p: R,
        i: R,
        n: u32,
        sub: u32,
    },
    /// The arguments at `args` of the printf or scanf call that follows, checked against
    /// its format (`CompiledProgram::format_checks[k]`).
    CheckFormat {
        args: R,
        k: u32,
    },
    /// `d = s` as a pointer into its whole object (a cast to a record pointer or an integer).
    Widen {
        d: R,
        s: R,
    },
    /// Pointer equality: a bounded pointer equals the plain pointer to the same byte.
    EqP {
        d: R,
        a: R,
        b: R,
    },
    NeP {
        d: R,
        a: R,
        b: R,
    },

    // Memory, all checked by the memory model.
    Load {
        d: R,
        a: R,
        off: i32,
        sc: Scalar,
    },
    Store {
        a: R,
        off: i32,
        s: R,
        sc: Scalar,
    },
    /// `d = ` the bit-field `bf` of the unit at `a + off`.
    LoadBits {
        d: R,
        a: R,
        off: i32,
        bf: BitField,
    },
    /// The bit-field `bf` of the unit at `a + off` `= s` (truncated to its width).
    StoreBits {
        a: R,
        off: i32,
        s: R,
        bf: BitField,
    },
    /// `d = *(p + i * size)`.
    LoadIdx {
        d: R,
        p: R,
        i: R,
        sc: Scalar,
        size: u16,
    },
    /// `*(p + i * size) = s`.
    StoreIdx {
        p: R,
        i: R,
        s: R,
        sc: Scalar,
        size: u16,
    },
    /// Struct copy: `size` bytes from the address in `src` to the address in `dst`.
    Copy {
        dst: R,
        src: R,
        size: u32,
    },
    /// Zero-fill (aggregate initialisation).
    Zero {
        a: R,
        size: u32,
    },
    /// The object's bytes become unwritten (its declaration is reached again).
    Uninit {
        a: R,
        size: u32,
    },
    /// Bytes of a string literal into a char array.
    InitBytes {
        a: R,
        off: u32,
        s: u32,
        n: u32,
    },

    // Control.
    Jmp {
        t: u32,
    },
    Jz {
        c: R,
        t: u32,
    },
    Jnz {
        c: R,
        t: u32,
    },
    /// A backward jump (loops, goto): counts a step.
    Loop {
        t: u32,
    },
    /// Compare-and-branch (signed / unsigned 64-bit): jump when `a < b` (or not).
    JLtS {
        a: R,
        b: R,
        t: u32,
        neg: bool,
    },
    JLeS {
        a: R,
        b: R,
        t: u32,
        neg: bool,
    },
    JEq {
        a: R,
        b: R,
        t: u32,
        neg: bool,
    },
    /// `JEq` of two pointers (see `EqP`).
    JEqP {
        a: R,
        b: R,
        t: u32,
        neg: bool,
    },
    /// Compare with a constant and branch: `a < k`, `a <= k` (signed), `a == k`.
    JLtSImm {
        a: R,
        k: i32,
        t: u32,
        neg: bool,
    },
    JLeSImm {
        a: R,
        k: i32,
        t: u32,
        neg: bool,
    },
    JEqImm {
        a: R,
        k: i32,
        t: u32,
        neg: bool,
    },
    Switch {
        c: R,
        table: u32,
    },
    /// Calls function `f`; arguments from register `args`; `ra` holds the address for a
    /// struct result (or [`NO_REG`]).
    Call {
        f: u32,
        args: R,
        nargs: u16,
        ra: R,
    },
    CallIndirect {
        p: R,
        args: R,
        nargs: u16,
        ra: R,
        sig: u32,
    },
    Builtin {
        b: Builtin,
        args: R,
        nargs: u16,
        d: R,
    },
    Ret {
        s: R,
    },
    RetVoid,
    /// Copies a struct result (address in `s`) to the caller's slot and returns.
    RetRecord {
        s: R,
        size: u32,
    },
    /// A pointer value computed and thrown away (leak tracking).
    Discard {
        s: R,
    },
    /// The start of a statement, in a program compiled for the debugger
    /// (`CompiledProgram::debug`): the machine's pause hooks decide whether to stop here.
    Stmt,
}

/// Operand width of a shift.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    I32,
    U32,
    I64,
    U64,
}

impl Width {
    pub fn bits(self) -> u32 {
        match self {
            Width::I32 | Width::U32 => 32,
            Width::I64 | Width::U64 => 64,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn instructions_stay_small() {
        assert!(
            std::mem::size_of::<super::Insn>() <= 16,
            "{}",
            std::mem::size_of::<super::Insn>()
        );
    }
}
