//! The memory model: the only owner of program memory.
//!
//! Every object — heap block, local whose address is taken, global, string literal, even
//! each function — is an allocation with an [`AllocId`], and a [`Pointer`] is that id and
//! an offset in one word (see `pointer.rs`). Because an id is used again only once its
//! tombstone was collected (which happens only when no pointer names it), a pointer to a
//! freed block still names that block's tombstone.
//!
//! Per allocation the model keeps the bytes, one init bit per byte (a scalar load of an
//! unwritten byte is an error; copies carry the bits), and one "holds a pointer" bit per
//! aligned 8-byte word. The pointer bits drive a reference count per heap block (from
//! memory and, through [`Memory::inc_ref`]/[`Memory::dec_ref`], from the evaluator's named
//! pointer variables): when the count drops to zero the block records where, which is how
//! a leak report says where the last pointer to a block was lost.
//!
//! Every access, copy, fill and string operation goes through one range check
//! (`Memory::range`, in `access.rs`) whose arithmetic cannot overflow.
//!
//! Invariants:
//! * slot 0 is the null allocation and is always [`Slot::Vacant`]; an id is used again only
//!   after its tombstone was collected ([`Memory::collect`]).
//! * an ended allocation (freed block or dead local) owns no bytes: it is a [`Tombstone`].
//! * `heap_live` is the sum of the sizes of the live heap allocations; `used` is the sum
//!   of the footprints (bytes, shadow, host allocator overhead) of every live allocation.
//! * `used` plus the allocation table never exceeds the memory limit: it bounds what a
//!   program's objects, of every kind, take on the host.
//! * this module imports nothing from the rest of cmem: its scalar kinds, sites and leak
//!   kinds are its own.

mod access;
mod allocation;
mod error;
pub mod leaks;
mod pointer;
mod scalar;
mod shadow;
mod view;

pub use allocation::{Allocation, Origin, Slot, Tombstone, ALLOCA_LOCAL};
pub use error::{AllocError, CopyError, MemError};
pub use pointer::{AllocId, Offset, Pointer, Size};
pub use scalar::{BitField, Scalar};
pub use view::{View, TO_END};

/// Where something happened: an index into the compiled program's site table, opaque here.
pub type Site = u32;

/// The site of something that happened outside the program's text (program loading).
pub const NO_SITE: Site = u32::MAX;

/// Limits the model enforces.
#[derive(Clone, Copy, Debug)]
pub struct MemLimits {
    /// Host bytes all program objects may take together: heap blocks, locals, globals and
    /// literals, with their shadow state and their entry in the allocation table.
    pub bytes: u64,
}

/// All program memory (`Clone`: a debugger's snapshot copies it whole).
#[derive(Clone, Debug)]
pub struct Memory {
    slots: Vec<Slot>,
    heap_live: u64,
    heap_peak: u64,
    /// The footprints of the live allocations.
    used: u64,
    /// Bytes gone over by bulk operations (copies, fills, string scans) since
    /// [`Memory::take_bulk_bytes`] last ran: the work they did, for the step budget.
    bulk: std::cell::Cell<u64>,
    limits: MemLimits,
    /// Ids of collected tombstones, to be used again (highest first, so `pop` gives the
    /// lowest).
    free_ids: Vec<u32>,
    /// Tombstones not yet collected.
    tombstones: usize,
    /// `tombstones` plus `views` count at which the machine should call
    /// [`Memory::collect`].
    collect_at: usize,
    /// The views (see `view.rs`) by parent, range and tag, and how many there are.
    view_memo: view::ViewMemo,
    views: usize,
}

/// Tombstones are collected when there are this many (or twice as many as survived the
/// last collection).
const COLLECT_MIN: usize = 1 << 18;

/// The largest single object.
pub const MAX_ALLOC: u64 = (1 << 31) - 1;

impl Memory {
    pub fn new(limits: MemLimits) -> Memory {
        Memory {
            slots: vec![Slot::Vacant],
            heap_live: 0,
            heap_peak: 0,
            used: 0,
            bulk: std::cell::Cell::new(0),
            limits,
            free_ids: Vec::new(),
            tombstones: 0,
            collect_at: COLLECT_MIN,
            view_memo: view::ViewMemo::default(),
            views: 0,
        }
    }

    /// The slot of an allocation (`None` for an id never allocated).
    pub fn slot(&self, id: AllocId) -> Option<&Slot> {
        self.slots.get(id.index()).filter(|_| id.get() != 0)
    }

    /// A live allocation.
    pub fn live(&self, id: AllocId) -> Option<&Allocation> {
        self.slot(id).and_then(Slot::live)
    }

    /// Every slot with its id, in id order (the null slot excluded).
    pub fn slots(&self) -> impl Iterator<Item = (AllocId, &Slot)> {
        self.slots
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, s)| (AllocId::from_raw(i as u32), s))
    }

    /// Number of slots, vacant ones included.
    pub fn slot_count(&self) -> usize {
        self.slots.len()
    }

    /// The host bytes the live objects take, with their bookkeeping and the table.
    pub fn footprint(&self) -> u64 {
        self.used + (self.slots.len() * std::mem::size_of::<Slot>()) as u64
    }

    pub fn heap_live_bytes(&self) -> u64 {
        self.heap_live
    }

    pub fn heap_peak_bytes(&self) -> u64 {
        self.heap_peak
    }

    /// Live heap blocks (from malloc, including `malloc(0)`), in id order.
    pub fn live_heap(&self) -> impl Iterator<Item = (AllocId, &Allocation)> {
        self.slots().filter_map(|(id, s)| match s {
            Slot::Live(a) if matches!(a.origin, Origin::Heap { .. } | Origin::ZeroSize { .. }) => {
                Some((id, a))
            }
            _ => None,
        })
    }

    /// Creates an allocation. `init`: all bytes start written (zero), as for globals and
    /// calloc; otherwise they start unwritten.
    pub fn alloc(&mut self, size: Size, origin: Origin, init: bool) -> Result<Pointer, AllocError> {
        if size.bytes() > MAX_ALLOC {
            return Err(AllocError::TooLarge { size });
        }
        let id = self.next_id()?;
        self.charge(
            size,
            allocation::footprint(size.bytes(), origin.has_bytes()),
        )?;
        let a = Allocation::new(size.bytes() as u32, origin, init);
        self.place(id, a);
        Ok(Pointer::start(AllocId::from_raw(id)))
    }

    /// Counts `n` bytes of bulk work.
    #[inline]
    fn count_bulk(&self, n: u64) {
        self.bulk.set(self.bulk.get().saturating_add(n));
    }

    /// The bytes bulk operations went over since the last call (and resets the count).
    pub fn take_bulk_bytes(&self) -> u64 {
        self.bulk.replace(0)
    }

    /// The id the next allocation gets.
    fn next_id(&self) -> Result<u32, AllocError> {
        match self.free_ids.last() {
            Some(&id) => Ok(id),
            None => u32::try_from(self.slots.len())
                .ok()
                .filter(|&i| i < pointer::MAX_IDS)
                .ok_or(AllocError::OutOfIds),
        }
    }

    /// Counts `footprint` more bytes against the memory limit, for an object of `size`.
    fn charge(&mut self, size: Size, footprint: u64) -> Result<(), AllocError> {
        if !self.fits(footprint) {
            return Err(AllocError::MemoryLimit {
                size,
                limit: self.limits.bytes,
            });
        }
        self.used += footprint;
        Ok(())
    }

    /// Whether `footprint` more bytes (and a table entry) stay within the memory limit.
    fn fits(&self, footprint: u64) -> bool {
        let table = (self.slots.capacity().max(self.slots.len() + 1) * size_of::<Slot>()) as u64;
        self.used.saturating_add(footprint).saturating_add(table) <= self.limits.bytes
    }

    /// Puts `a` in slot `id` (from [`Self::next_id`]).
    fn place(&mut self, id: u32, a: Allocation) {
        if a.origin.is_heap() {
            self.heap_live += u64::from(a.size);
            self.heap_peak = self.heap_peak.max(self.heap_live);
        }
        if (id as usize) < self.slots.len() {
            self.free_ids.pop();
            self.slots[id as usize] = Slot::Live(a);
        } else {
            self.slots.push(Slot::Live(a));
        }
    }

    /// `realloc` of live heap block `id` (the caller checked it is one) to `size` bytes,
    /// as a new block from `origin`. The block moves to a new id — the old one becomes a
    /// freed tombstone, so a stale pointer is still reported — keeping its bytes, init
    /// bits and pointers up to the smaller size. Its storage moves with it and grows
    /// geometrically, so growing a block a byte at a time takes linear time, not
    /// quadratic. A failure leaves the block as it was.
    pub fn realloc(
        &mut self,
        id: AllocId,
        size: Size,
        origin: Origin,
        site: Site,
    ) -> Result<Pointer, AllocError> {
        if size.bytes() > MAX_ALLOC {
            return Err(AllocError::TooLarge { size });
        }
        let new_id = self.next_id()?;
        let Some(Slot::Live(old)) = self.slots.get(id.index()) else {
            crate::bug!("realloc of allocation {id}, which is not live")
        };
        let (old_size, old_cap, old_fp) = (old.size, old.capacity() as u64, old.footprint());
        let tomb = Tombstone {
            size: old_size,
            origin: old.origin,
            ended_at: site,
        };
        let new = size.bytes();
        let cap = if new <= old_cap {
            old_cap
        } else {
            // Room to grow again without moving, if the limit allows it.
            let doubled = new.max(old_cap.saturating_mul(2)).min(MAX_ALLOC);
            if self.fits(allocation::footprint(doubled, true) - old_fp) {
                doubled
            } else {
                new
            }
        };
        let fp = allocation::footprint(cap, true);
        if fp > old_fp {
            self.charge(size, fp - old_fp)?;
        }
        let Slot::Live(mut a) = std::mem::replace(&mut self.slots[id.index()], Slot::Freed(tomb))
        else {
            crate::bug!("allocation {id} changed while it moved")
        };
        self.tombstones += 1;
        self.heap_live -= u64::from(old_size);
        if new < u64::from(old_size) {
            // The pointers the cut-off tail held are lost here.
            let cut: Vec<u64> = a.pointer_words().filter(|&off| off + 8 > new).collect();
            for off in cut {
                self.dec_ref(a.pointer_at(off), site);
                a.set_ptr_bit(off as usize / 8, false);
            }
            let (lo, hi) = (new as usize, old_size as usize);
            a.data[lo..hi].fill(0);
            shadow::clear_range(&mut a.shadow, lo, hi - lo);
        }
        a.size = new as u32;
        if cap as usize != a.capacity() {
            a.set_capacity(cap as usize);
        }
        a.origin = origin;
        a.refs = 0;
        a.lost_at = None;
        self.place(new_id, a);
        Ok(Pointer::start(AllocId::from_raw(new_id)))
    }

    /// Ends an allocation: a freed heap block or a dead stack object keeps only its
    /// tombstone. The pointers it held are lost at `site`.
    fn end(&mut self, id: AllocId, freed: bool, site: Site) {
        let Some(slot) = self.slots.get_mut(id.index()) else {
            crate::bug!("ending allocation {id}, which does not exist")
        };
        let Slot::Live(a) = slot else {
            crate::bug!("ending allocation {id}, which is not live")
        };
        let tomb = Tombstone {
            size: a.size,
            origin: a.origin,
            ended_at: site,
        };
        let ended = if freed {
            Slot::Freed(tomb)
        } else {
            Slot::Dead(tomb)
        };
        let Slot::Live(a) = std::mem::replace(slot, ended) else {
            crate::bug!("allocation {id} changed while it ended")
        };
        if tomb.origin.is_heap() {
            self.heap_live -= u64::from(tomb.size);
        }
        self.used -= a.footprint();
        self.tombstones += 1;
        // The pointers it held are gone (its bytes are dropped with `a`).
        if a.nptrs > 0 {
            for off in a.pointer_words() {
                self.dec_ref(a.pointer_at(off), site);
            }
        }
    }

    /// `free(p)`.
    pub fn free(&mut self, p: Pointer, site: Site) -> Result<(), MemError> {
        let p = self.canonical(p);
        if p.is_null() {
            return Ok(());
        }
        let Some(id) = p.alloc_id() else {
            return Err(MemError::InvalidFree { ptr: p });
        };
        let at_start = p.offset() == Offset::At(0);
        match self.slot(id) {
            Some(Slot::Freed(t)) if t.origin.is_heap() => Err(MemError::DoubleFree { id }),
            Some(Slot::Live(a)) => match a.origin {
                Origin::ZeroSize { .. } if at_start => Err(MemError::ZeroSizeFree { id }),
                Origin::Heap { .. } | Origin::Scratch { .. } if at_start => {
                    self.end(id, true, site);
                    Ok(())
                }
                _ => Err(MemError::InvalidFree { ptr: p }),
            },
            _ => Err(MemError::InvalidFree { ptr: p }),
        }
    }

    /// `free(p)` of the result of `malloc(0)` as C11 allows it (`--allow zero-size-free`):
    /// the zero-size block ends like any freed block.
    pub fn free_zero_size(&mut self, p: Pointer, site: Site) -> Result<(), MemError> {
        match self.free(p, site) {
            Err(MemError::ZeroSizeFree { id }) => {
                self.end(id, true, site);
                Ok(())
            }
            r => r,
        }
    }

    /// `fclose(p)`: ends the stream `p` opened (its tombstone remembers where).
    pub fn close(&mut self, p: Pointer, site: Site) -> Result<AllocId, MemError> {
        let id = self.stream(p).map_err(|e| match e {
            MemError::UseAfterClose { id } => MemError::DoubleClose { id },
            e => e,
        })?;
        self.end(id, true, site);
        Ok(id)
    }

    /// The stream `p` designates: an error for NULL, a closed stream (`use-after-close`)
    /// or anything that is not a `FILE`.
    pub fn stream(&self, p: Pointer) -> Result<AllocId, MemError> {
        if p.is_null() {
            return Err(MemError::Null { off: 0 });
        }
        let p = self.canonical(p);
        let id = p.alloc_id().ok_or(MemError::NotStream { ptr: p })?;
        match self.slot(id) {
            Some(Slot::Live(a))
                if matches!(a.origin, Origin::Stream { .. }) && p.offset() == Offset::At(0) =>
            {
                Ok(id)
            }
            Some(Slot::Freed(t)) if matches!(t.origin, Origin::Stream { .. }) => {
                Err(MemError::UseAfterClose { id })
            }
            _ => Err(MemError::NotStream { ptr: p }),
        }
    }

    /// The streams the program opened and has not closed, in the order they were opened.
    pub fn open_streams(&self) -> impl Iterator<Item = (AllocId, &Allocation)> {
        self.slots().filter_map(|(id, s)| match s {
            Slot::Live(a) if matches!(a.origin, Origin::Stream { site } if site != NO_SITE) => {
                Some((id, a))
            }
            _ => None,
        })
    }

    /// Frees a `malloc(0)` block without complaint (`realloc(p, n)` of such a block).
    pub fn release_zero_size(&mut self, p: Pointer, site: Site) -> Result<(), MemError> {
        let p = self.canonical(p);
        match p.alloc_id().map(|id| (id, self.slot(id))) {
            Some((id, Some(Slot::Live(a))))
                if matches!(a.origin, Origin::ZeroSize { .. }) && p.offset() == Offset::At(0) =>
            {
                self.end(id, true, site);
                Ok(())
            }
            _ => Err(MemError::InvalidFree { ptr: p }),
        }
    }

    /// Ends a local when its function returns (`p` points to its start).
    pub fn end_local(&mut self, p: Pointer, site: Site) {
        if let Some(id) = p.alloc_id() {
            if matches!(self.slot(id), Some(Slot::Live(a)) if matches!(a.origin, Origin::Local { .. }))
            {
                self.end(id, false, site);
            }
        }
    }

    /// A new named reference to whatever `p` points to.
    #[inline]
    pub fn inc_ref(&mut self, p: Pointer) {
        if let Some(Slot::Live(a)) = self.slots.get_mut(p.slot_index()) {
            if a.origin.is_counted() {
                a.refs += 1;
            }
        } else if p.slot_index() != 0 {
            self.view_ref(p, None);
        }
    }

    /// A named reference to whatever `p` points to disappeared at `site`.
    #[inline]
    pub fn dec_ref(&mut self, p: Pointer, site: Site) {
        if let Some(Slot::Live(a)) = self.slots.get_mut(p.slot_index()) {
            if a.origin.is_counted() && a.refs > 0 {
                a.refs -= 1;
                if a.refs == 0 {
                    a.lost_at = Some(site);
                }
            }
        } else if p.slot_index() != 0 {
            self.view_ref(p, Some(site));
        }
    }

    /// [`Memory::inc_ref`] (`lost_at` `None`) or [`Memory::dec_ref`] of a pointer to no
    /// live allocation: of a view pointer, a reference to its allocation.
    #[cold]
    #[inline(never)]
    fn view_ref(&mut self, p: Pointer, lost_at: Option<Site>) {
        let Some(v) = self.view_of(p) else {
            return;
        };
        let q = p.with_alloc(v.parent);
        match lost_at {
            None => self.inc_ref(q),
            Some(site) => self.dec_ref(q, site),
        }
    }

    /// Records that the value of a discarded expression was the last way to reach `p`.
    pub fn note_discarded(&mut self, p: Pointer, site: Site) {
        let p = self.canonical(p);
        if let Some(Slot::Live(a)) = self.slots.get_mut(p.slot_index()) {
            if a.origin.is_counted() && a.refs == 0 {
                a.lost_at = Some(site);
            }
        }
    }

    /// Whether enough tombstones piled up that [`Memory::collect`] should run.
    #[inline]
    pub fn wants_collection(&self) -> bool {
        self.tombstones + self.views >= self.collect_at
    }

    /// Collects the tombstones (freed blocks, dead locals) and views that no pointer names
    /// any more (a view names its allocation),
    /// so that a program making millions of allocations runs in bounded memory: their ids
    /// are used again. A tombstone some pointer still names — in memory (pointer words),
    /// in `roots` (the machine's registers and other pointer values) or in `keep` — stays,
    /// so every use after free or double free is still reported with its sites. (A pointer
    /// hidden in an integer is not seen: through a collected id it is reported as an
    /// invalid pointer, and once the id is used again it reaches the new block, as with
    /// ASan once a freed block has left its quarantine.)
    pub fn collect(&mut self, roots: &[Pointer], keep: &[AllocId]) {
        let n = self.slots.len();
        let mut named = vec![0u64; n.div_ceil(64)];
        let mut mark = |i: usize| {
            if let Some(w) = named.get_mut(i / 64) {
                *w |= 1 << (i % 64);
            }
        };
        for s in &self.slots {
            if let Slot::Live(a) = s {
                for off in a.pointer_words() {
                    if let Some(id) = a.pointer_at(off).alloc_id() {
                        mark(id.index());
                    }
                }
            }
        }
        // A wild pointer still names its allocation's tombstone.
        roots
            .iter()
            .filter_map(|p| p.alloc_id())
            .for_each(|id| mark(id.index()));
        keep.iter().for_each(|id| mark(id.index()));
        let is_named = |named: &[u64], i: usize| named[i / 64] >> (i % 64) & 1 != 0;
        // A named view names its allocation (views never name views).
        for i in 1..n {
            if let Slot::View(v) = &self.slots[i] {
                if is_named(&named, i) {
                    let p = v.parent.index();
                    named[p / 64] |= 1 << (p % 64);
                }
            }
        }
        let mut freed = Vec::new();
        for i in (1..n).rev() {
            if is_named(&named, i) {
                continue;
            }
            if self.slots[i].is_tombstone() {
                self.slots[i] = Slot::Vacant;
                self.tombstones -= 1;
                freed.push(i as u32);
            } else if matches!(self.slots[i], Slot::View(_)) {
                self.drop_view(i);
                freed.push(i as u32);
            }
        }
        // Keep `free_ids` sorted high to low: new ids come out lowest first.
        self.free_ids.extend(freed);
        self.free_ids.sort_unstable_by(|a, b| b.cmp(a));
        self.collect_at = COLLECT_MIN.max(2 * (self.tombstones + self.views));
    }
}

#[cfg(test)]
mod tests;
