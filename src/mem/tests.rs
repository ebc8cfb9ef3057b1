//! Unit tests of the memory model (the randomized comparison with a reference model is
//! `tests/mem_model.rs`).

use super::*;

fn mem() -> Memory {
    Memory::new(MemLimits { bytes: 1 << 30 })
}

fn sz(n: u64) -> Size {
    Size::from_bytes(n)
}

fn heap(m: &mut Memory, n: u64) -> Pointer {
    m.alloc(sz(n), Origin::Heap { site: 0 }, false).unwrap()
}

fn id(p: Pointer) -> AllocId {
    p.alloc_id().unwrap()
}

#[test]
fn malloc_bytes_start_unwritten_and_loads_check_them() {
    let mut m = mem();
    let p = heap(&mut m, 8);
    assert!(matches!(
        m.load(p, Scalar::I32),
        Err(MemError::Uninit { first: 0, .. })
    ));
    m.store(p, Scalar::I32, 42, 0).unwrap();
    assert_eq!(m.load(p, Scalar::I32), Ok(42));
    // Bytes 4..8 are still unwritten: a load spanning them reports the first one.
    assert!(matches!(
        m.load(p.offset_by(2), Scalar::I32),
        Err(MemError::Uninit { first: 4, .. })
    ));
    // A straddling store over a 64-bit shadow boundary.
    let q = heap(&mut m, 80);
    m.store(q.offset_by(60), Scalar::I64, u64::MAX, 0).unwrap();
    assert_eq!(m.load(q.offset_by(60), Scalar::I64), Ok(u64::MAX));
    assert!(m.live(id(q)).unwrap().is_init(67));
    assert!(!m.live(id(q)).unwrap().is_init(68));
}

#[test]
fn sign_and_zero_extension() {
    let mut m = mem();
    let p = m.alloc(sz(8), Origin::Heap { site: 0 }, true).unwrap();
    m.store(p, Scalar::I8, (-3i64) as u64, 0).unwrap();
    assert_eq!(m.load(p, Scalar::I8), Ok((-3i64) as u64));
    assert_eq!(m.load(p, Scalar::U8), Ok(253));
}

#[test]
fn out_of_bounds_null_and_invalid() {
    let mut m = mem();
    let p = heap(&mut m, 16);
    assert_eq!(
        m.store(p.offset_by(16), Scalar::I32, 1, 0),
        Err(MemError::OutOfBounds {
            id: id(p),
            off: 16,
            size: sz(4)
        })
    );
    assert_eq!(
        m.load(p.offset_by(-4), Scalar::I32),
        Err(MemError::OutOfBounds {
            id: id(p),
            off: -4,
            size: sz(4)
        })
    );
    assert_eq!(
        m.load(Pointer::from_bits(8), Scalar::I64),
        Err(MemError::Null { off: 8 })
    );
    assert!(matches!(
        m.load(Pointer::new(AllocId::from_raw(999), 0), Scalar::I64),
        Err(MemError::Invalid { .. })
    ));
}

/// The reproducers of the 32-bit offset wrap and of the unchecked `offset + size`.
#[test]
fn far_offsets_and_huge_sizes_only_fail() {
    let mut m = mem();
    let p = heap(&mut m, 16);
    m.fill(p, 0, sz(16), 0).unwrap();
    // `*(p + 4294967296L) = 42` must not write p[0].
    let far = p.offset_by(4_294_967_296);
    assert_eq!(
        m.store(far, Scalar::I32, 42, 0),
        Err(MemError::Wild {
            id: id(p),
            size: sz(4)
        })
    );
    assert_eq!(m.load(p, Scalar::I32), Ok(0));
    // memset(p + 1, 0, (size_t)-1), memcmp and strncpy-like reads of SIZE_MAX bytes.
    let q = p.offset_by(1);
    assert!(matches!(
        m.fill(q, 0, sz(u64::MAX), 0),
        Err(MemError::OutOfBounds { off: 1, .. })
    ));
    assert!(matches!(
        m.read_init_bytes(q, sz(u64::MAX)),
        Err(MemError::OutOfBounds { .. })
    ));
    assert!(matches!(
        m.copy(q, p, sz(u64::MAX), 0),
        Err(CopyError { write: false, .. })
    ));
    assert!(matches!(
        m.first_uninit(q, sz(u64::MAX - 1)),
        Err(MemError::OutOfBounds { .. })
    ));
    assert!(m.check_range(q, sz(u64::MAX), true).is_err());
    assert!(m
        .alloc(sz(u64::MAX), Origin::Heap { site: 0 }, false)
        .is_err());
}

#[test]
fn free_rules() {
    let mut m = mem();
    let p = heap(&mut m, 4);
    assert_eq!(
        m.free(p.offset_by(1), 1),
        Err(MemError::InvalidFree {
            ptr: p.offset_by(1)
        })
    );
    m.free(p, 1).unwrap();
    assert_eq!(m.free(p, 2), Err(MemError::DoubleFree { id: id(p) }));
    assert!(matches!(
        m.load(p, Scalar::U8),
        Err(MemError::UseAfterFree { .. })
    ));
    assert_eq!(m.slot(id(p)).unwrap().ended_at(), Some(1));
    let z = m.alloc(sz(0), Origin::ZeroSize { site: 0 }, false).unwrap();
    assert_eq!(m.load(z, Scalar::U8), Err(MemError::ZeroSize { id: id(z) }));
    assert_eq!(m.free(z, 0), Err(MemError::ZeroSizeFree { id: id(z) }));
    let g = m
        .alloc(sz(4), Origin::Global { decl: 0, global: 0 }, true)
        .unwrap();
    assert_eq!(m.free(g, 0), Err(MemError::InvalidFree { ptr: g }));
    assert_eq!(m.free(Pointer::NULL, 0), Ok(()));
}

#[test]
fn dead_locals_are_dangling() {
    let mut m = mem();
    let p = m
        .alloc(sz(4), Origin::Local { decl: 0, local: 0 }, false)
        .unwrap();
    m.end_local(p, 9);
    assert!(matches!(
        m.load(p, Scalar::I32),
        Err(MemError::Dangling { .. })
    ));
}

#[test]
fn literals_are_read_only() {
    let mut m = mem();
    let p = m.alloc(sz(4), Origin::Literal { string: 0 }, true).unwrap();
    assert!(matches!(
        m.store(p, Scalar::U8, 1, 0),
        Err(MemError::ReadOnly { .. })
    ));
}

#[test]
fn copy_carries_init_bits_and_pointers() {
    let mut m = mem();
    let target = heap(&mut m, 4);
    let a = heap(&mut m, 16);
    let b = heap(&mut m, 16);
    m.store(a, Scalar::Ptr, target.to_bits(), 0).unwrap();
    assert_eq!(m.live(id(target)).unwrap().refs(), 1);
    m.copy(b, a, sz(16), 0).unwrap();
    assert_eq!(m.live(id(target)).unwrap().refs(), 2);
    assert!(m.live(id(b)).unwrap().holds_pointer(0));
    assert!(!m.live(id(b)).unwrap().is_init(8));
    assert_eq!(m.load(b, Scalar::Ptr), Ok(target.to_bits()));
    // Overwriting the pointer with an integer drops the reference, at that site.
    m.store(b, Scalar::I64, 0, 77).unwrap();
    m.free(a, 78).unwrap();
    let t = m.live(id(target)).unwrap();
    assert_eq!(t.refs(), 0);
    assert_eq!(t.lost_at(), Some(78));
}

#[test]
fn memory_limit_counts_bytes_shadow_and_table() {
    let mut m = Memory::new(MemLimits { bytes: 4096 });
    assert!(m.alloc(sz(2000), Origin::Heap { site: 0 }, false).is_ok());
    // 2000 more payload bytes would fit the limit, not with their bookkeeping.
    assert!(matches!(
        m.alloc(sz(2000), Origin::Heap { site: 0 }, false),
        Err(AllocError::MemoryLimit { .. })
    ));
    // Locals and globals count too.
    let local = Origin::Local { decl: 0, local: 0 };
    assert!(matches!(
        m.alloc(sz(2000), local, false),
        Err(AllocError::MemoryLimit { .. })
    ));
    // Many small blocks run out long before their payload does: each one costs a slot
    // and its shadow.
    let mut m = Memory::new(MemLimits { bytes: 1 << 16 });
    let n = (0..)
        .take_while(|_| m.alloc(sz(1), Origin::Heap { site: 0 }, false).is_ok())
        .count();
    assert!(n > 100 && n < 1000, "{n} one-byte blocks fit in 64 KiB");
    // Freeing gives the memory back.
    let p = Pointer::start(AllocId::from_raw(1));
    m.free(p, 0).unwrap();
    assert!(m.alloc(sz(1), Origin::Heap { site: 0 }, false).is_ok());
}

#[test]
fn realloc_moves_the_block_and_keeps_its_contents() {
    let mut m = mem();
    let q = heap(&mut m, 16);
    let p = heap(&mut m, 16);
    m.write_bytes(p, b"abc", 0).unwrap();
    m.store(p.offset_by(8), Scalar::Ptr, q.to_bits(), 0)
        .unwrap();
    let site = 7;
    let grow = |m: &mut Memory, p: Pointer, n: u64, at: Site| {
        m.realloc(id(p), sz(n), Origin::Heap { site }, at).unwrap()
    };
    let p2 = grow(&mut m, p, 17, site);
    assert_ne!(p2.alloc_id(), p.alloc_id());
    // The old block is a freed tombstone; the new one has the old bytes and bits.
    assert!(matches!(m.slot(id(p)), Some(Slot::Freed(_))));
    assert_eq!(m.load(p2.offset_by(2), Scalar::U8), Ok(u64::from(b'c')));
    assert_eq!(m.load(p2.offset_by(8), Scalar::Ptr), Ok(q.to_bits()));
    assert!(matches!(
        m.load(p2.offset_by(16), Scalar::U8),
        Err(MemError::Uninit { .. })
    ));
    // Growing a byte at a time keeps everything (the storage doubles underneath).
    let mut p = p2;
    for n in 18..5000 {
        p = grow(&mut m, p, n, site);
        m.store(p.offset_by(n as i64 - 1), Scalar::U8, 1, 0)
            .unwrap();
    }
    assert_eq!(m.load(p.offset_by(8), Scalar::Ptr), Ok(q.to_bits()));
    assert_eq!(m.heap_live_bytes(), 16 + 4999);
    // Shrinking cuts the pointer off: `q` loses its last reference there.
    let p = grow(&mut m, p, 12, 3);
    assert_eq!(m.live(id(q)).unwrap().lost_at(), Some(3));
    assert!(m.load(p.offset_by(8), Scalar::U64).is_err());
    // Growing again shows the cut-off bytes as unwritten, not as the old ones.
    let p = grow(&mut m, p, 24, site);
    assert!(matches!(
        m.load(p.offset_by(16), Scalar::U64),
        Err(MemError::Uninit { .. })
    ));
    assert_eq!(m.load(p.offset_by(4), Scalar::U8).ok(), None);
}

#[test]
fn c_strings() {
    let mut m = mem();
    let p = heap(&mut m, 4);
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
    let p = heap(&mut m, 9);
    m.fill(p, 0xAB, sz(9), 0).unwrap();
    m.store(p.offset_by(1), Scalar::I16, (-2i64) as u64, 0)
        .unwrap();
    assert_eq!(m.load(p.offset_by(1), Scalar::I16), Ok((-2i64) as u64));
    assert_eq!(m.load(p.offset_by(1), Scalar::U16), Ok(0xFFFE));
    assert_eq!(m.load(p, Scalar::U8), Ok(0xAB));
    assert_eq!(m.load(p.offset_by(3), Scalar::I8), Ok((-0x55i64) as u64));
    // The last byte of the block, read and written alone.
    m.store(p.offset_by(8), Scalar::U8, 0x1FF, 0).unwrap();
    assert_eq!(m.load(p.offset_by(8), Scalar::U8), Ok(0xFF));
    assert_eq!(m.load(p.offset_by(4), Scalar::U32), Ok(0xABAB_ABAB));
    assert!(matches!(
        m.load(p.offset_by(6), Scalar::U32),
        Err(MemError::OutOfBounds { .. })
    ));
    assert_eq!(m.live(id(p)).unwrap().bytes().len(), 9);
}

#[test]
fn bit_fields_are_written_bit_by_bit() {
    let mut m = mem();
    let p = heap(&mut m, 4);
    let bits = |bit, width, signed| BitField {
        unit: 4,
        bit,
        width,
        signed,
    };
    let (ready, mode, level) = (bits(0, 1, false), bits(1, 3, false), bits(4, 5, true));
    m.store_bits(p, ready, 1, 0).unwrap();
    assert_eq!(m.load_bits(p, ready), Ok(1));
    // Its neighbour in the same byte was never written.
    assert!(matches!(
        m.load_bits(p, mode),
        Err(MemError::Uninit { first: 0, .. })
    ));
    // A value is truncated to the width, and a signed field sign-extended.
    m.store_bits(p, mode, 13, 0).unwrap();
    assert_eq!(m.load_bits(p, mode), Ok(5));
    m.store_bits(p, level, 20, 0).unwrap();
    assert_eq!(m.load_bits(p, level).map(|v| v as i64), Ok(-12));
    assert_eq!(m.load_bits(p, ready), Ok(1), "neighbours keep their bits");
    // Byte 1 is still partly written: a whole-int load fails, a copy keeps the bits.
    assert!(m.load(p, Scalar::I32).is_err());
    let q = heap(&mut m, 4);
    m.copy(q, p, sz(4), 0).unwrap();
    assert_eq!(m.load_bits(q, mode), Ok(5));
    assert!(m.load_bits(q, bits(9, 8, false)).is_err());
    // Writing the rest of a byte makes it a written byte.
    m.store_bits(q, bits(9, 23, false), 0, 0).unwrap();
    assert!(m.load(q, Scalar::I32).is_ok());
}

#[test]
fn views_bound_accesses_and_name_their_allocation() {
    let mut m = mem();
    // A 12-byte struct with an 8-byte member array at offset 0 and an int at 8.
    let s = m.alloc(sz(12), Origin::Heap { site: 0 }, true).unwrap();
    let name = m.narrow(s, 8, 3).unwrap();
    assert_ne!(name, s);
    // One view per (allocation, range, tag): narrowing again gives the same pointer.
    assert_eq!(m.narrow(s, 8, 3).unwrap(), name);
    assert_eq!(m.canonical(name), s);
    assert!(m.same_address(name, s));
    m.store(name.offset_by(7), Scalar::U8, 1, 0).unwrap();
    assert_eq!(m.load(s.offset_by(7), Scalar::U8), Ok(1));
    let err = m.store(name.offset_by(8), Scalar::U8, 1, 0).unwrap_err();
    assert!(matches!(
        err,
        MemError::OutOfSubobject {
            off: 8,
            view: View {
                lo: 0,
                len: 8,
                tag: 3,
                ..
            },
            ..
        }
    ));
    // The plain pointer reaches the whole object.
    m.store(s.offset_by(8), Scalar::U8, 1, 0).unwrap();
    // Bulk operations and string scans stop at the view too.
    assert!(matches!(
        m.fill(name, 0, sz(9), 0),
        Err(MemError::OutOfSubobject { .. })
    ));
    m.fill(s, b'a', sz(12), 0).unwrap();
    assert!(matches!(
        m.c_string_len(name, u64::MAX),
        Err(MemError::OutOfSubobject { off: 8, .. })
    ));
    // A view of a view stays inside the outer one.
    let inner = m.narrow(name.offset_by(4), 8, 4).unwrap();
    assert!(matches!(m.view_of(inner), Some(View { lo: 4, len: 4, .. })));
    // Freeing through the view frees the block; a later access is a use after free.
    m.free(name, 1).unwrap();
    assert!(matches!(
        m.load(name, Scalar::U8),
        Err(MemError::UseAfterFree { .. })
    ));
}

#[test]
fn unnamed_views_are_collected_and_named_ones_keep_their_allocation() {
    let mut m = mem();
    let a = heap(&mut m, 16);
    let b = heap(&mut m, 16);
    let va = m.narrow(a, 4, 0).unwrap();
    let vb = m.narrow(b, 4, 0).unwrap();
    m.free(a, 0).unwrap();
    m.free(b, 0).unwrap();
    // Only `vb` is still named (a root): `va` goes, and so does `a`'s tombstone; `b`'s stays.
    m.collect(&[vb], &[]);
    assert!(matches!(m.slot(id(va)), Some(Slot::Vacant)));
    assert!(matches!(m.slot(id(a)), Some(Slot::Vacant)));
    assert!(matches!(m.slot(id(vb)), Some(Slot::View(_))));
    assert!(matches!(m.slot(id(b)), Some(Slot::Freed(_))));
    assert!(matches!(
        m.load(vb, Scalar::U8),
        Err(MemError::UseAfterFree { .. })
    ));
}
