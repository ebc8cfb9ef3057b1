//! The memory model: the only owner of program memory.
//!
//! Every object — heap block, local whose address is taken, global, string literal, even
//! each function — is an allocation with an id. A pointer is `id << 32 | offset`: the id is
//! its provenance, and because an id is used again only once its tombstone was collected
//! (which happens only when no pointer names it), a pointer to a freed block still names
//! that block's tombstone. This encoding is also the address the program sees, so addresses
//! are deterministic, a pointer stored in memory keeps its provenance, and `(uintptr_t)p`
//! round-trips.
//!
//! Per allocation the model keeps the bytes, one init bit per byte (a scalar load of an
//! unwritten byte is an error; copies carry the bits), and one "holds a pointer" bit per
//! aligned 8-byte word. The pointer bits drive a reference count per heap block (from
//! memory and, through [`Memory::inc_ref`]/[`Memory::dec_ref`], from the evaluator's named
//! pointer variables): when the count drops to zero the block records where, which is how
//! a leak report says where the last pointer to a block was lost.
//!
//! Invariants:
//! * `allocs[0]` is the null allocation; an id is used again only after its tombstone was
//!   collected ([`Memory::collect`]).
//! * a dead allocation (freed block or popped stack object) owns no bytes, only its size,
//!   sites and kind (its tombstone).
//! * `nptrs` equals the number of set pointer bits of a live allocation.
//! * `refs` of a live heap block counts the pointer words and the named pointer variables
//!   that point into it.

pub mod leaks;

use crate::sema::types::Scalar;

/// A pointer value: `alloc id << 32 | offset` (offset read as `i32`).
pub type Ptr = u64;

/// Where something happened: an index into the compiled program's site table.
pub type Site = u32;
pub const NO_SITE: Site = u32::MAX;

#[inline]
pub fn ptr_id(p: Ptr) -> u32 {
    (p >> 32) as u32
}

#[inline]
pub fn ptr_off(p: Ptr) -> i64 {
    i64::from(p as u32 as i32)
}

#[inline]
pub fn make_ptr(id: u32, off: i64) -> Ptr {
    (u64::from(id) << 32) | u64::from(off as i32 as u32)
}

/// `p + delta` within the same allocation (the offset wraps at 32 bits).
#[inline]
pub fn ptr_add(p: Ptr, delta: i64) -> Ptr {
    (p & 0xFFFF_FFFF_0000_0000) | u64::from((p as u32).wrapping_add(delta as u32))
}

/// The sort key that orders pointers into one allocation by signed offset.
#[inline]
pub fn ptr_order_key(p: Ptr) -> u64 {
    p ^ 0x8000_0000
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocKind {
    Heap,
    /// The result of `malloc(0)`: may be neither dereferenced nor freed.
    ZeroSize,
    /// A local variable (or temporary) of a function's frame.
    Stack,
    Global,
    /// A string literal (read-only).
    Literal,
    Function,
    /// A `FILE` of the runtime (stdin/stdout/stderr): has no bytes.
    Stream,
    /// A library-internal heap block (qsort's scratch space).
    Scratch,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Live,
    /// A freed heap block.
    Freed,
    /// A stack object whose function returned.
    Dead,
}

/// One allocation, live or a tombstone.
#[derive(Debug)]
pub struct Alloc {
    data: Box<[u8]>,
    /// Init bits (`ceil(size/64)` words), then pointer bits (`ceil(size/512)` words).
    shadow: Box<[u64]>,
    size: u32,
    readable: bool,
    writable: bool,
    pub kind: AllocKind,
    pub state: State,
    nptrs: u32,
    /// Where it was allocated (for a local: its declaration).
    pub site: Site,
    /// Where it was freed (for a local: the function's return).
    pub end_site: Site,
    /// Named references (see the module documentation).
    pub refs: u32,
    /// Where `refs` last dropped to zero.
    pub lost_site: Site,
    /// Free-form tag: the local's index for stack objects, the global's for globals.
    pub tag: u32,
}

impl Alloc {
    /// The entry of a collected tombstone, whose id waits to be used again.
    fn vacant() -> Alloc {
        Alloc {
            data: Box::default(),
            shadow: Box::default(),
            size: 0,
            readable: false,
            writable: false,
            kind: AllocKind::Function,
            state: State::Dead,
            nptrs: 0,
            site: NO_SITE,
            end_site: NO_SITE,
            refs: 0,
            lost_site: NO_SITE,
            tag: 0,
        }
    }

    /// A collected tombstone (see [`Memory::collect`]).
    pub fn is_vacant(&self) -> bool {
        self.kind == AllocKind::Function && self.state != State::Live
    }

    pub fn size(&self) -> u64 {
        u64::from(self.size)
    }

    fn init_words(&self) -> usize {
        (self.size as usize).div_ceil(64)
    }

    pub fn is_live(&self) -> bool {
        self.state == State::Live
    }

    /// Whether byte `i` was written.
    pub fn is_init(&self, i: u64) -> bool {
        let i = i as usize;
        self.shadow
            .get(i / 64)
            .is_some_and(|w| w >> (i % 64) & 1 == 1)
    }

    /// Whether the aligned word at byte offset `off` holds a pointer.
    pub fn holds_pointer(&self, off: u64) -> bool {
        let w = off as usize / 8;
        let base = self.init_words();
        self.shadow
            .get(base + w / 64)
            .is_some_and(|x| x >> (w % 64) & 1 == 1)
    }

    pub fn bytes(&self) -> &[u8] {
        self.data.get(..self.size as usize).unwrap_or(&[])
    }

    /// Number of initialised bytes.
    pub fn init_count(&self) -> u64 {
        let n = self.size as usize;
        let words = self.shadow.get(..self.init_words()).unwrap_or(&[]);
        let mut count: u64 = words.iter().map(|w| u64::from(w.count_ones())).sum();
        // Bits past the end of the last word are never set, but be exact anyway.
        if n % 64 != 0 {
            if let Some(last) = words.last() {
                count -= u64::from((last >> (n % 64)).count_ones());
            }
        }
        count
    }

    /// Offsets of the pointer words, in order.
    pub fn pointer_words(&self) -> Vec<u64> {
        if self.nptrs == 0 {
            return Vec::new();
        }
        let mut v = Vec::with_capacity(self.nptrs as usize);
        let base = self.init_words();
        for (wi, word) in self.shadow.get(base..).unwrap_or(&[]).iter().enumerate() {
            let mut bits = *word;
            while bits != 0 {
                let b = bits.trailing_zeros() as usize;
                v.push(((wi * 64 + b) * 8) as u64);
                bits &= bits - 1;
            }
        }
        v
    }

    pub fn read_u64(&self, off: u64) -> u64 {
        let o = off as usize;
        match self.data.get(o..o + 8) {
            Some(b) => u64::from_le_bytes(b.try_into().unwrap_or([0; 8])),
            None => 0,
        }
    }
}

/// A failed [`Memory::copy`]: the error, and whether it was the destination (a write).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CopyError {
    pub err: MemError,
    pub write: bool,
}

/// Why an access or a free was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemError {
    /// Through NULL (or NULL plus a small offset).
    Null {
        off: i64,
    },
    /// Through a value that points to no object.
    Invalid {
        ptr: Ptr,
    },
    UseAfterFree {
        id: u32,
        off: i64,
        size: u64,
    },
    Dangling {
        id: u32,
        off: i64,
        size: u64,
    },
    OutOfBounds {
        id: u32,
        off: i64,
        size: u64,
    },
    ZeroSize {
        id: u32,
    },
    /// `first` is the first unwritten byte of the access `off..off+size`.
    Uninit {
        id: u32,
        off: i64,
        size: u64,
        first: u64,
    },
    ReadOnly {
        id: u32,
        off: i64,
    },
    /// A data access through a pointer to a function or a stream.
    NotData {
        id: u32,
    },
    DoubleFree {
        id: u32,
    },
    /// Free of something malloc did not return.
    InvalidFree {
        ptr: Ptr,
    },
    ZeroSizeFree {
        id: u32,
    },
}

/// Limits the model enforces.
#[derive(Clone, Copy, Debug)]
pub struct MemLimits {
    /// Total bytes of live heap blocks; malloc beyond it returns NULL.
    pub heap_bytes: u64,
}

/// All program memory.
#[derive(Debug)]
pub struct Memory {
    allocs: Vec<Alloc>,
    heap_live: u64,
    heap_peak: u64,
    pub limits: MemLimits,
    /// Count of heap allocations made (for `--fail-alloc`).
    pub heap_allocs: u64,
    /// Ids of collected tombstones, to be used again (highest first, so `pop` gives the
    /// lowest).
    free_ids: Vec<u32>,
    /// Tombstones not yet collected.
    dead: usize,
    /// `dead` count at which the machine should call [`Memory::collect`].
    collect_at: usize,
}

/// Tombstones are collected when there are this many (or twice as many as survived the
/// last collection).
const COLLECT_MIN: usize = 1 << 18;

/// The largest single object.
pub const MAX_ALLOC: u64 = (1 << 31) - 1;

impl Memory {
    pub fn new(limits: MemLimits) -> Memory {
        let null = Alloc {
            kind: AllocKind::Global,
            ..Alloc::vacant()
        };
        Memory {
            allocs: vec![null],
            heap_live: 0,
            heap_peak: 0,
            limits,
            heap_allocs: 0,
            free_ids: Vec::new(),
            dead: 0,
            collect_at: COLLECT_MIN,
        }
    }

    /// Whether enough tombstones piled up that [`Memory::collect`] should run.
    #[inline]
    pub fn wants_collection(&self) -> bool {
        self.dead >= self.collect_at
    }

    /// Collects the tombstones (freed blocks, dead locals) that no pointer names any more,
    /// so that a program making millions of allocations runs in bounded memory: their ids
    /// are used again. A tombstone some pointer still names — in memory (pointer words),
    /// in `roots` (the machine's registers and other pointer values) or in `keep_ids` —
    /// stays, so every use after free or double free is still reported with its sites.
    /// (A pointer hidden in an integer is not seen: through a collected id it is reported
    /// as an invalid pointer, and once the id is used again it reaches the new block, as
    /// with ASan once a freed block has left its quarantine.)
    pub fn collect(&mut self, roots: &[Ptr], keep_ids: &[u32]) {
        let n = self.allocs.len();
        let mut named = vec![0u64; n.div_ceil(64)];
        let mut mark = |id: usize| {
            if let Some(w) = named.get_mut(id / 64) {
                *w |= 1 << (id % 64);
            }
        };
        for a in &self.allocs {
            if a.nptrs > 0 {
                for off in a.pointer_words() {
                    mark(ptr_id(a.read_u64(off)) as usize);
                }
            }
        }
        for &p in roots {
            mark(ptr_id(p) as usize);
        }
        for &id in keep_ids {
            mark(id as usize);
        }
        let mut freed = Vec::new();
        for id in (1..n).rev() {
            let a = &self.allocs[id];
            if a.state != State::Live && !a.is_vacant() && named[id / 64] >> (id % 64) & 1 == 0 {
                self.allocs[id] = Alloc::vacant();
                freed.push(id as u32);
            }
        }
        self.dead -= freed.len();
        // Keep `free_ids` sorted high to low: new ids come out lowest first.
        self.free_ids.extend(freed);
        self.free_ids.sort_unstable_by(|a, b| b.cmp(a));
        self.collect_at = COLLECT_MIN.max(2 * self.dead);
    }

    pub fn alloc_info(&self, id: u32) -> Option<&Alloc> {
        self.allocs.get(id as usize).filter(|_| id != 0)
    }

    pub fn len(&self) -> usize {
        self.allocs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.allocs.len() <= 1
    }

    pub fn heap_live_bytes(&self) -> u64 {
        self.heap_live
    }

    pub fn heap_peak_bytes(&self) -> u64 {
        self.heap_peak
    }

    /// Live heap blocks, in allocation order.
    pub fn live_heap(&self) -> impl Iterator<Item = (u32, &Alloc)> {
        self.allocs
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                a.state == State::Live && matches!(a.kind, AllocKind::Heap | AllocKind::ZeroSize)
            })
            .map(|(i, a)| (i as u32, a))
    }

    pub(crate) fn all(&self) -> &[Alloc] {
        &self.allocs
    }

    /// Creates an allocation. `init`: all bytes start written (zero), as for globals and
    /// calloc; otherwise they start unwritten.
    pub fn alloc(&mut self, size: u64, kind: AllocKind, site: Site, init: bool) -> Option<Ptr> {
        if size > MAX_ALLOC {
            return None;
        }
        if matches!(kind, AllocKind::Heap | AllocKind::Scratch) {
            if self.heap_live.saturating_add(size) > self.limits.heap_bytes {
                return None;
            }
            self.heap_live += size;
            self.heap_peak = self.heap_peak.max(self.heap_live);
        }
        let id = match self.free_ids.last() {
            Some(&id) => id,
            None => u32::try_from(self.allocs.len())
                .ok()
                .filter(|&i| i < u32::MAX)?,
        };
        let n = size as usize;
        let iw = n.div_ceil(64);
        let pw = n.div_ceil(512);
        let mut shadow = vec![0u64; iw + pw].into_boxed_slice();
        if init {
            for (i, w) in shadow.iter_mut().take(iw).enumerate() {
                let bits = n - i * 64;
                *w = if bits >= 64 {
                    u64::MAX
                } else {
                    (1u64 << bits) - 1
                };
            }
        }
        let data_ok = !matches!(
            kind,
            AllocKind::Function | AllocKind::Stream | AllocKind::ZeroSize
        );
        let a = Alloc {
            // Padded so that a scalar access reads or writes one whole 8-byte word.
            data: if data_ok {
                vec![0u8; n + PAD].into_boxed_slice()
            } else {
                Box::default()
            },
            shadow,
            size: size as u32,
            readable: data_ok,
            writable: data_ok && kind != AllocKind::Literal,
            kind,
            state: State::Live,
            nptrs: 0,
            site,
            end_site: NO_SITE,
            refs: 0,
            lost_site: NO_SITE,
            tag: 0,
        };
        if (id as usize) < self.allocs.len() {
            self.free_ids.pop();
            self.allocs[id as usize] = a;
        } else {
            self.allocs.push(a);
        }
        Some(make_ptr(id, 0))
    }

    pub fn set_tag(&mut self, p: Ptr, tag: u32) {
        if let Some(a) = self.allocs.get_mut(ptr_id(p) as usize) {
            a.tag = tag;
        }
    }

    /// The precise error for an access that failed the fast path.
    #[cold]
    fn access_error(&self, p: Ptr, size: u64, write: bool) -> MemError {
        let id = ptr_id(p);
        let off = ptr_off(p);
        if id == 0 {
            return if (-4096..4096).contains(&off) {
                MemError::Null { off }
            } else {
                MemError::Invalid { ptr: p }
            };
        }
        let Some(a) = self.allocs.get(id as usize).filter(|a| !a.is_vacant()) else {
            return MemError::Invalid { ptr: p };
        };
        match a.state {
            State::Freed => return MemError::UseAfterFree { id, off, size },
            State::Dead => return MemError::Dangling { id, off, size },
            State::Live => {}
        }
        match a.kind {
            AllocKind::ZeroSize => return MemError::ZeroSize { id },
            AllocKind::Function | AllocKind::Stream => return MemError::NotData { id },
            _ => {}
        }
        if off < 0 || off as u64 + size > a.size() {
            return MemError::OutOfBounds { id, off, size };
        }
        if write && !a.writable {
            return MemError::ReadOnly { id, off };
        }
        MemError::Invalid { ptr: p }
    }

    /// Checks that `size` bytes at `p` may be accessed; returns the allocation and offset.
    #[inline(always)]
    fn check(&self, p: Ptr, size: u64, write: bool) -> Result<(usize, usize), MemError> {
        let id = ptr_id(p) as usize;
        let off = ptr_off(p);
        if let Some(a) = self.allocs.get(id) {
            // A dead allocation is neither readable nor writable.
            let ok = if write { a.writable } else { a.readable };
            if ok && off >= 0 && (off as u64) + size <= u64::from(a.size) {
                return Ok((id, off as usize));
            }
        }
        Err(self.access_error(p, size, write))
    }

    /// Loads a scalar (checks liveness, bounds and that every byte was written).
    #[inline(always)]
    pub fn load(&self, p: Ptr, sc: Scalar) -> Result<u64, MemError> {
        let size = sc.size();
        let id = ptr_id(p) as usize;
        let off = ptr_off(p);
        let Some(a) = self
            .allocs
            .get(id)
            .filter(|a| a.readable && off >= 0 && (off as u64) + size <= u64::from(a.size))
        else {
            return Err(self.access_error(p, size, false));
        };
        let off = off as usize;
        // Init bits of the access, in at most two shadow words.
        let n = size as usize;
        let (w, s) = (off / 64, off % 64);
        let mask = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
        let lo = a.shadow[w] >> s;
        let bits = if s + n <= 64 {
            lo & mask
        } else {
            (lo | (a.shadow[w + 1] << (64 - s))) & mask
        };
        if bits != mask {
            return Err(uninit_error(id, off, size, bits, mask));
        }
        // One 8-byte read (the data is padded), then keep `n` bytes, extended.
        let word = read_word(&a.data, off);
        let shift = 64 - 8 * n as u32;
        Ok(if sc.is_signed_int() {
            (((word << shift) as i64) >> shift) as u64
        } else {
            (word << shift) >> shift
        })
    }

    /// Stores a scalar (checks liveness, bounds and writability; sets init bits; keeps
    /// pointer bits and reference counts). `site` is where an overwritten pointer is lost.
    #[inline(always)]
    pub fn store(&mut self, p: Ptr, sc: Scalar, v: u64, site: Site) -> Result<(), MemError> {
        let size = sc.size();
        let (id, off) = self.check(p, size, true)?;
        let n = size as usize;
        // Pointer bookkeeping only when a pointer is stored or one is overwritten.
        let is_ptr = sc == Scalar::Ptr;
        if is_ptr || (self.allocs[id].nptrs > 0 && self.overwrites_pointer(id, off, n)) {
            self.store_pointer_words(id, off, n, is_ptr && off % 8 == 0, v, site);
        }
        let a = &mut self.allocs[id];
        // One 8-byte read-modify-write (the data is padded).
        let keep = if n == 8 { 0 } else { u64::MAX << (8 * n) };
        let old = read_word(&a.data, off);
        write_word(&mut a.data, off, (old & keep) | (v & !keep));
        let w = off / 64;
        let s = off % 64;
        let mask = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
        a.shadow[w] |= mask << s;
        if s + n > 64 {
            a.shadow[w + 1] |= mask >> (64 - s);
        }
        Ok(())
    }

    /// Whether a store of `n` bytes at `off` touches a word that holds a pointer.
    #[inline]
    fn overwrites_pointer(&self, id: usize, off: usize, n: usize) -> bool {
        let (first, last) = (off / 8, (off + n - 1) / 8);
        self.ptr_bit(id, first) || (last != first && self.ptr_bit(id, last))
    }

    /// Pointer-bit and reference bookkeeping for a store of `n` bytes at `off`.
    fn store_pointer_words(
        &mut self,
        id: usize,
        off: usize,
        n: usize,
        is_ptr: bool,
        v: u64,
        site: Site,
    ) {
        let first_word = off / 8;
        let last_word = (off + n - 1) / 8;
        for word in first_word..=last_word {
            if self.ptr_bit(id, word) {
                let old = self.allocs[id].read_u64(word as u64 * 8);
                self.dec_ref(old, site);
                self.set_ptr_bit(id, word, false);
            }
        }
        if is_ptr {
            self.set_ptr_bit(id, first_word, true);
            self.inc_ref(v);
        }
    }

    fn ptr_bit(&self, id: usize, word: usize) -> bool {
        let a = &self.allocs[id];
        let base = a.init_words();
        a.shadow
            .get(base + word / 64)
            .is_some_and(|x| x >> (word % 64) & 1 == 1)
    }

    fn set_ptr_bit(&mut self, id: usize, word: usize, on: bool) {
        let a = &mut self.allocs[id];
        let base = a.init_words();
        if let Some(x) = a.shadow.get_mut(base + word / 64) {
            let bit = 1u64 << (word % 64);
            let was = *x & bit != 0;
            if on && !was {
                *x |= bit;
                a.nptrs += 1;
            } else if !on && was {
                *x &= !bit;
                a.nptrs -= 1;
            }
        }
    }

    /// A new named reference to whatever `p` points to.
    #[inline]
    pub fn inc_ref(&mut self, p: Ptr) {
        if let Some(a) = self.allocs.get_mut(ptr_id(p) as usize) {
            if a.kind == AllocKind::Heap && a.state == State::Live {
                a.refs += 1;
            }
        }
    }

    /// A named reference to whatever `p` points to disappeared at `site`.
    #[inline]
    pub fn dec_ref(&mut self, p: Ptr, site: Site) {
        if let Some(a) = self.allocs.get_mut(ptr_id(p) as usize) {
            if a.kind == AllocKind::Heap && a.state == State::Live && a.refs > 0 {
                a.refs -= 1;
                if a.refs == 0 {
                    a.lost_site = site;
                }
            }
        }
    }

    /// Records that the value of a discarded expression was the last way to reach `p`.
    pub fn note_discarded(&mut self, p: Ptr, site: Site) {
        if let Some(a) = self.allocs.get_mut(ptr_id(p) as usize) {
            if a.kind == AllocKind::Heap && a.state == State::Live && a.refs == 0 {
                a.lost_site = site;
            }
        }
    }

    /// Ends an allocation: a freed heap block or a dead stack object keeps only its tombstone.
    /// The pointers it held are lost at `site`.
    fn kill(&mut self, id: usize, state: State, site: Site) {
        if self.allocs[id].nptrs > 0 {
            let base = self.allocs[id].init_words();
            for wi in 0..self.allocs[id].shadow.len() - base {
                let mut bits = self.allocs[id].shadow[base + wi];
                while bits != 0 {
                    let b = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    let target = self.allocs[id].read_u64(((wi * 64 + b) * 8) as u64);
                    self.dec_ref(target, site);
                }
            }
        }
        let a = &mut self.allocs[id];
        if matches!(a.kind, AllocKind::Heap | AllocKind::Scratch) {
            self.heap_live -= a.size();
        }
        a.state = state;
        a.end_site = site;
        self.dead += 1;
        a.readable = false;
        a.writable = false;
        a.nptrs = 0;
        a.data = Box::default();
        a.shadow = Box::default();
    }

    /// `free(p)`.
    pub fn free(&mut self, p: Ptr, site: Site) -> Result<(), MemError> {
        if p == 0 {
            return Ok(());
        }
        let id = ptr_id(p);
        let off = ptr_off(p);
        let Some(a) = self.allocs.get(id as usize).filter(|_| id != 0) else {
            return Err(MemError::InvalidFree { ptr: p });
        };
        match (a.kind, a.state) {
            (AllocKind::Heap | AllocKind::Scratch, State::Freed) => {
                return Err(MemError::DoubleFree { id })
            }
            (AllocKind::ZeroSize, State::Live) if off == 0 => {
                return Err(MemError::ZeroSizeFree { id })
            }
            (AllocKind::ZeroSize, State::Freed) => return Err(MemError::DoubleFree { id }),
            (AllocKind::Heap | AllocKind::Scratch, State::Live) if off == 0 => {}
            _ => return Err(MemError::InvalidFree { ptr: p }),
        }
        self.kill(id as usize, State::Freed, site);
        Ok(())
    }

    /// Frees a zero-size block without complaint (`realloc(p, n)` on a `malloc(0)` result).
    pub fn release_zero_size(&mut self, p: Ptr, site: Site) {
        let id = ptr_id(p) as usize;
        if self
            .allocs
            .get(id)
            .is_some_and(|a| a.kind == AllocKind::ZeroSize && a.is_live())
        {
            self.kill(id, State::Freed, site);
        }
    }

    /// Ends a stack object when its function returns.
    pub fn kill_stack(&mut self, p: Ptr, site: Site) {
        let id = ptr_id(p) as usize;
        if self.allocs.get(id).is_some_and(|a| a.is_live()) {
            self.kill(id, State::Dead, site);
        }
    }

    /// Checks that `n` bytes at `p` may be read (no init check) or written.
    pub fn check_range(&self, p: Ptr, n: u64, write: bool) -> Result<(), MemError> {
        if n == 0 {
            // A zero-length access still needs a valid pointer (not NULL, not freed).
            return match self.check(p, 0, write) {
                Ok(_) => Ok(()),
                Err(MemError::OutOfBounds { .. }) => Ok(()),
                Err(e) => Err(e),
            };
        }
        self.check(p, n, write).map(|_| ())
    }

    /// The first unwritten byte of `n` bytes at `p` (which must be in bounds).
    pub fn first_uninit(&self, p: Ptr, n: u64) -> Option<u64> {
        let a = self.allocs.get(ptr_id(p) as usize)?;
        let off = ptr_off(p).max(0) as u64;
        (off..off + n).find(|&i| !a.is_init(i))
    }

    /// Reads one byte that must be written (for the string functions).
    pub fn read_byte(&self, p: Ptr) -> Result<u8, MemError> {
        self.load(p, Scalar::U8).map(|v| v as u8)
    }

    /// Reads `n` bytes that must all be written.
    pub fn read_init_bytes(&self, p: Ptr, n: u64) -> Result<Vec<u8>, MemError> {
        if n == 0 {
            self.check_range(p, 0, false)?;
            return Ok(Vec::new());
        }
        let (id, off) = self.check(p, n, false)?;
        let a = &self.allocs[id];
        if let Some(first) = (off as u64..off as u64 + n).find(|&i| !a.is_init(i)) {
            return Err(MemError::Uninit {
                id: id as u32,
                off: off as i64,
                size: n,
                first,
            });
        }
        Ok(a.data[off..off + n as usize].to_vec())
    }

    /// Writes bytes (not pointers).
    pub fn write_bytes(&mut self, p: Ptr, bytes: &[u8], site: Site) -> Result<(), MemError> {
        let n = bytes.len();
        if n == 0 {
            return self.check_range(p, 0, true);
        }
        let (id, off) = self.check(p, n as u64, true)?;
        if self.allocs[id].nptrs > 0 {
            self.store_pointer_words(id, off, n, false, 0, site);
        }
        let a = &mut self.allocs[id];
        a.data[off..off + n].copy_from_slice(bytes);
        set_init_range(&mut a.shadow, off, n);
        Ok(())
    }

    /// Marks `n` bytes at `p` unwritten (a block-scope object's lifetime starts again).
    pub fn mark_uninit(&mut self, p: Ptr, n: u64, site: Site) -> Result<(), MemError> {
        if n == 0 {
            return Ok(());
        }
        let (id, off) = self.check(p, n, true)?;
        if self.allocs[id].nptrs > 0 {
            self.store_pointer_words(id, off, n as usize, false, 0, site);
        }
        let a = &mut self.allocs[id];
        for i in off..off + n as usize {
            a.shadow[i / 64] &= !(1u64 << (i % 64));
        }
        Ok(())
    }

    /// Copies `n` bytes with their init bits and pointer provenance (memcpy, memmove,
    /// struct assignment, realloc). Both ranges must be valid (the source is checked
    /// first); overlap is allowed.
    pub fn copy(&mut self, dst: Ptr, src: Ptr, n: u64, site: Site) -> Result<(), CopyError> {
        let read = |err| CopyError { err, write: false };
        let write = |err| CopyError { err, write: true };
        if n == 0 {
            self.check_range(src, 0, false).map_err(read)?;
            return self.check_range(dst, 0, true).map_err(write);
        }
        let (sid, soff) = self.check(src, n, false).map_err(read)?;
        let (did, doff) = self.check(dst, n, true).map_err(write)?;
        let n = n as usize;
        if sid == did {
            self.copy_within(sid, soff, doff, n, site);
            return Ok(());
        }
        // Pointers the destination held there are overwritten.
        if self.allocs[did].nptrs > 0 {
            self.store_pointer_words(did, doff, n, false, 0, site);
        }
        {
            let (s, d) = if sid < did {
                let (lo, hi) = self.allocs.split_at_mut(did);
                (&lo[sid], &mut hi[0])
            } else {
                let (lo, hi) = self.allocs.split_at_mut(sid);
                (&hi[0], &mut lo[did])
            };
            d.data[doff..doff + n].copy_from_slice(&s.data[soff..soff + n]);
            // Init bits, 64 at a time.
            let mut i = 0;
            while i < n {
                let len = (n - i).min(64);
                let bits = get_bits(&s.shadow, soff + i, len);
                set_bits(&mut d.shadow, doff + i, len, bits);
                i += len;
            }
        }
        // Provenance: whole pointer words copied at the same alignment stay pointers.
        if soff % 8 == doff % 8 && self.allocs[sid].nptrs > 0 {
            for w in soff.div_ceil(8)..(soff + n) / 8 {
                if self.ptr_bit(sid, w) {
                    let dw = (doff + (w * 8 - soff)) / 8;
                    self.set_ptr_bit(did, dw, true);
                    let v = self.allocs[did].read_u64(dw as u64 * 8);
                    self.inc_ref(v);
                }
            }
        }
        Ok(())
    }

    /// `copy` inside one allocation (the ranges may overlap: memmove).
    fn copy_within(&mut self, id: usize, soff: usize, doff: usize, n: usize, site: Site) {
        // Pointer words of the source, read before the destination's are cleared (rare:
        // only blocks holding pointers).
        let src_ptrs: Vec<usize> = if soff % 8 == doff % 8 && self.allocs[id].nptrs > 0 {
            (soff.div_ceil(8)..(soff + n) / 8)
                .filter(|&w| self.ptr_bit(id, w))
                .map(|w| w * 8)
                .collect()
        } else {
            Vec::new()
        };
        if self.allocs[id].nptrs > 0 {
            self.store_pointer_words(id, doff, n, false, 0, site);
        }
        let a = &mut self.allocs[id];
        a.data.copy_within(soff..soff + n, doff);
        // Init bits, 64 at a time, in the direction that reads every source chunk before
        // a destination chunk overwrites it.
        let chunks = n.div_ceil(64);
        for k in 0..chunks {
            let k = if doff <= soff { k } else { chunks - 1 - k };
            let i = k * 64;
            let len = (n - i).min(64);
            let bits = get_bits(&a.shadow, soff + i, len);
            set_bits(&mut a.shadow, doff + i, len, bits);
        }
        for so in src_ptrs {
            let d = doff + (so - soff);
            let v = self.allocs[id].read_u64(d as u64);
            self.set_ptr_bit(id, d / 8, true);
            self.inc_ref(v);
        }
    }

    /// Fills `n` bytes with `byte` (memset, zero-initialisation).
    pub fn fill(&mut self, p: Ptr, byte: u8, n: u64, site: Site) -> Result<(), MemError> {
        if n == 0 {
            return self.check_range(p, 0, true);
        }
        let (id, off) = self.check(p, n, true)?;
        let n = n as usize;
        if self.allocs[id].nptrs > 0 {
            self.store_pointer_words(id, off, n, false, 0, site);
        }
        let a = &mut self.allocs[id];
        a.data[off..off + n].fill(byte);
        set_init_range(&mut a.shadow, off, n);
        Ok(())
    }

    /// Writes a pointer word during program loading (relocations of static data).
    pub fn init_pointer(&mut self, p: Ptr, target: Ptr) {
        let _ = self.store(p, Scalar::Ptr, target, NO_SITE);
    }

    /// Offsets of the string bytes starting at `p` up to (not including) the NUL,
    /// checking every byte is readable and written. `limit` bounds the search.
    pub fn c_string_len(&self, p: Ptr, limit: u64) -> Result<u64, MemError> {
        let (id, off) = self.check(p, 1, false)?;
        let a = &self.allocs[id];
        let mut i = off as u64;
        let end = a.size();
        let mut n = 0u64;
        loop {
            if n >= limit {
                return Ok(n);
            }
            if i >= end {
                return Err(MemError::OutOfBounds {
                    id: id as u32,
                    off: i as i64,
                    size: 1,
                });
            }
            if !a.is_init(i) {
                return Err(MemError::Uninit {
                    id: id as u32,
                    off: i as i64,
                    size: 1,
                    first: i,
                });
            }
            if a.data[i as usize] == 0 {
                return Ok(n);
            }
            i += 1;
            n += 1;
        }
    }

    /// Marks a global's or literal's bytes as written and fills them (program loading).
    pub fn load_static(&mut self, p: Ptr, bytes: &[u8]) {
        let id = ptr_id(p) as usize;
        if let Some(a) = self.allocs.get_mut(id) {
            let n = bytes.len().min(a.size as usize);
            a.data[..n].copy_from_slice(&bytes[..n]);
            let size = a.size as usize;
            set_init_range(&mut a.shadow, 0, size);
        }
    }
}

/// Bytes after the end of each allocation's data, so a scalar access is one word access.
const PAD: usize = 8;

#[inline(always)]
fn read_word(data: &[u8], off: usize) -> u64 {
    match data.get(off..off + 8) {
        Some(b) => u64::from_le_bytes(b.try_into().unwrap_or([0; 8])),
        None => 0,
    }
}

#[inline(always)]
fn write_word(data: &mut [u8], off: usize, v: u64) {
    if let Some(b) = data.get_mut(off..off + 8) {
        b.copy_from_slice(&v.to_le_bytes());
    }
}

#[cold]
fn uninit_error(id: usize, off: usize, size: u64, bits: u64, mask: u64) -> MemError {
    MemError::Uninit {
        id: id as u32,
        off: off as i64,
        size,
        first: off as u64 + u64::from((!bits & mask).trailing_zeros()),
    }
}

/// `len` (1..=64) bits of a bit set starting at bit `start`.
fn get_bits(words: &[u64], start: usize, len: usize) -> u64 {
    let (w, s) = (start / 64, start % 64);
    let lo = words[w] >> s;
    let v = if s + len > 64 {
        lo | (words[w + 1] << (64 - s))
    } else {
        lo
    };
    if len == 64 {
        v
    } else {
        v & ((1u64 << len) - 1)
    }
}

/// Sets `len` (1..=64) bits of a bit set starting at bit `start` to `v`.
fn set_bits(words: &mut [u64], start: usize, len: usize, v: u64) {
    let (w, s) = (start / 64, start % 64);
    let mask = if len == 64 {
        u64::MAX
    } else {
        (1u64 << len) - 1
    };
    let v = v & mask;
    words[w] = (words[w] & !(mask << s)) | (v << s);
    if s + len > 64 {
        let hi = s + len - 64;
        let hmask = (1u64 << hi) - 1;
        words[w + 1] = (words[w + 1] & !hmask) | (v >> (64 - s));
    }
}

fn set_init_range(shadow: &mut [u64], off: usize, n: usize) {
    let mut i = off;
    let end = off + n;
    while i < end {
        if i % 64 == 0 && end - i >= 64 {
            shadow[i / 64] = u64::MAX;
            i += 64;
        } else {
            shadow[i / 64] |= 1u64 << (i % 64);
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mem() -> Memory {
        Memory::new(MemLimits {
            heap_bytes: 1 << 30,
        })
    }

    #[test]
    fn pointer_encoding_keeps_provenance_through_arithmetic() {
        let p = make_ptr(7, 16);
        assert_eq!(ptr_id(p), 7);
        assert_eq!(ptr_off(p), 16);
        let q = ptr_add(p, -24);
        assert_eq!(ptr_id(q), 7);
        assert_eq!(ptr_off(q), -8);
        assert!(ptr_order_key(q) < ptr_order_key(p));
    }

    #[test]
    fn malloc_bytes_start_unwritten_and_loads_check_them() {
        let mut m = mem();
        let p = m.alloc(8, AllocKind::Heap, 0, false).unwrap();
        assert!(matches!(
            m.load(p, Scalar::I32),
            Err(MemError::Uninit { first: 0, .. })
        ));
        m.store(p, Scalar::I32, 42, 0).unwrap();
        assert_eq!(m.load(p, Scalar::I32), Ok(42));
        // Bytes 4..8 are still unwritten: a load spanning them reports the first one.
        assert!(matches!(
            m.load(ptr_add(p, 2), Scalar::I32),
            Err(MemError::Uninit { first: 4, .. })
        ));
        // A straddling store over a 64-bit shadow boundary.
        let q = m.alloc(80, AllocKind::Heap, 0, false).unwrap();
        m.store(ptr_add(q, 60), Scalar::I64, u64::MAX, 0).unwrap();
        assert_eq!(m.load(ptr_add(q, 60), Scalar::I64), Ok(u64::MAX));
        assert!(m.alloc_info(ptr_id(q)).unwrap().is_init(67));
        assert!(!m.alloc_info(ptr_id(q)).unwrap().is_init(68));
    }

    #[test]
    fn sign_and_zero_extension() {
        let mut m = mem();
        let p = m.alloc(8, AllocKind::Heap, 0, true).unwrap();
        m.store(p, Scalar::I8, (-3i64) as u64, 0).unwrap();
        assert_eq!(m.load(p, Scalar::I8), Ok((-3i64) as u64));
        assert_eq!(m.load(p, Scalar::U8), Ok(253));
    }

    #[test]
    fn out_of_bounds_null_and_invalid() {
        let mut m = mem();
        let p = m.alloc(16, AllocKind::Heap, 0, false).unwrap();
        assert_eq!(
            m.store(ptr_add(p, 16), Scalar::I32, 1, 0),
            Err(MemError::OutOfBounds {
                id: ptr_id(p),
                off: 16,
                size: 4
            })
        );
        assert_eq!(
            m.load(ptr_add(p, -4), Scalar::I32),
            Err(MemError::OutOfBounds {
                id: ptr_id(p),
                off: -4,
                size: 4
            })
        );
        assert_eq!(m.load(8, Scalar::I64), Err(MemError::Null { off: 8 }));
        assert!(matches!(
            m.load(make_ptr(999, 0), Scalar::I64),
            Err(MemError::Invalid { .. })
        ));
    }

    #[test]
    fn free_rules() {
        let mut m = mem();
        let p = m.alloc(4, AllocKind::Heap, 0, false).unwrap();
        assert_eq!(
            m.free(ptr_add(p, 1), 1),
            Err(MemError::InvalidFree { ptr: ptr_add(p, 1) })
        );
        m.free(p, 1).unwrap();
        assert_eq!(m.free(p, 2), Err(MemError::DoubleFree { id: ptr_id(p) }));
        assert!(matches!(
            m.load(p, Scalar::U8),
            Err(MemError::UseAfterFree { .. })
        ));
        assert_eq!(m.alloc_info(ptr_id(p)).unwrap().end_site, 1);
        let z = m.alloc(0, AllocKind::ZeroSize, 0, false).unwrap();
        assert_eq!(
            m.load(z, Scalar::U8),
            Err(MemError::ZeroSize { id: ptr_id(z) })
        );
        assert_eq!(m.free(z, 0), Err(MemError::ZeroSizeFree { id: ptr_id(z) }));
        let g = m.alloc(4, AllocKind::Global, 0, true).unwrap();
        assert_eq!(m.free(g, 0), Err(MemError::InvalidFree { ptr: g }));
        assert_eq!(m.free(0, 0), Ok(()));
    }

    #[test]
    fn dead_stack_objects_are_dangling() {
        let mut m = mem();
        let p = m.alloc(4, AllocKind::Stack, 0, false).unwrap();
        m.kill_stack(p, 9);
        assert!(matches!(
            m.load(p, Scalar::I32),
            Err(MemError::Dangling { .. })
        ));
    }

    #[test]
    fn literals_are_read_only() {
        let mut m = mem();
        let p = m.alloc(4, AllocKind::Literal, 0, true).unwrap();
        assert!(matches!(
            m.store(p, Scalar::U8, 1, 0),
            Err(MemError::ReadOnly { .. })
        ));
    }

    #[test]
    fn copy_carries_init_bits_and_pointers() {
        let mut m = mem();
        let target = m.alloc(4, AllocKind::Heap, 0, false).unwrap();
        let a = m.alloc(16, AllocKind::Heap, 0, false).unwrap();
        let b = m.alloc(16, AllocKind::Heap, 0, false).unwrap();
        m.store(a, Scalar::Ptr, target, 0).unwrap();
        assert_eq!(m.alloc_info(ptr_id(target)).unwrap().refs, 1);
        m.copy(b, a, 16, 0).unwrap();
        assert_eq!(m.alloc_info(ptr_id(target)).unwrap().refs, 2);
        assert!(m.alloc_info(ptr_id(b)).unwrap().holds_pointer(0));
        assert!(!m.alloc_info(ptr_id(b)).unwrap().is_init(8));
        assert_eq!(m.load(b, Scalar::Ptr), Ok(target));
        // Overwriting the pointer with an integer drops the reference, at that site.
        m.store(b, Scalar::I64, 0, 77).unwrap();
        m.free(a, 78).unwrap();
        let t = m.alloc_info(ptr_id(target)).unwrap();
        assert_eq!(t.refs, 0);
        assert_eq!(t.lost_site, 78);
    }

    #[test]
    fn heap_limit_makes_malloc_fail() {
        let mut m = Memory::new(MemLimits { heap_bytes: 100 });
        assert!(m.alloc(60, AllocKind::Heap, 0, false).is_some());
        assert!(m.alloc(60, AllocKind::Heap, 0, false).is_none());
    }

    #[test]
    fn c_strings() {
        let mut m = mem();
        let p = m.alloc(4, AllocKind::Heap, 0, false).unwrap();
        m.write_bytes(p, b"ab\0", 0).unwrap();
        assert_eq!(m.c_string_len(p, u64::MAX), Ok(2));
        m.write_bytes(p, b"abcd", 0).unwrap();
        assert!(matches!(
            m.c_string_len(p, u64::MAX),
            Err(MemError::OutOfBounds { off: 4, .. })
        ));
    }

    #[test]
    fn scalar_loads_extend_and_stores_keep_neighbours() {
        let mut m = mem();
        let p = m.alloc(9, AllocKind::Heap, 0, false).unwrap();
        m.fill(p, 0xAB, 9, 0).unwrap();
        m.store(ptr_add(p, 1), Scalar::I16, (-2i64) as u64, 0)
            .unwrap();
        assert_eq!(m.load(ptr_add(p, 1), Scalar::I16), Ok((-2i64) as u64));
        assert_eq!(m.load(ptr_add(p, 1), Scalar::U16), Ok(0xFFFE));
        assert_eq!(m.load(p, Scalar::U8), Ok(0xAB));
        assert_eq!(m.load(ptr_add(p, 3), Scalar::I8), Ok((-0x55i64) as u64));
        // The last byte of the block, read and written alone.
        m.store(ptr_add(p, 8), Scalar::U8, 0x1FF, 0).unwrap();
        assert_eq!(m.load(ptr_add(p, 8), Scalar::U8), Ok(0xFF));
        assert_eq!(m.load(ptr_add(p, 4), Scalar::U32), Ok(0xABAB_ABAB));
        assert!(matches!(
            m.load(ptr_add(p, 6), Scalar::U32),
            Err(MemError::OutOfBounds { .. })
        ));
        assert_eq!(m.alloc_info(ptr_id(p)).unwrap().bytes().len(), 9);
    }

    /// Copies between and within blocks at every alignment carry bytes and init bits
    /// exactly as a byte-by-byte model says.
    #[test]
    fn copies_carry_init_bits_at_any_alignment() {
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for round in 0..1200 {
            let mut m = mem();
            let (sn, dn) = (1 + next() % 200, 1 + next() % 200);
            let src = m.alloc(sn as u64, AllocKind::Heap, 0, false).unwrap();
            let dst = m.alloc(dn as u64, AllocKind::Heap, 0, false).unwrap();
            let mut model_s: Vec<Option<u8>> = vec![None; sn];
            let mut model_d: Vec<Option<u8>> = vec![None; dn];
            for (i, slot) in model_s.iter_mut().enumerate() {
                if next() % 3 != 0 {
                    let b = next() as u8;
                    m.store(ptr_add(src, i as i64), Scalar::U8, u64::from(b), 0)
                        .unwrap();
                    *slot = Some(b);
                }
            }
            for (i, slot) in model_d.iter_mut().enumerate() {
                if next() % 2 == 0 {
                    m.store(ptr_add(dst, i as i64), Scalar::U8, 0x5A, 0)
                        .unwrap();
                    *slot = Some(0x5A);
                }
            }
            let n = 1 + next() % sn.min(dn);
            let (so, d_off) = (next() % (sn - n + 1), next() % (dn - n + 1));
            // Every other round copies within the source block (memmove, overlapping).
            let moved: Vec<Option<u8>> = model_s[so..so + n].to_vec();
            let (to, at, model_to) = if round % 2 == 0 {
                (src, next() % (sn - n + 1), &mut model_s)
            } else {
                (dst, d_off, &mut model_d)
            };
            m.copy(ptr_add(to, at as i64), ptr_add(src, so as i64), n as u64, 0)
                .unwrap();
            model_to[at..at + n].copy_from_slice(&moved);
            for (p, model) in [(src, &model_s), (dst, &model_d)] {
                let a = m.alloc_info(ptr_id(p)).unwrap();
                for (i, want) in model.iter().enumerate() {
                    assert_eq!(
                        a.is_init(i as u64),
                        want.is_some(),
                        "round {round} byte {i}"
                    );
                    if let Some(b) = want {
                        assert_eq!(a.bytes()[i], *b, "round {round} byte {i}");
                    }
                }
            }
        }
    }
}
