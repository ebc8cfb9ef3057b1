//! Sub-object bounds: views.
//!
//! A pointer derived from an array that is part of a larger object — a member array
//! (`s.name`), a row of an array of arrays (`m[1]`) — may reach only that array's bytes
//! (C11 §6.5.6p8 counts pointer arithmetic within "the array object"). Such a pointer
//! carries the id of a *view* instead of its allocation's: a [`View`] slot names the
//! allocation (the parent) and the bytes `lo..lo + len` the pointer may reach. The offset
//! half of a view pointer is the offset in the parent, so a view pointer and the plain
//! pointer to the same byte differ only in their id half, and [`Memory::canonical`] turns
//! one into the other.
//!
//! Accesses through a view fail the fast path (its slot is not `Live`) and are checked by
//! [`Memory::view_range`]: against the view, then as an access of the parent. Views are
//! memoised per (parent, range, tag), so a loop that narrows the same member again and
//! again makes one view, and collected with the tombstones when no pointer names them.
//! A view always names a live or ended allocation, never another view.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::pointer::{AllocId, Offset, Pointer, Size};
use super::{MemError, Memory, Slot};

/// The `len` of a view that reaches to the end of its allocation (a flexible array member).
pub const TO_END: u32 = u32::MAX;

/// Host bytes a view takes: its slot and its memo entry.
const VIEW_FOOTPRINT: u64 = 64;

/// The bytes of an allocation a pointer derived from a sub-object array may reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct View {
    pub parent: AllocId,
    /// The first byte.
    pub lo: u32,
    /// The number of bytes, or [`TO_END`].
    pub len: u32,
    /// What the sub-object is, for explanations (opaque here: the program's sub-object id).
    pub tag: u32,
}

impl View {
    /// One past the last byte (`u64` so that [`TO_END`] does not wrap).
    pub fn end(&self) -> u64 {
        if self.len == TO_END {
            u64::MAX
        } else {
            u64::from(self.lo) + u64::from(self.len)
        }
    }

    fn contains(&self, off: i64, size: u64) -> bool {
        off >= i64::from(self.lo)
            && (off as u64)
                .checked_add(size)
                .is_some_and(|e| e <= self.end())
    }
}

/// The memo key: parent id, range and tag.
pub(super) type ViewKey = (u32, u32, u32, u32);

/// A multiplicative hash for the memo (its keys are small integers; no hashing of
/// program-chosen strings, so no need for SipHash's resistance).
#[derive(Default)]
pub(super) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(super) type ViewMemo = HashMap<ViewKey, u32, BuildHasherDefault<KeyHasher>>;

impl Memory {
    /// `p`, narrowed to the `len` bytes (or [`TO_END`]) it points at: the pointer an array
    /// that is a sub-object decays to. A pointer already narrowed stays within its view;
    /// NULL, a wild pointer, one to no live object or before its start, comes back as it
    /// was (any access through it fails anyway). `None` when no id is left for a view or
    /// the memory limit is reached (the caller may collect and try again).
    pub fn narrow(&mut self, p: Pointer, len: u32, tag: u32) -> Option<Pointer> {
        let Offset::At(off) = p.offset() else {
            return Some(p);
        };
        let (parent, outer) = match self.slots.get(p.slot_index()) {
            Some(Slot::Live(_)) if p.slot_index() != 0 => (p.slot_index() as u32, None),
            Some(Slot::View(v)) => (v.parent.get(), Some(*v)),
            _ => return Some(p),
        };
        let Ok(lo) = u32::try_from(off) else {
            return Some(p);
        };
        let mut view = View {
            parent: AllocId::from_raw(parent),
            lo,
            len,
            tag,
        };
        if let Some(o) = outer {
            // Within the outer view: `m[5]` of a 3-row member gets no bytes at all.
            let lo = view.lo.max(o.lo);
            let end = view.end().min(o.end()).max(u64::from(lo));
            view.lo = lo;
            view.len = if end == u64::MAX {
                TO_END
            } else {
                u32::try_from(end - u64::from(lo)).unwrap_or(TO_END - 1)
            };
        }
        let key = (parent, view.lo, view.len, tag);
        if let Some(&id) = self.view_memo.get(&key) {
            return Some(p.with_alloc(AllocId::from_raw(id)));
        }
        let id = self.next_id().ok()?;
        if !self.fits(VIEW_FOOTPRINT) {
            return None;
        }
        self.used += VIEW_FOOTPRINT;
        if (id as usize) < self.slots.len() {
            self.free_ids.pop();
            self.slots[id as usize] = Slot::View(view);
        } else {
            self.slots.push(Slot::View(view));
        }
        self.view_memo.insert(key, id);
        self.views += 1;
        Some(p.with_alloc(AllocId::from_raw(id)))
    }

    /// The plain pointer to the byte `p` points at: a view pointer becomes a pointer into
    /// its allocation (what converting to an integer, comparing, freeing and the leak
    /// analysis see); any other pointer is returned as it is.
    #[inline]
    pub fn canonical(&self, p: Pointer) -> Pointer {
        match self.slots.get(p.slot_index()) {
            Some(Slot::View(v)) => p.with_alloc(v.parent),
            _ => p,
        }
    }

    /// The view `p` carries, if any.
    pub fn view_of(&self, p: Pointer) -> Option<View> {
        match self.slots.get(p.slot_index()) {
            Some(Slot::View(v)) => Some(*v),
            _ => None,
        }
    }

    /// The range check of an access through a pointer that failed the fast path: through
    /// a view, the access must stay within the view and then pass as an access of its
    /// allocation (whose errors — freed, dead — come first).
    #[cold]
    #[inline(never)]
    pub(super) fn view_range(
        &self,
        p: Pointer,
        size: Size,
        write: bool,
    ) -> Result<(usize, usize), MemError> {
        let Some(v) = self.view_of(p) else {
            return Err(self.access_error(p, size, write));
        };
        let q = p.with_alloc(v.parent);
        let Offset::At(off) = p.offset() else {
            return Err(self.access_error(q, size, write));
        };
        let live = matches!(self.slots.get(q.slot_index()), Some(Slot::Live(a)) if a.readable);
        if live && !v.contains(off, size.bytes()) {
            return Err(MemError::OutOfSubobject {
                id: v.parent,
                off,
                size,
                view: v,
            });
        }
        self.range(q, size, write)
    }

    /// Whether two pointers with different bits point at the same byte (a view pointer and
    /// a plain one, or two views of one allocation).
    #[cold]
    pub fn same_address(&self, a: Pointer, b: Pointer) -> bool {
        self.canonical(a) == self.canonical(b)
    }

    /// Removes the view in slot `idx` (no pointer names it any more).
    pub(super) fn drop_view(&mut self, idx: usize) {
        if let Slot::View(v) = std::mem::replace(&mut self.slots[idx], Slot::Vacant) {
            self.view_memo.remove(&(v.parent.get(), v.lo, v.len, v.tag));
            self.used -= VIEW_FOOTPRINT;
            self.views -= 1;
        }
    }
}
