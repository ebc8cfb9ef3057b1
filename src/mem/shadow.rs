//! Bit sets over `u64` words: the init bits (one per byte) and pointer bits (one per
//! aligned word) of an allocation. Callers pass ranges inside the set.

/// Bit `i`.
#[inline]
pub(super) fn get(words: &[u64], i: usize) -> bool {
    words.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
}

/// `len` (1..=64) bits starting at bit `start`.
#[inline]
pub(super) fn get_bits(words: &[u64], start: usize, len: usize) -> u64 {
    let (w, s) = (start / 64, start % 64);
    let lo = words[w] >> s;
    let v = if s + len > 64 {
        lo | (words[w + 1] << (64 - s))
    } else {
        lo
    };
    v & mask(len)
}

/// Sets `len` (1..=64) bits starting at bit `start` to the low bits of `v`.
#[inline]
pub(super) fn set_bits(words: &mut [u64], start: usize, len: usize, v: u64) {
    let (w, s) = (start / 64, start % 64);
    let m = mask(len);
    let v = v & m;
    words[w] = (words[w] & !(m << s)) | (v << s);
    if s + len > 64 {
        let hmask = mask(s + len - 64);
        words[w + 1] = (words[w + 1] & !hmask) | (v >> (64 - s));
    }
}

/// Sets bits `off..off + n`.
pub(super) fn set_range(words: &mut [u64], off: usize, n: usize) {
    fill_range(words, off, n, u64::MAX);
}

/// Clears bits `off..off + n`.
pub(super) fn clear_range(words: &mut [u64], off: usize, n: usize) {
    fill_range(words, off, n, 0);
}

fn fill_range(words: &mut [u64], off: usize, n: usize, v: u64) {
    let mut i = off;
    let end = off + n;
    while i < end {
        let len = (end - i).min(64 - i % 64);
        set_bits(words, i, len, v);
        i += len;
    }
}

/// The low `len` (0..=64) bits set.
#[inline(always)]
pub(super) fn mask(len: usize) -> u64 {
    if len >= 64 {
        u64::MAX
    } else {
        (1u64 << len) - 1
    }
}
