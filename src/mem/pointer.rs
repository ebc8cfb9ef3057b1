//! Identities, addresses and sizes of the memory model as types: [`AllocId`], [`Pointer`]
//! and [`Size`] (after rustc's interpreter, which has `AllocId`, `Pointer` and `Size`).
//!
//! A pointer is one 64-bit word, `alloc id << 32 | offset`, so it fits a VM register and is
//! also the address the program sees (deterministic, and `(uintptr_t)p` round-trips). The
//! offset is a signed 32-bit number; every object is smaller than 2 GiB, so every in-bounds
//! offset fits. Pointer arithmetic is checked: a result whose offset does not fit in 32 bits
//! (say `p + 4294967296`) is *wild*: it keeps its allocation id but gets the poison bit (the
//! top bit of the word, above every id), so it names no slot, stays wild under further
//! arithmetic (which never touches the id half) and fails every access. So an offset can
//! never wrap around to land back inside its block. Ids are below 2^31.

use std::fmt;

/// The identity of an allocation: an index into the memory model's slot table. Id 0 is
/// the null allocation, which no pointer can access; [`Pointer::alloc_id`] never returns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AllocId(u32);

impl AllocId {
    /// The id with this number (a program-visible address names it; it need not exist).
    pub const fn from_raw(n: u32) -> AllocId {
        AllocId(n)
    }

    pub const fn get(self) -> u32 {
        self.0
    }

    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Display for AllocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A size or length in bytes. The range check compares sizes without arithmetic that could
/// wrap (`size <= len && off <= len - size`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Size(u64);

impl Size {
    pub const ZERO: Size = Size(0);

    pub const fn from_bytes(n: u64) -> Size {
        Size(n)
    }

    pub const fn bytes(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Size {
    /// The number of bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// The bit that marks a wild pointer (the top bit of its id half).
const POISON: u64 = 1 << 63;
const ID_MASK: u64 = 0xFFFF_FFFF_0000_0000;

/// The number of allocation ids: the id half of a pointer without its poison bit.
pub const MAX_IDS: u32 = 1 << 31;

/// A pointer: an allocation id (its provenance) and a signed offset, in one word.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Pointer(u64);

/// Where a pointer points within its allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offset {
    /// A byte offset from the start of the allocation (may be negative or past the end).
    At(i64),
    /// Pointer arithmetic moved the pointer 2 GiB or more from its allocation.
    Wild,
}

impl Pointer {
    pub const NULL: Pointer = Pointer(0);

    /// The pointer a program-visible address names (registers hold pointers as bits).
    #[inline(always)]
    pub const fn from_bits(bits: u64) -> Pointer {
        Pointer(bits)
    }

    #[inline(always)]
    pub const fn to_bits(self) -> u64 {
        self.0
    }

    /// The start of an allocation.
    #[inline]
    pub const fn start(id: AllocId) -> Pointer {
        Pointer((id.0 as u64) << 32)
    }

    /// `offset` bytes into allocation `id` (wild when the offset does not fit).
    #[inline]
    pub fn new(id: AllocId, offset: i64) -> Pointer {
        Pointer::start(id).offset_by(offset)
    }

    pub const fn is_null(self) -> bool {
        self.0 == 0
    }

    /// The allocation this pointer was derived from; `None` for NULL (and for integers
    /// near 0 used as pointers).
    #[inline(always)]
    pub const fn alloc_id(self) -> Option<AllocId> {
        match ((self.0 >> 32) as u32) & (MAX_IDS - 1) {
            0 => None,
            n => Some(AllocId(n)),
        }
    }

    /// The slot index this pointer names (0 for the null allocation; a wild pointer's is
    /// past every slot).
    #[inline(always)]
    pub const fn slot_index(self) -> usize {
        (self.0 >> 32) as usize
    }

    #[inline(always)]
    pub const fn offset(self) -> Offset {
        if self.0 & POISON != 0 {
            Offset::Wild
        } else {
            Offset::At(self.0 as u32 as i32 as i64)
        }
    }

    /// The offset as a number, when it is not wild.
    #[inline(always)]
    pub const fn offset_bytes(self) -> Option<i64> {
        match self.offset() {
            Offset::At(n) => Some(n),
            Offset::Wild => None,
        }
    }

    /// The same offset (and wildness) in allocation `id`: a view pointer and the plain
    /// pointer to the same byte differ only here.
    #[inline(always)]
    pub const fn with_alloc(self, id: AllocId) -> Pointer {
        Pointer((self.0 & (0xFFFF_FFFF | POISON)) | ((id.0 as u64) << 32))
    }

    /// The signed offset field, for the access fast path: meaningful only for a pointer
    /// that names a slot (a wild one names none).
    #[inline(always)]
    pub(super) const fn raw_offset(self) -> i64 {
        self.0 as u32 as i32 as i64
    }

    /// `self + delta` bytes, within the same allocation. A result whose offset does not
    /// fit in 32 bits is wild (and stays wild): it can only fail.
    #[inline(always)]
    pub fn offset_by(self, delta: i64) -> Pointer {
        // The true sum is within 2^31 of `delta`, so a wrapped `i64` sum is far outside
        // the `i32` range and the test below catches it too.
        let n = self.raw_offset().wrapping_add(delta);
        if n as i32 as i64 == n {
            Pointer((self.0 & ID_MASK) | u64::from(n as u32))
        } else {
            Pointer((self.0 & ID_MASK) | POISON)
        }
    }

    /// `self + index * elem` bytes (array indexing), checked the same way.
    #[inline(always)]
    pub fn offset_by_elems(self, index: i64, elem: u32) -> Pointer {
        match index.checked_mul(i64::from(elem)) {
            Some(delta) => self.offset_by(delta),
            None => Pointer((self.0 & ID_MASK) | POISON),
        }
    }

    /// The key that orders pointers into one allocation by signed offset (`<` on pointers).
    #[inline(always)]
    pub const fn order_key(self) -> u64 {
        self.0 ^ 0x8000_0000
    }
}

impl fmt::Debug for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset() {
            Offset::At(o) => write!(f, "Pointer({}{o:+})", self.slot_index()),
            Offset::Wild => write!(f, "Pointer({:?}+wild)", self.alloc_id()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_keeps_provenance_and_order() {
        let p = Pointer::new(AllocId::from_raw(7), 16);
        assert_eq!(p.alloc_id(), Some(AllocId::from_raw(7)));
        assert_eq!(p.offset(), Offset::At(16));
        let q = p.offset_by(-24);
        assert_eq!(q.alloc_id(), Some(AllocId::from_raw(7)));
        assert_eq!(q.offset(), Offset::At(-8));
        assert!(q.order_key() < p.order_key());
        assert_eq!(Pointer::NULL.alloc_id(), None);
    }

    #[test]
    fn offsets_past_two_gib_are_wild_and_stay_wild() {
        let p = Pointer::new(AllocId::from_raw(3), 0);
        let far = p.offset_by(4_294_967_296);
        assert_eq!(far.alloc_id(), Some(AllocId::from_raw(3)));
        assert_eq!(far.offset(), Offset::Wild);
        // Coming back does not make it valid again: it never wraps into the block.
        assert_eq!(far.offset_by(-4_294_967_296).offset(), Offset::Wild);
        assert_eq!(p.offset_by(i64::MIN).offset(), Offset::Wild);
        assert_eq!(p.offset_by_elems(1 << 62, 8).offset(), Offset::Wild);
        assert_eq!(p.offset_by_elems(1 << 28, 8).offset(), Offset::Wild);
        assert_eq!(p.offset_by_elems(-3, 4).offset(), Offset::At(-12));
        assert_eq!(
            p.offset_by(i64::from(i32::MAX)).offset_by(1).offset(),
            Offset::Wild
        );
        // Wild stays wild even when the arithmetic comes back by exactly 2^31 + 5.
        let wild = p.offset_by(-(1 << 31) - 1);
        assert_eq!(wild.offset_by((1 << 31) + 6).offset(), Offset::Wild);
        assert_eq!(wild.alloc_id(), Some(AllocId::from_raw(3)));
        assert_eq!(
            p.offset_by(i64::from(i32::MAX)).offset(),
            Offset::At(i64::from(i32::MAX))
        );
    }
}
