//! One slot of the allocation table: a live [`Allocation`] (bytes, init bits, pointer
//! bits), a [`Tombstone`] of a freed block or a dead local, or vacant.

use super::pointer::Size;
use super::shadow;
use super::Site;

/// What an allocation is, and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A block from `malloc`, `calloc` or `realloc`, allocated at `site`.
    Heap { site: Site },
    /// The result of `malloc(0)`: it must not be dereferenced (and, by the course's rule
    /// that `zero-size-free` reports, not freed).
    ZeroSize { site: Site },
    /// A library-internal heap block (qsort's scratch space), allocated at `site`.
    Scratch { site: Site },
    /// Local `local` of a function's frame, declared at `decl` (or, with `local` equal to
    /// [`ALLOCA_LOCAL`], a block from `alloca` called at `decl`).
    Local { decl: Site, local: u32 },
    /// Global (or static) `global`, declared at `decl`.
    Global { decl: Site, global: u32 },
    /// The bytes of string literal `string` (read-only).
    Literal { string: u32 },
    /// `argv` or one of its strings.
    Argv,
    /// A function: its address only, no bytes.
    Function,
    /// A `FILE`: no bytes. `site` is the `fopen` (or `tmpfile`) that opened it, or
    /// [`super::NO_SITE`] for stdin, stdout and stderr. `fclose` ends it like `free`.
    Stream { site: Site },
}

impl Origin {
    /// A block of the heap or an opened stream: whose references are counted, to tell
    /// where the last one was lost.
    #[inline]
    pub fn is_counted(self) -> bool {
        matches!(self, Origin::Heap { .. } | Origin::Stream { .. })
    }

    /// A block of the heap (what `free` takes and the leak analysis looks at).
    pub fn is_heap(self) -> bool {
        matches!(
            self,
            Origin::Heap { .. } | Origin::ZeroSize { .. } | Origin::Scratch { .. }
        )
    }

    /// Where it was allocated or declared, when that is a place in the program.
    pub fn site(self) -> Option<Site> {
        match self {
            Origin::Heap { site } | Origin::ZeroSize { site } | Origin::Scratch { site } => {
                Some(site)
            }
            Origin::Local { decl, .. } | Origin::Global { decl, .. } => Some(decl),
            Origin::Stream { site } if site != super::NO_SITE => Some(site),
            _ => None,
        }
    }

    pub(super) fn has_bytes(self) -> bool {
        !matches!(
            self,
            Origin::Function | Origin::Stream { .. } | Origin::ZeroSize { .. }
        )
    }
}

/// The `local` of an `alloca` block's [`Origin::Local`]: no local of the function.
pub const ALLOCA_LOCAL: u32 = u32::MAX;

/// Bytes after the end of each allocation's data, so a scalar access is one word access.
pub(super) const PAD: usize = 8;

/// Shadow words for `n` bytes: init bits, then pointer bits.
fn shadow_words(n: usize) -> usize {
    n.div_ceil(64) + n.div_ceil(512)
}

/// Host memory of an allocation whose storage holds `cap` bytes: the bytes and padding,
/// the shadow, and what the host allocator keeps for each of the two buffers.
pub(super) fn footprint(cap: u64, readable: bool) -> u64 {
    let data = if readable { cap + PAD as u64 } else { 0 };
    data.next_multiple_of(16) + (8 * shadow_words(cap as usize) as u64).next_multiple_of(16) + 32
}

/// A live allocation.
///
/// Its storage has a capacity: the bytes it can hold without moving. It is the size,
/// except for a block that `realloc` made grow (see [`Allocation::resize`]). Invariant:
/// the bytes past the size are zero and their init and pointer bits are clear.
#[derive(Clone, Debug)]
pub struct Allocation {
    /// The bytes (capacity many), then [`PAD`] bytes no access reaches.
    pub(super) data: Box<[u8]>,
    /// Init bits (`ceil(capacity/64)` words), then pointer bits (`ceil(capacity/512)`
    /// words).
    pub(super) shadow: Box<[u64]>,
    pub(super) size: u32,
    // Invariant: `readable` iff the origin has bytes; `writable` iff readable and not a
    // literal. Kept as fields so the access fast path reads no enum.
    pub(super) readable: bool,
    pub(super) writable: bool,
    pub(super) origin: Origin,
    // Invariant: the number of set pointer bits.
    pub(super) nptrs: u32,
    /// Pointer words in memory and named pointer variables that point into this block
    /// (heap blocks only).
    pub(super) refs: u32,
    /// Where `refs` last dropped to zero.
    pub(super) lost_at: Option<Site>,
    /// Bytes partly written by bit-field stores: byte offset → the bits written. Only for
    /// bytes whose init bit is clear (a set init bit means every bit is written); `None`
    /// until a bit-field store leaves a byte partly written. (Boxed: 8 bytes in every
    /// allocation rather than a map's 24, for what few allocations need.)
    #[allow(clippy::box_collection)]
    pub(super) partial: Option<Box<std::collections::BTreeMap<u32, u8>>>,
}

impl Allocation {
    /// A new allocation of `size` (at most [`super::MAX_ALLOC`]) bytes; `init`: they start
    /// written (zero).
    pub(super) fn new(size: u32, origin: Origin, init: bool) -> Allocation {
        let n = size as usize;
        let mut shadow = vec![0u64; shadow_words(n)].into_boxed_slice();
        if init {
            shadow::set_range(&mut shadow, 0, n);
        }
        let readable = origin.has_bytes();
        debug_assert!(
            readable || size == 0,
            "an allocation without bytes has size 0"
        );
        Allocation {
            data: if readable {
                vec![0u8; n + PAD].into_boxed_slice()
            } else {
                Box::default()
            },
            shadow,
            size,
            readable,
            writable: readable && !matches!(origin, Origin::Literal { .. }),
            origin,
            nptrs: 0,
            refs: 0,
            lost_at: None,
            partial: None,
        }
    }

    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// Forgets the partly written bytes in `off..off + n` (they were overwritten).
    pub(super) fn clear_partial(&mut self, off: usize, n: usize) {
        if let Some(p) = &mut self.partial {
            let end = (off + n) as u32;
            let keys: Vec<u32> = p.range(off as u32..end).map(|(&k, _)| k).collect();
            for k in keys {
                p.remove(&k);
            }
        }
    }

    /// The partly written bytes in `off..off + n`, as (offset from `off`, bits).
    pub(super) fn partial_in(&self, off: usize, n: usize) -> Vec<(usize, u8)> {
        match &self.partial {
            Some(p) => p
                .range(off as u32..(off + n) as u32)
                .map(|(&k, &m)| (k as usize - off, m))
                .collect(),
            None => Vec::new(),
        }
    }

    /// The bits of byte `off` that were written: all of them when its init bit is set,
    /// else those bit-field stores recorded.
    pub(super) fn written_bits(&self, off: usize) -> u8 {
        if shadow::get(&self.shadow, off) {
            return u8::MAX;
        }
        self.partial
            .as_ref()
            .and_then(|p| p.get(&(off as u32)).copied())
            .unwrap_or(0)
    }

    /// Records bits written in a byte whose init bit is clear.
    pub(super) fn set_partial(&mut self, off: usize, bits: u8) {
        self.partial
            .get_or_insert_with(Default::default)
            .insert(off as u32, bits);
    }

    pub fn size(&self) -> Size {
        Size::from_bytes(u64::from(self.size))
    }

    pub fn refs(&self) -> u32 {
        self.refs
    }

    pub fn lost_at(&self) -> Option<Site> {
        self.lost_at
    }

    /// Bytes the storage holds (see the type's documentation).
    pub(super) fn capacity(&self) -> usize {
        // (An allocation without bytes has size 0 and no data.)
        self.data.len().saturating_sub(PAD)
    }

    pub(super) fn init_words(&self) -> usize {
        self.capacity().div_ceil(64)
    }

    /// Host memory this allocation takes (what the memory limit counts).
    pub(super) fn footprint(&self) -> u64 {
        footprint(self.capacity() as u64, self.readable)
    }

    /// Makes the storage hold `cap` bytes (at least the size), keeping the bytes and bits.
    pub(super) fn set_capacity(&mut self, cap: usize) {
        debug_assert!(self.readable && cap >= self.size as usize);
        let (old_iw, new_iw) = (self.init_words(), cap.div_ceil(64));
        let mut data = std::mem::take(&mut self.data).into_vec();
        data.resize(cap + PAD, 0);
        self.data = data.into_boxed_slice();
        let mut shadow = vec![0u64; shadow_words(cap)];
        let old = &self.shadow;
        let keep_iw = old_iw.min(new_iw);
        shadow[..keep_iw].copy_from_slice(&old[..keep_iw]);
        let (old_pw, new_pw) = (old.len() - old_iw, shadow.len() - new_iw);
        let keep_pw = old_pw.min(new_pw);
        shadow[new_iw..new_iw + keep_pw].copy_from_slice(&old[old_iw..old_iw + keep_pw]);
        self.shadow = shadow.into_boxed_slice();
    }

    /// Whether byte `i` was written.
    pub fn is_init(&self, i: u64) -> bool {
        i < u64::from(self.size) && shadow::get(&self.shadow, i as usize)
    }

    /// Whether the aligned word at byte offset `off` holds a pointer.
    pub fn holds_pointer(&self, off: u64) -> bool {
        off < u64::from(self.size) && self.ptr_bit(off as usize / 8)
    }

    pub(super) fn ptr_bit(&self, word: usize) -> bool {
        let base = self.init_words();
        self.shadow
            .get(base + word / 64)
            .is_some_and(|x| x >> (word % 64) & 1 == 1)
    }

    /// Sets or clears the pointer bit of aligned word `word`, keeping `nptrs`.
    pub(super) fn set_ptr_bit(&mut self, word: usize, on: bool) {
        let base = self.init_words();
        if let Some(x) = self.shadow.get_mut(base + word / 64) {
            let bit = 1u64 << (word % 64);
            let was = *x & bit != 0;
            if on && !was {
                *x |= bit;
                self.nptrs += 1;
            } else if !on && was {
                *x &= !bit;
                self.nptrs -= 1;
            }
        }
    }

    /// The bytes (unwritten ones read as 0).
    pub fn bytes(&self) -> &[u8] {
        self.data.get(..self.size as usize).unwrap_or(&[])
    }

    /// Number of written bytes.
    pub fn init_count(&self) -> u64 {
        let n = self.size as usize;
        let words = self.shadow.get(..self.init_words()).unwrap_or(&[]);
        // Bits past the end are never set.
        debug_assert!(n % 64 == 0 || words.last().is_none_or(|w| w >> (n % 64) == 0));
        words.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    /// Offsets of the pointer words, in order.
    pub fn pointer_words(&self) -> impl Iterator<Item = u64> + '_ {
        let base = self.init_words();
        let words = if self.nptrs == 0 {
            &[][..]
        } else {
            self.shadow.get(base..).unwrap_or(&[])
        };
        words.iter().enumerate().flat_map(|(wi, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Some(((wi * 64 + b) * 8) as u64)
            })
        })
    }

    /// The pointer stored in the word at `off` (a word from [`Self::pointer_words`]).
    pub fn pointer_at(&self, off: u64) -> super::Pointer {
        super::Pointer::from_bits(self.word(off as usize))
    }

    /// The 8 bytes at `off` (within the data and its padding) as a little-endian word.
    #[inline(always)]
    pub(super) fn word(&self, off: usize) -> u64 {
        read_word(&self.data, off)
    }
}

/// What is left of an allocation that ended: enough to explain a later use.
#[derive(Clone, Copy, Debug)]
pub struct Tombstone {
    pub(super) size: u32,
    pub(super) origin: Origin,
    /// Where it was freed, or where its function returned.
    pub(super) ended_at: Site,
}

impl Tombstone {
    /// Where it was freed, or where its function returned.
    pub fn ended_at(&self) -> Site {
        self.ended_at
    }
}

/// One entry of the allocation table.
#[derive(Clone, Debug)]
pub enum Slot {
    Live(Allocation),
    /// A freed heap block.
    Freed(Tombstone),
    /// A local whose function returned.
    Dead(Tombstone),
    /// The bytes of a live or ended allocation that pointers derived from a sub-object
    /// array may reach (see `view.rs`).
    View(super::View),
    /// A collected tombstone: its id waits to be used again. Also the null allocation.
    Vacant,
}

impl Slot {
    pub fn live(&self) -> Option<&Allocation> {
        match self {
            Slot::Live(a) => Some(a),
            _ => None,
        }
    }

    pub fn origin(&self) -> Option<Origin> {
        match self {
            Slot::Live(a) => Some(a.origin),
            Slot::Freed(t) | Slot::Dead(t) => Some(t.origin),
            Slot::View(_) | Slot::Vacant => None,
        }
    }

    pub fn size(&self) -> Option<Size> {
        match self {
            Slot::Live(a) => Some(a.size()),
            Slot::Freed(t) | Slot::Dead(t) => Some(Size::from_bytes(u64::from(t.size))),
            Slot::View(_) | Slot::Vacant => None,
        }
    }

    /// Where a freed block was freed, or where a dead local's function returned.
    pub fn ended_at(&self) -> Option<Site> {
        match self {
            Slot::Freed(t) | Slot::Dead(t) => Some(t.ended_at),
            _ => None,
        }
    }

    pub(super) fn is_tombstone(&self) -> bool {
        matches!(self, Slot::Freed(_) | Slot::Dead(_))
    }
}

#[inline(always)]
pub(super) fn read_word(data: &[u8], off: usize) -> u64 {
    match data.get(off..off + 8) {
        Some(b) => u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
        None => unreachable_word(off, data.len()),
    }
}

#[inline(always)]
pub(super) fn write_word(data: &mut [u8], off: usize, v: u64) {
    let len = data.len();
    match data.get_mut(off..off + 8) {
        Some(b) => b.copy_from_slice(&v.to_le_bytes()),
        None => unreachable_word(off, len),
    }
}

/// A word access past the padding: the range check that precedes every access rules it
/// out, so reaching this is a bug of the memory model.
#[cold]
#[inline(never)]
fn unreachable_word(off: usize, len: usize) -> ! {
    crate::bug!("word access at {off} of a {len}-byte buffer passed the range check")
}
