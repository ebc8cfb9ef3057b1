//! The memory model against an obviously correct reference model: the same random
//! sequences of operations (alloc, free, realloc, load, store, copy, fill, pointer
//! arithmetic with offsets past 2^32 and sizes near `SIZE_MAX`) must have the same outcome
//! in both, operation by operation.
//!
//! The reference keeps every byte as `Option<u8>` (unwritten = `None`) and computes offsets
//! exactly in `i128`; it knows nothing of shadow words, padding or pointer encoding.
//! `PROPTEST_CASES=N cargo test --release --test mem_model` runs longer.

use cmem::mem::{AllocId, CopyError, MemError, MemLimits, Memory, Origin, Pointer, Scalar, Size};
use proptest::prelude::*;

/// The outcome of one operation, as both models report it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Ok,
    Value(u64),
    Bytes(Vec<u8>),
    OutOfBounds,
    UseAfterFree,
    Uninit { first: u64 },
    DoubleFree,
    InvalidFree,
    AllocFailed,
}

fn classify(e: MemError) -> Outcome {
    match e {
        MemError::OutOfBounds { .. } | MemError::Wild { .. } => Outcome::OutOfBounds,
        MemError::UseAfterFree { .. } => Outcome::UseAfterFree,
        MemError::Uninit { first, .. } => Outcome::Uninit { first },
        MemError::DoubleFree { .. } => Outcome::DoubleFree,
        MemError::InvalidFree { .. } => Outcome::InvalidFree,
        other => panic!("the reference never produces {other:?}"),
    }
}

#[derive(Clone, Debug)]
enum Op {
    Alloc(u64),
    Free(usize),
    Realloc(usize, u64),
    /// New pointer = pointer `.0` + `.1` bytes.
    Add(usize, i64),
    Load(usize, u8),
    Store(usize, u8, u64),
    Fill(usize, u8, u64),
    Copy(usize, usize, u64),
    Read(usize, u64),
}

fn size() -> impl Strategy<Value = u64> {
    prop_oneof![
        8 => 1u64..200,
        1 => Just(0u64),
        1 => prop::sample::select(vec![u64::MAX, u64::MAX - 7, 1 << 31, 1 << 32, 300]),
    ]
}

fn delta() -> impl Strategy<Value = i64> {
    prop_oneof![
        6 => -40i64..240,
        1 => prop::sample::select(vec![
            1i64 << 32,
            -(1i64 << 32),
            i64::MAX,
            i64::MIN,
            (1 << 31) - 1,
            -(1 << 31),
            1 << 31,
        ]),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let idx = 0usize..64;
    prop_oneof![
        3 => (1u64..120).prop_map(Op::Alloc),
        1 => prop::sample::select(vec![0u64, u64::MAX, 1 << 31]).prop_map(Op::Alloc),
        2 => idx.clone().prop_map(Op::Free),
        1 => (idx.clone(), 1u64..150).prop_map(|(i, n)| Op::Realloc(i, n)),
        4 => (idx.clone(), delta()).prop_map(|(i, d)| Op::Add(i, d)),
        4 => (idx.clone(), prop::sample::select(vec![1u8, 2, 4, 8])).prop_map(|(i, w)| Op::Load(i, w)),
        4 => (idx.clone(), prop::sample::select(vec![1u8, 2, 4, 8]), any::<u64>())
            .prop_map(|(i, w, v)| Op::Store(i, w, v)),
        2 => (idx.clone(), any::<u8>(), size()).prop_map(|(i, b, n)| Op::Fill(i, b, n)),
        2 => (idx.clone(), idx.clone(), size()).prop_map(|(d, s, n)| Op::Copy(d, s, n)),
        2 => (idx, size()).prop_map(|(i, n)| Op::Read(i, n)),
    ]
}

/// The reference: blocks of optional bytes, exact offsets.
struct Reference {
    blocks: Vec<(Vec<Option<u8>>, bool)>,
}

/// A pointer in the reference: block, exact offset, and whether arithmetic ever took its
/// offset out of the 32-bit range (after which it may never be used, as C says of any pointer past its object).
#[derive(Clone, Copy, Debug)]
struct RPtr {
    block: usize,
    off: i128,
    wild: bool,
}

const RANGE: std::ops::RangeInclusive<i128> = -(1i128 << 31)..=(1i128 << 31) - 1;

impl Reference {
    fn range(&self, p: RPtr, n: u64) -> Result<(usize, usize), Outcome> {
        let (bytes, live) = &self.blocks[p.block];
        if !live {
            return Err(Outcome::UseAfterFree);
        }
        let end = p.off + i128::from(n);
        if p.wild || p.off < 0 || end > bytes.len() as i128 {
            return Err(Outcome::OutOfBounds);
        }
        Ok((p.block, p.off as usize))
    }

    fn zero_ok(&self, p: RPtr) -> Result<(), Outcome> {
        // A zero-length access needs a pointer to a live object, nothing more.
        if self.blocks[p.block].1 {
            Ok(())
        } else {
            Err(Outcome::UseAfterFree)
        }
    }

    fn read(&self, p: RPtr, n: u64) -> Outcome {
        if n == 0 {
            return self
                .zero_ok(p)
                .map_or_else(|e| e, |()| Outcome::Bytes(Vec::new()));
        }
        match self.range(p, n) {
            Err(e) => e,
            Ok((b, off)) => {
                let bytes = &self.blocks[b].0[off..off + n as usize];
                match bytes.iter().position(Option::is_none) {
                    Some(i) => Outcome::Uninit {
                        first: (off + i) as u64,
                    },
                    None => Outcome::Bytes(bytes.iter().map(|x| x.unwrap_or(0)).collect()),
                }
            }
        }
    }

    fn write(&mut self, p: RPtr, data: &[Option<u8>]) -> Outcome {
        if data.is_empty() {
            return self.zero_ok(p).map_or_else(|e| e, |()| Outcome::Ok);
        }
        match self.range(p, data.len() as u64) {
            Err(e) => e,
            Ok((b, off)) => {
                self.blocks[b].0[off..off + data.len()].copy_from_slice(data);
                Outcome::Ok
            }
        }
    }
}

fn scalar(width: u8) -> Scalar {
    match width {
        1 => Scalar::U8,
        2 => Scalar::U16,
        4 => Scalar::U32,
        _ => Scalar::U64,
    }
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut mem = Memory::new(MemLimits { bytes: 1 << 20 });
    let mut reference = Reference { blocks: Vec::new() };
    // Parallel pointer pools: the real pointer and the reference's.
    let mut ptrs: Vec<(Pointer, RPtr)> = Vec::new();
    let pick = |ptrs: &Vec<(Pointer, RPtr)>, i: usize| ptrs.get(i % ptrs.len().max(1)).copied();
    for (step, op) in ops.iter().enumerate() {
        let (real, model) = match *op {
            Op::Alloc(n) => {
                let got = mem.alloc(Size::from_bytes(n), Origin::Heap { site: 0 }, false);
                // The reference: anything over 2 GiB - 1 or past the 1 MiB heap fails.
                let used: usize = reference
                    .blocks
                    .iter()
                    .filter(|b| b.1)
                    .map(|b| b.0.len())
                    .sum();
                let fits = n < (1 << 31) && used as u64 + n <= 1 << 20;
                if fits {
                    reference.blocks.push((vec![None; n as usize], true));
                    let r = RPtr {
                        block: reference.blocks.len() - 1,
                        off: 0,
                        wild: false,
                    };
                    if let Ok(p) = got {
                        ptrs.push((p, r));
                    }
                }
                (
                    if got.is_ok() {
                        Outcome::Ok
                    } else {
                        Outcome::AllocFailed
                    },
                    if fits {
                        Outcome::Ok
                    } else {
                        Outcome::AllocFailed
                    },
                )
            }
            Op::Free(i) => {
                let Some((p, r)) = pick(&ptrs, i) else {
                    continue;
                };
                let real = mem.free(p, 1).map_or_else(classify, |()| Outcome::Ok);
                let (_, live) = reference.blocks[r.block];
                let model = if !live {
                    Outcome::DoubleFree
                } else if r.wild || r.off != 0 {
                    Outcome::InvalidFree
                } else {
                    reference.blocks[r.block].1 = false;
                    Outcome::Ok
                };
                (real, model)
            }
            Op::Realloc(i, n) => {
                // realloc as the library does it: a new block, the common prefix copied,
                // the old block freed (when `p` is a live block's start).
                let Some((p, r)) = pick(&ptrs, i) else {
                    continue;
                };
                let live_start = reference.blocks[r.block].1 && !r.wild && r.off == 0;
                if !live_start {
                    continue;
                }
                let old = reference.blocks[r.block].0.clone();
                let q = mem
                    .alloc(Size::from_bytes(n), Origin::Heap { site: 0 }, false)
                    .expect("a small realloc fits");
                let keep = (old.len() as u64).min(n);
                mem.copy(q, p, Size::from_bytes(keep), 2)
                    .expect("realloc copies the common prefix");
                mem.free(p, 2).expect("realloc frees the old block");
                let mut bytes = vec![None; n as usize];
                bytes[..keep as usize].copy_from_slice(&old[..keep as usize]);
                reference.blocks[r.block].1 = false;
                reference.blocks.push((bytes, true));
                let nr = RPtr {
                    block: reference.blocks.len() - 1,
                    off: 0,
                    wild: false,
                };
                ptrs.push((q, nr));
                (Outcome::Ok, Outcome::Ok)
            }
            Op::Add(i, d) => {
                let Some((p, r)) = pick(&ptrs, i) else {
                    continue;
                };
                let q = p.offset_by(d);
                let off = r.off + i128::from(d);
                let wild = r.wild || !RANGE.contains(&off);
                ptrs.push((
                    q,
                    RPtr {
                        block: r.block,
                        off,
                        wild,
                    },
                ));
                // The real pointer keeps its allocation and agrees on the offset.
                prop_assert_eq!(q.alloc_id(), p.alloc_id(), "step {}", step);
                if !wild {
                    prop_assert_eq!(q.offset_bytes(), Some(off as i64), "step {}", step);
                } else {
                    prop_assert_eq!(q.offset_bytes(), None, "step {}", step);
                }
                continue;
            }
            Op::Load(i, w) => {
                let Some((p, r)) = pick(&ptrs, i) else {
                    continue;
                };
                let real = mem.load(p, scalar(w)).map_or_else(classify, Outcome::Value);
                let model = match reference.read(r, u64::from(w)) {
                    Outcome::Bytes(b) => {
                        let mut word = [0u8; 8];
                        word[..b.len()].copy_from_slice(&b);
                        Outcome::Value(u64::from_le_bytes(word))
                    }
                    other => other,
                };
                (real, model)
            }
            Op::Store(i, w, v) => {
                let Some((p, r)) = pick(&ptrs, i) else {
                    continue;
                };
                let real = mem
                    .store(p, scalar(w), v, 3)
                    .map_or_else(classify, |()| Outcome::Ok);
                let bytes: Vec<Option<u8>> = v.to_le_bytes()[..w as usize]
                    .iter()
                    .map(|&b| Some(b))
                    .collect();
                (real, reference.write(r, &bytes))
            }
            Op::Fill(i, b, n) => {
                let Some((p, r)) = pick(&ptrs, i) else {
                    continue;
                };
                let real = mem
                    .fill(p, b, Size::from_bytes(n), 4)
                    .map_or_else(classify, |()| Outcome::Ok);
                let model = match reference.range(r, n) {
                    _ if n == 0 => reference.zero_ok(r).map_or_else(|e| e, |()| Outcome::Ok),
                    Err(e) => e,
                    Ok(_) => reference.write(r, &vec![Some(b); n as usize]),
                };
                (real, model)
            }
            Op::Copy(d, s, n) => {
                let (Some((dp, dr)), Some((sp, sr))) = (pick(&ptrs, d), pick(&ptrs, s)) else {
                    continue;
                };
                let real = match mem.copy(dp, sp, Size::from_bytes(n), 5) {
                    Ok(()) => Outcome::Ok,
                    Err(CopyError { err, .. }) => classify(err),
                };
                // The source is checked first (without its init bits: they are copied).
                let model = if n == 0 {
                    reference
                        .zero_ok(sr)
                        .and_then(|()| reference.zero_ok(dr))
                        .map_or_else(|e| e, |()| Outcome::Ok)
                } else {
                    match reference.range(sr, n) {
                        Err(e) => e,
                        Ok((b, off)) => {
                            let data = reference.blocks[b].0[off..off + n as usize].to_vec();
                            reference.write(dr, &data)
                        }
                    }
                };
                (real, model)
            }
            Op::Read(i, n) => {
                let Some((p, r)) = pick(&ptrs, i) else {
                    continue;
                };
                let real = mem
                    .read_init_bytes(p, Size::from_bytes(n))
                    .map_or_else(classify, Outcome::Bytes);
                (real, reference.read(r, n))
            }
        };
        prop_assert_eq!(real, model, "step {}: {:?}", step, op);
    }
    // At the end every live block holds exactly the reference's bytes and init bits.
    for (p, r) in &ptrs {
        let (bytes, live) = &reference.blocks[r.block];
        let id: AllocId = p.alloc_id().expect("a heap pointer");
        match mem.live(id) {
            Some(a) if *live => {
                for (i, want) in bytes.iter().enumerate() {
                    prop_assert_eq!(a.is_init(i as u64), want.is_some());
                    if let Some(b) = want {
                        prop_assert_eq!(a.bytes()[i], *b);
                    }
                }
            }
            None => prop_assert!(!live, "a live block is gone"),
            Some(_) => prop_assert!(false, "a freed block is live"),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    })]

    #[test]
    fn memory_model_agrees_with_the_reference(ops in prop::collection::vec(op(), 1..120)) {
        run(&ops)?;
    }
}
