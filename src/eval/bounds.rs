//! Sub-object bounds at run time: the instructions that bound a pointer to an array inside
//! a larger object (`Narrow`, and `BoundIdx`'s slow path) or widen it back (`Widen`), and
//! pointer comparisons that see a bounded pointer and the plain one to the same byte as
//! equal. The bounds themselves are `mem::View`s.

use super::vm::{Machine, REG_FILE};
use crate::mem::Pointer;

impl Machine {
    /// `a == b` for pointers: equal bits, or a bounded pointer and a plain one (or two
    /// bounded ones) to the same byte — which needs a look at the memory only when both
    /// name objects and the objects differ.
    #[inline(always)]
    pub(super) fn ptr_eq(&self, a: u64, b: u64) -> bool {
        a == b
            || ((a ^ b) >> 32 != 0
                && a >> 32 != 0
                && b >> 32 != 0
                && self
                    .mem
                    .same_address(Pointer::from_bits(a), Pointer::from_bits(b)))
    }

    /// Two pointers to order or subtract: as they are when they name the same object,
    /// otherwise as plain pointers (a bounded one and a plain one into the same object).
    #[inline(always)]
    fn comparable(&self, a: u16, b: u16, bp: usize) -> (Pointer, Pointer) {
        let get = |r: u16| Pointer::from_bits(self.regs[(bp + r as usize) & (REG_FILE - 1)]);
        let (a, b) = (get(a), get(b));
        if a.slot_index() == b.slot_index() {
            (a, b)
        } else {
            (self.mem.canonical(a), self.mem.canonical(b))
        }
    }

    /// `a < b` (`or_equal`: `a <= b`) for the pointers in registers `a` and `b`.
    #[inline(always)]
    pub(super) fn ptr_before(&self, a: u16, b: u16, or_equal: bool, bp: usize) -> bool {
        let (x, y) = self.comparable(a, b, bp);
        if or_equal {
            x.order_key() <= y.order_key()
        } else {
            x.order_key() < y.order_key()
        }
    }

    /// `(a - b) / size` for the pointers in registers `a` and `b`.
    #[inline(always)]
    pub(super) fn ptr_diff(&self, a: u16, b: u16, size: u32, bp: usize) -> u64 {
        let (x, y) = self.comparable(a, b, bp);
        let diff = match (x.offset_bytes(), y.offset_bytes()) {
            (Some(ox), Some(oy)) if x.slot_index() == y.slot_index() => ox - oy,
            _ => (x.to_bits() as i64).wrapping_sub(y.to_bits() as i64),
        };
        (diff / i64::from(size.max(1))) as u64
    }

    /// `p` bounded to sub-object array `sub`.
    #[inline(never)]
    pub(super) fn narrow(&mut self, p: Pointer, sub: u32) -> u64 {
        let len = self.prog.subobject_lens.get(sub as usize).copied();
        let len = len.unwrap_or(crate::mem::TO_END);
        // Views pile up like tombstones (a loop over many structs' members); when they
        // fill the memory limit, those no pointer names are collected first. Only when
        // that frees nothing does the pointer stay plain (checked by its object).
        if self.mem.wants_collection() {
            self.collect_tombstones();
        }
        // (After a collection that freed nothing, not again until the next one.)
        let q = match self.mem.narrow(p, len, sub) {
            Some(q) => q,
            None if !self.rare.views_full => {
                self.collect_tombstones();
                let q = self.mem.narrow(p, len, sub);
                self.rare.views_full = q.is_none();
                q.unwrap_or(p)
            }
            None => p,
        };
        q.to_bits()
    }
}
