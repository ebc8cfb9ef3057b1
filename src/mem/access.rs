//! Reading and writing program memory: scalar loads and stores, byte ranges, copies,
//! fills and C strings. Everything goes through [`Memory::range`], the one range check,
//! whose arithmetic cannot overflow: `size <= len && off <= len - size`.

use super::allocation::{read_word, write_word, Allocation, Slot};
use super::pointer::{AllocId, Offset, Pointer, Size};
use super::{shadow, BitField, CopyError, MemError, Memory, Scalar, Site};

impl Memory {
    /// Checks that `size` bytes at `p` may be read (`write`: written); returns the slot
    /// index and the offset.
    #[inline(always)]
    pub(super) fn range(
        &self,
        p: Pointer,
        size: Size,
        write: bool,
    ) -> Result<(usize, usize), MemError> {
        let idx = p.slot_index();
        let off = p.raw_offset();
        if let Some(Slot::Live(a)) = self.slots.get(idx) {
            let ok = if write { a.writable } else { a.readable };
            let len = u64::from(a.size);
            // A wild offset is negative here, so it never passes.
            if ok && off >= 0 && size.bytes() <= len && off as u64 <= len - size.bytes() {
                return Ok((idx, off as usize));
            }
        }
        self.view_range(p, size, write)
    }

    /// The precise error for an access that failed [`Memory::range`].
    #[cold]
    #[inline(never)]
    pub(super) fn access_error(&self, p: Pointer, size: Size, write: bool) -> MemError {
        let Some(id) = p.alloc_id() else {
            return match p.offset() {
                Offset::At(off) if (-4096..4096).contains(&off) => MemError::Null { off },
                _ => MemError::Invalid { ptr: p },
            };
        };
        match self.slot(id) {
            None | Some(Slot::Vacant | Slot::View(_)) => MemError::Invalid { ptr: p },
            Some(Slot::Freed(_)) => MemError::UseAfterFree {
                id,
                off: p.offset(),
                size,
            },
            Some(Slot::Dead(_)) => MemError::Dangling {
                id,
                off: p.offset(),
                size,
            },
            Some(Slot::Live(a)) => {
                if matches!(a.origin, super::Origin::ZeroSize { .. }) {
                    return MemError::ZeroSize { id };
                }
                if !a.readable {
                    return MemError::NotData { id };
                }
                let Offset::At(off) = p.offset() else {
                    return MemError::Wild { id, size };
                };
                let in_bounds = off >= 0
                    && size.bytes() <= u64::from(a.size)
                    && off as u64 <= u64::from(a.size) - size.bytes();
                if !in_bounds {
                    MemError::OutOfBounds { id, off, size }
                } else if write && !a.writable {
                    MemError::ReadOnly { id, off }
                } else {
                    crate::bug!("access of {size:?} at {p:?} refused for no reason")
                }
            }
        }
    }

    fn live_mut(&mut self, idx: usize) -> &mut Allocation {
        match self.slots.get_mut(idx) {
            Some(Slot::Live(a)) => a,
            _ => crate::bug!("slot {idx} passed the range check but is not live"),
        }
    }

    fn live_ref(&self, idx: usize) -> &Allocation {
        match self.slots.get(idx) {
            Some(Slot::Live(a)) => a,
            _ => crate::bug!("slot {idx} passed the range check but is not live"),
        }
    }

    /// Loads a scalar (checks liveness, bounds and that every byte was written).
    #[inline(always)]
    pub fn load(&self, p: Pointer, sc: Scalar) -> Result<u64, MemError> {
        let size = sc.size();
        debug_assert!(size <= 8, "a wide scalar is loaded with `load_wide`");
        let off = p.raw_offset();
        // The range check of `range`, inlined so the slot is looked up once.
        let a = match self.slots.get(p.slot_index()) {
            Some(Slot::Live(a))
                if a.readable && off >= 0 && off as u64 + size <= u64::from(a.size) =>
            {
                a
            }
            _ => return self.load_slow(p, sc),
        };
        let off = off as usize;
        let n = size as usize;
        check_init(a, p.slot_index(), off, n)?;
        // One 8-byte read (the data is padded), then keep `n` bytes, extended.
        let word = a.word(off);
        let shift = 64 - 8 * n as u32;
        Ok(if sc.is_signed_int() {
            (((word << shift) as i64) >> shift) as u64
        } else {
            (word << shift) >> shift
        })
    }

    /// A load that failed the fast path: through a view (checked, then done through the
    /// plain pointer), or an error.
    #[cold]
    #[inline(never)]
    fn load_slow(&self, p: Pointer, sc: Scalar) -> Result<u64, MemError> {
        let (idx, off) = self.view_range(p, Size::from_bytes(sc.size()), false)?;
        self.load(Pointer::new(AllocId::from_raw(idx as u32), off as i64), sc)
    }

    /// A store that failed the fast path, as [`Memory::load_slow`].
    #[cold]
    #[inline(never)]
    fn store_slow(&mut self, p: Pointer, sc: Scalar, v: u64, site: Site) -> Result<(), MemError> {
        let (idx, off) = self.view_range(p, Size::from_bytes(sc.size()), true)?;
        self.store(
            Pointer::new(AllocId::from_raw(idx as u32), off as i64),
            sc,
            v,
            site,
        )
    }

    /// Stores a scalar (checks liveness, bounds and writability; sets init bits; keeps
    /// pointer bits and reference counts). `site` is where an overwritten pointer is lost.
    #[inline(always)]
    pub fn store(&mut self, p: Pointer, sc: Scalar, v: u64, site: Site) -> Result<(), MemError> {
        let size = sc.size();
        debug_assert!(size <= 8, "a wide scalar is stored with `store_wide`");
        let idx = p.slot_index();
        let off = p.raw_offset();
        let n = size as usize;
        let is_ptr = sc == Scalar::Ptr;
        // (`size` is at most 8, so `off + size` cannot overflow: the check is `range`'s.)
        match self.slots.get_mut(idx) {
            Some(Slot::Live(a))
                if a.writable && off >= 0 && off as u64 + size <= u64::from(a.size) =>
            {
                let off = off as usize;
                // Pointer bookkeeping only when a pointer is stored or one is overwritten.
                if is_ptr || (a.nptrs > 0 && touches_pointer(a, off, n)) {
                    self.store_pointer_words(idx, off, n, is_ptr && off % 8 == 0, v, site);
                    self.write_scalar(idx, off, n, v);
                    return Ok(());
                }
                // One 8-byte read-modify-write (the data is padded).
                let keep = if n == 8 { 0 } else { u64::MAX << (8 * n) };
                let old = read_word(&a.data, off);
                write_word(&mut a.data, off, (old & keep) | (v & !keep));
                shadow::set_bits(&mut a.shadow, off, n, u64::MAX);
                Ok(())
            }
            _ => self.store_slow(p, sc, v, site),
        }
    }

    /// Loads a value of `n` bytes (8 to 16: a `long double`'s 10, a `double _Complex`'s
    /// 16) into the low bytes of a `u128`, checked like [`Memory::load`].
    pub fn load_wide(&self, p: Pointer, n: usize) -> Result<u128, MemError> {
        debug_assert!((8..=16).contains(&n));
        let size = Size::from_bytes(n as u64);
        let (idx, off) = self.range(p, size, false)?;
        let a = self.live_ref(idx);
        check_init(a, idx, off, n)?;
        let high = if n > 8 { a.word(off + 8) } else { 0 };
        let v = u128::from(a.word(off)) | u128::from(high) << 64;
        Ok(v & (u128::MAX >> (128 - 8 * n)))
    }

    /// Stores the low `n` bytes (8 to 16) of `v`, checked like [`Memory::store`].
    pub fn store_wide(
        &mut self,
        p: Pointer,
        n: usize,
        v: u128,
        site: Site,
    ) -> Result<(), MemError> {
        debug_assert!((8..=16).contains(&n));
        let (idx, off) = self.range(p, Size::from_bytes(n as u64), true)?;
        if self.live_ref(idx).nptrs > 0 && touches_pointer(self.live_ref(idx), off, n) {
            self.store_pointer_words(idx, off, n, false, 0, site);
        }
        self.write_scalar(idx, off, 8, v as u64);
        if n > 8 {
            self.write_scalar(idx, off + 8, n - 8, (v >> 64) as u64);
        }
        Ok(())
    }

    /// Reads a bit-field at `p` (its storage unit): in bounds, and every bit of the field
    /// written — the other bits of its bytes may not be (a neighbour never assigned).
    pub fn load_bits(&self, p: Pointer, bf: BitField) -> Result<u64, MemError> {
        let n = u64::from(bf.unit);
        let (idx, off) = self.range(p, Size::from_bytes(n), false)?;
        let a = self.live_ref(idx);
        let mask = bf.mask();
        for b in 0..bf.unit as usize {
            let need = (mask >> (8 * b)) as u8;
            if need & !a.written_bits(off + b) != 0 {
                return Err(MemError::Uninit {
                    id: AllocId::from_raw(idx as u32),
                    off: off as u64,
                    size: Size::from_bytes(n),
                    first: (off + b) as u64,
                });
            }
        }
        let word = a.word(off);
        Ok(bf.truncate((word & mask) >> bf.bit))
    }

    /// Writes a bit-field at `p` (its storage unit): only the field's bits change, and
    /// only they count as written.
    pub fn store_bits(
        &mut self,
        p: Pointer,
        bf: BitField,
        v: u64,
        site: Site,
    ) -> Result<(), MemError> {
        let n = usize::from(bf.unit);
        let (idx, off) = self.range(p, Size::from_bytes(n as u64), true)?;
        if self.live_ref(idx).nptrs > 0 && touches_pointer(self.live_ref(idx), off, n) {
            self.store_pointer_words(idx, off, n, false, 0, site);
        }
        let a = self.live_mut(idx);
        let mask = bf.mask();
        let old = read_word(&a.data, off);
        write_word(&mut a.data, off, (old & !mask) | ((v << bf.bit) & mask));
        for b in 0..n {
            let bits = (mask >> (8 * b)) as u8;
            let had = a.written_bits(off + b);
            if bits == 0 || had == u8::MAX {
                continue;
            }
            let have = had | bits;
            if have == u8::MAX {
                shadow::set_bits(&mut a.shadow, off + b, 1, 1);
                a.clear_partial(off + b, 1);
            } else {
                a.set_partial(off + b, have);
            }
        }
        Ok(())
    }

    /// The bytes and init bits of a scalar store whose range was checked.
    fn write_scalar(&mut self, idx: usize, off: usize, n: usize, v: u64) {
        let a = self.live_mut(idx);
        let keep = if n == 8 { 0 } else { u64::MAX << (8 * n) };
        let old = read_word(&a.data, off);
        write_word(&mut a.data, off, (old & keep) | (v & !keep));
        shadow::set_bits(&mut a.shadow, off, n, u64::MAX);
    }

    /// Pointer-bit and reference bookkeeping for a write of `n` (≥ 1) bytes at `off`: the
    /// pointers it overwrites are lost at `site`; `is_ptr`: it stores pointer `v` there.
    fn store_pointer_words(
        &mut self,
        idx: usize,
        off: usize,
        n: usize,
        is_ptr: bool,
        v: u64,
        site: Site,
    ) {
        let (first_word, last_word) = (off / 8, (off + n - 1) / 8);
        for word in first_word..=last_word {
            let a = self.live_ref(idx);
            if a.ptr_bit(word) {
                let old = a.pointer_at(word as u64 * 8);
                self.dec_ref(old, site);
                self.set_ptr_bit(idx, word, false);
            }
        }
        if is_ptr {
            self.set_ptr_bit(idx, first_word, true);
            self.inc_ref(Pointer::from_bits(v));
        }
    }

    fn set_ptr_bit(&mut self, idx: usize, word: usize, on: bool) {
        self.live_mut(idx).set_ptr_bit(word, on);
    }

    /// Checks that `n` bytes at `p` may be read (no init check) or written. A zero-length
    /// access still needs a pointer to a live object, anywhere up to one past its end.
    pub fn check_range(&self, p: Pointer, n: Size, write: bool) -> Result<(), MemError> {
        match self.range(p, n, write) {
            Ok(_) => Ok(()),
            Err(MemError::OutOfBounds { .. } | MemError::Wild { .. }) if n == Size::ZERO => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// The first unwritten byte of `n` bytes at `p`, after checking they may be read.
    pub fn first_uninit(&self, p: Pointer, n: Size) -> Result<Option<u64>, MemError> {
        if n == Size::ZERO {
            return self.check_range(p, n, false).map(|()| None);
        }
        let (idx, off) = self.range(p, n, false)?;
        self.count_bulk(n.bytes());
        let a = self.live_ref(idx);
        let off = off as u64;
        Ok((off..off + n.bytes()).find(|&i| !a.is_init(i)))
    }

    /// Reads one byte that must be written (for the string functions).
    pub fn read_byte(&self, p: Pointer) -> Result<u8, MemError> {
        self.load(p, Scalar::U8).map(|v| v as u8)
    }

    /// Reads `n` bytes that must all be written.
    pub fn read_init_bytes(&self, p: Pointer, n: Size) -> Result<Vec<u8>, MemError> {
        if n == Size::ZERO {
            return self.check_range(p, n, false).map(|()| Vec::new());
        }
        let (idx, off) = self.range(p, n, false)?;
        self.count_bulk(n.bytes());
        let a = self.live_ref(idx);
        let (start, end) = (off as u64, off as u64 + n.bytes());
        if let Some(first) = (start..end).find(|&i| !a.is_init(i)) {
            return Err(MemError::Uninit {
                id: AllocId::from_raw(idx as u32),
                off: start,
                size: n,
                first,
            });
        }
        Ok(a.data[off..end as usize].to_vec())
    }

    /// Checks that `n` bytes at `p` may be written and forgets the pointers stored there
    /// (lost at `site`); the slot, offset and length to write, or `None` for 0 bytes.
    fn overwrite(
        &mut self,
        p: Pointer,
        n: Size,
        site: Site,
    ) -> Result<Option<(usize, usize, usize)>, MemError> {
        if n == Size::ZERO {
            return self.check_range(p, n, true).map(|()| None);
        }
        let (idx, off) = self.range(p, n, true)?;
        self.count_bulk(n.bytes());
        let n = n.bytes() as usize;
        if self.live_ref(idx).nptrs > 0 {
            self.store_pointer_words(idx, off, n, false, 0, site);
        }
        Ok(Some((idx, off, n)))
    }

    /// Writes bytes (not pointers).
    pub fn write_bytes(&mut self, p: Pointer, bytes: &[u8], site: Site) -> Result<(), MemError> {
        let Some((idx, off, n)) = self.overwrite(p, Size::from_bytes(bytes.len() as u64), site)?
        else {
            return Ok(());
        };
        let a = self.live_mut(idx);
        a.data[off..off + n].copy_from_slice(bytes);
        shadow::set_range(&mut a.shadow, off, n);
        Ok(())
    }

    /// Marks `n` bytes at `p` unwritten (a block-scope object's lifetime starts again).
    pub fn mark_uninit(&mut self, p: Pointer, n: Size, site: Site) -> Result<(), MemError> {
        let Some((idx, off, n)) = self.overwrite(p, n, site)? else {
            return Ok(());
        };
        let a = self.live_mut(idx);
        shadow::clear_range(&mut a.shadow, off, n);
        a.clear_partial(off, n);
        Ok(())
    }

    /// Fills `n` bytes with `byte` (memset, zero-initialisation).
    pub fn fill(&mut self, p: Pointer, byte: u8, n: Size, site: Site) -> Result<(), MemError> {
        let Some((idx, off, n)) = self.overwrite(p, n, site)? else {
            return Ok(());
        };
        let a = self.live_mut(idx);
        a.data[off..off + n].fill(byte);
        shadow::set_range(&mut a.shadow, off, n);
        Ok(())
    }

    /// Copies `n` bytes with their init bits and pointer provenance (memcpy, memmove,
    /// struct assignment, realloc). Both ranges must be valid (the source is checked
    /// first); overlap is allowed.
    pub fn copy(
        &mut self,
        dst: Pointer,
        src: Pointer,
        n: Size,
        site: Site,
    ) -> Result<(), CopyError> {
        let read = |err| CopyError { err, write: false };
        let write = |err| CopyError { err, write: true };
        if n == Size::ZERO {
            self.check_range(src, n, false).map_err(read)?;
            return self.check_range(dst, n, true).map_err(write);
        }
        let (sid, soff) = self.range(src, n, false).map_err(read)?;
        let (did, doff) = self.range(dst, n, true).map_err(write)?;
        self.count_bulk(n.bytes());
        let n = n.bytes() as usize;
        if sid == did {
            self.copy_within(sid, soff, doff, n, site);
            return Ok(());
        }
        // Pointers the destination held there are overwritten (rare: blocks with pointers).
        if self.live_ref(did).nptrs > 0 {
            self.store_pointer_words(did, doff, n, false, 0, site);
        }
        let (s, d) = if sid < did {
            let (lo, hi) = self.slots.split_at_mut(did);
            (&lo[sid], &mut hi[0])
        } else {
            let (lo, hi) = self.slots.split_at_mut(sid);
            (&hi[0], &mut lo[did])
        };
        let (Slot::Live(s), Slot::Live(d)) = (s, d) else {
            crate::bug!("copy between slots that passed the range check but are not live")
        };
        d.data[doff..doff + n].copy_from_slice(&s.data[soff..soff + n]);
        // Init bits, 64 at a time.
        let mut i = 0;
        while i < n {
            let len = (n - i).min(64);
            let bits = shadow::get_bits(&s.shadow, soff + i, len);
            shadow::set_bits(&mut d.shadow, doff + i, len, bits);
            i += len;
        }
        // Bytes partly written by bit-field stores stay so.
        if s.partial.is_some() || d.partial.is_some() {
            d.clear_partial(doff, n);
            for (k, bits) in s.partial_in(soff, n) {
                d.set_partial(doff + k, bits);
            }
        }
        // Provenance: whole pointer words copied at the same alignment stay pointers.
        if soff % 8 == doff % 8 && s.nptrs > 0 {
            let copied: Vec<usize> = (soff.div_ceil(8)..(soff + n) / 8)
                .filter(|&w| s.ptr_bit(w))
                .map(|w| (doff + (w * 8 - soff)) / 8)
                .collect();
            for dw in copied {
                self.set_ptr_bit(did, dw, true);
                let v = self.live_ref(did).pointer_at(dw as u64 * 8);
                self.inc_ref(v);
            }
        }
        Ok(())
    }

    /// `copy` inside one allocation (the ranges may overlap: memmove).
    fn copy_within(&mut self, idx: usize, soff: usize, doff: usize, n: usize, site: Site) {
        // Pointer words of the source, read before the destination's are cleared (rare:
        // only blocks holding pointers).
        let a = self.live_ref(idx);
        let src_ptrs: Vec<usize> = if soff % 8 == doff % 8 && a.nptrs > 0 {
            (soff.div_ceil(8)..(soff + n) / 8)
                .filter(|&w| a.ptr_bit(w))
                .map(|w| w * 8)
                .collect()
        } else {
            Vec::new()
        };
        if a.nptrs > 0 {
            self.store_pointer_words(idx, doff, n, false, 0, site);
        }
        let a = self.live_mut(idx);
        a.data.copy_within(soff..soff + n, doff);
        let partial = a.partial_in(soff, n);
        if a.partial.is_some() {
            a.clear_partial(doff, n);
            for (k, bits) in partial {
                a.set_partial(doff + k, bits);
            }
        }
        // Init bits, 64 at a time, in the direction that reads every source chunk before
        // a destination chunk overwrites it.
        let chunks = n.div_ceil(64);
        for k in 0..chunks {
            let k = if doff <= soff { k } else { chunks - 1 - k };
            let i = k * 64;
            let len = (n - i).min(64);
            let bits = shadow::get_bits(&a.shadow, soff + i, len);
            shadow::set_bits(&mut a.shadow, doff + i, len, bits);
        }
        for so in src_ptrs {
            let d = doff + (so - soff);
            let v = self.live_ref(idx).pointer_at(d as u64);
            self.set_ptr_bit(idx, d / 8, true);
            self.inc_ref(v);
        }
    }

    /// Writes a pointer word while the program is loaded (relocations of static data).
    pub fn init_pointer(
        &mut self,
        p: Pointer,
        target: Pointer,
        site: Site,
    ) -> Result<(), MemError> {
        self.store(p, Scalar::Ptr, target.to_bits(), site)
    }

    /// The length of the C string at `p` (the bytes up to, not including, the NUL),
    /// checking every byte is readable and written; at most `limit` bytes are looked at.
    pub fn c_string_len(&self, p: Pointer, limit: u64) -> Result<u64, MemError> {
        let (idx, off) = self.range(p, Size::from_bytes(1), false)?;
        let a = self.live_ref(idx);
        let id = AllocId::from_raw(idx as u32);
        let start = off as u64;
        let end = u64::from(a.size);
        // Through a view, the string must end within it.
        let view = self.view_of(p);
        let view_end = view.map_or(end, |v| v.end().min(end));
        let mut i = start;
        let result = loop {
            let n = i - start;
            if n >= limit {
                break Ok(n);
            }
            if let Some(v) = view.filter(|_| i >= view_end && i < end) {
                break Err(MemError::OutOfSubobject {
                    id,
                    off: i as i64,
                    size: Size::from_bytes(1),
                    view: v,
                });
            }
            if i >= end {
                break Err(MemError::OutOfBounds {
                    id,
                    off: i as i64,
                    size: Size::from_bytes(1),
                });
            }
            if !a.is_init(i) {
                break Err(MemError::Uninit {
                    id,
                    off: i,
                    size: Size::from_bytes(1),
                    first: i,
                });
            }
            if a.data[i as usize] == 0 {
                break Ok(n);
            }
            i += 1;
        };
        self.count_bulk(i - start);
        result
    }

    /// Writes a global's or literal's initial bytes while the program is loaded (a
    /// literal is read-only to the program, not to its loader).
    pub fn load_static(&mut self, p: Pointer, bytes: &[u8]) -> Result<(), MemError> {
        let n = bytes.len();
        if n == 0 {
            return self.check_range(p, Size::ZERO, false);
        }
        let (idx, off) = self.range(p, Size::from_bytes(n as u64), false)?;
        if self.live_ref(idx).nptrs > 0 {
            self.store_pointer_words(idx, off, n, false, 0, super::NO_SITE);
        }
        let a = self.live_mut(idx);
        a.data[off..off + n].copy_from_slice(bytes);
        shadow::set_range(&mut a.shadow, off, n);
        Ok(())
    }
}

/// Whether a store of `n` bytes at `off` touches a word that holds a pointer.
#[inline]
fn touches_pointer(a: &Allocation, off: usize, n: usize) -> bool {
    let (first, last) = (off / 8, (off + n - 1) / 8);
    a.ptr_bit(first) || (last != first && a.ptr_bit(last))
}

#[cold]
/// That every byte of an access of `n` (at most 63) bytes at `off` of allocation `a` (slot
/// `idx`) is initialised: its init bits are in at most two shadow words (the shadow has a
/// word for every 64 bytes, so `w + 1` exists when the access crosses into it).
#[inline(always)]
fn check_init(a: &Allocation, idx: usize, off: usize, n: usize) -> Result<(), MemError> {
    let mask = (1u64 << n) - 1;
    let (w, sh) = (off / 64, off % 64);
    let lo = a.shadow[w] >> sh;
    let bits = if sh + n <= 64 {
        lo & mask
    } else {
        (lo | (a.shadow[w + 1] << (64 - sh))) & mask
    };
    if bits != mask {
        return Err(uninit_error(idx, off, n as u64, bits, mask));
    }
    Ok(())
}

fn uninit_error(idx: usize, off: usize, size: u64, bits: u64, mask: u64) -> MemError {
    MemError::Uninit {
        id: AllocId::from_raw(idx as u32),
        off: off as u64,
        size: Size::from_bytes(size),
        first: off as u64 + u64::from((!bits & mask).trailing_zeros()),
    }
}
