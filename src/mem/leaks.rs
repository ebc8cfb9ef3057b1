//! Leak analysis: which live heap blocks can no longer be reached, and how.
//!
//! Roots are the pointer words of every live non-heap object (globals, literals, `argv`
//! and, while the program still runs, locals) plus any extra root values the caller passes
//! (the REPL's variables held in registers). A pointer into the middle of a block keeps it
//! reachable. The analysis is linear in blocks and pointer words.

use super::{AllocId, Allocation, Memory, Origin, Pointer, Site, Size, Slot};

/// How a block that was never freed stands at the time of the analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LeakKind {
    /// No pointer to it remains anywhere.
    DefinitelyLost,
    /// Only other lost blocks point to it.
    IndirectlyLost,
    /// A root still points to it.
    StillReachable,
}

/// One unfreed heap block at the time of the analysis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leak {
    pub id: AllocId,
    pub size: Size,
    pub kind: LeakKind,
    pub site: Site,
    /// Where the last pointer to it disappeared, when that is known exactly.
    pub lost_site: Option<Site>,
}

/// Classifies every live heap block (from malloc) that would leak if the program ended
/// now. `include_stack`: locals are roots (a leak check while the program runs).
pub fn find_leaks(mem: &Memory, include_stack: bool, extra_roots: &[Pointer]) -> Vec<Leak> {
    let n = mem.slot_count();
    let heap = |i: usize| -> Option<&Allocation> {
        match mem.slot(AllocId::from_raw(i as u32)) {
            // The program's blocks and the library's (a helper of the built-in headers
            // that the program could call too).
            Some(Slot::Live(a))
                if matches!(a.origin(), Origin::Heap { .. } | Origin::Scratch { .. }) =>
            {
                Some(a)
            }
            _ => None,
        }
    };
    let mut reached = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    // (A pointer bounded to a sub-object reaches the block of its view.)
    let visit = |p: Pointer, reached: &mut Vec<bool>, stack: &mut Vec<usize>| {
        let i = mem.canonical(p).slot_index();
        if heap(i).is_some() && !reached[i] {
            reached[i] = true;
            stack.push(i);
        }
    };
    for (_, slot) in mem.slots() {
        let Slot::Live(a) = slot else { continue };
        let root = match a.origin() {
            Origin::Global { .. } | Origin::Literal { .. } | Origin::Argv => true,
            Origin::Local { .. } => include_stack,
            _ => false,
        };
        if root {
            for off in a.pointer_words() {
                visit(a.pointer_at(off), &mut reached, &mut stack);
            }
        }
    }
    for &p in extra_roots {
        visit(p, &mut reached, &mut stack);
    }
    while let Some(i) = stack.pop() {
        if let Some(a) = heap(i) {
            for off in a.pointer_words() {
                visit(a.pointer_at(off), &mut reached, &mut stack);
            }
        }
    }
    let lost: Vec<usize> = (1..n)
        .filter(|&i| heap(i).is_some() && !reached[i])
        .collect();
    let lost_targets = |i: usize| {
        heap(i)
            .into_iter()
            .flat_map(|a| {
                a.pointer_words()
                    .map(|off| mem.canonical(a.pointer_at(off)).slot_index())
            })
            .filter(|&t| heap(t).is_some() && !reached[t])
    };
    // Incoming pointers from other lost blocks.
    let mut has_lost_parent = vec![false; n];
    for &i in &lost {
        for t in lost_targets(i) {
            if t != i {
                has_lost_parent[t] = true;
            }
        }
    }
    let mut kind = vec![None::<LeakKind>; n];
    let mark_indirect = |root: usize, kind: &mut Vec<Option<LeakKind>>| {
        let mut st = vec![root];
        while let Some(i) = st.pop() {
            for t in lost_targets(i) {
                if kind[t].is_none() {
                    kind[t] = Some(LeakKind::IndirectlyLost);
                    st.push(t);
                }
            }
        }
    };
    for &i in &lost {
        if !has_lost_parent[i] {
            kind[i] = Some(LeakKind::DefinitelyLost);
        }
    }
    for &i in &lost {
        if kind[i] == Some(LeakKind::DefinitelyLost) {
            mark_indirect(i, &mut kind);
        }
    }
    // Cycles with no definitely-lost entry: the oldest block of each leads.
    for &i in &lost {
        if kind[i].is_none() {
            kind[i] = Some(LeakKind::DefinitelyLost);
            mark_indirect(i, &mut kind);
        }
    }
    let mut out = Vec::new();
    for i in 1..n {
        let Some(a) = heap(i) else { continue };
        let k = if reached[i] {
            LeakKind::StillReachable
        } else {
            kind[i].unwrap_or(LeakKind::DefinitelyLost)
        };
        let (Origin::Heap { site } | Origin::Scratch { site }) = a.origin() else {
            continue;
        };
        out.push(Leak {
            id: AllocId::from_raw(i as u32),
            size: a.size(),
            kind: k,
            site,
            lost_site: a
                .lost_at()
                .filter(|_| k == LeakKind::DefinitelyLost && a.refs() == 0),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mem::{MemLimits, Scalar};

    #[test]
    fn classifies_lost_indirect_and_reachable() {
        let mut m = Memory::new(MemLimits { bytes: 1 << 20 });
        let alloc = |m: &mut Memory, n: u64, origin: Origin| {
            m.alloc(Size::from_bytes(n), origin, false).unwrap()
        };
        let heap = |site| Origin::Heap { site };
        let g = alloc(&mut m, 8, Origin::Global { decl: 0, global: 0 });
        let kept = alloc(&mut m, 8, heap(1));
        let store = |m: &mut Memory, at: Pointer, p: Pointer| {
            m.store(at, Scalar::Ptr, p.to_bits(), 0).unwrap()
        };
        store(&mut m, g, kept);
        // A list head -> n1 -> n2, head lost.
        let head = alloc(&mut m, 16, heap(2));
        let n1 = alloc(&mut m, 16, heap(3));
        let n2 = alloc(&mut m, 16, heap(4));
        store(&mut m, head.offset_by(8), n1);
        store(&mut m, n1.offset_by(8), n2);
        // A two-block cycle with no way in.
        let c1 = alloc(&mut m, 8, heap(5));
        let c2 = alloc(&mut m, 8, heap(6));
        store(&mut m, c1, c2);
        store(&mut m, c2, c1);
        let leaks = find_leaks(&m, false, &[]);
        let k = |p: Pointer| {
            leaks
                .iter()
                .find(|l| Some(l.id) == p.alloc_id())
                .map(|l| l.kind)
        };
        assert_eq!(k(kept), Some(LeakKind::StillReachable));
        assert_eq!(k(head), Some(LeakKind::DefinitelyLost));
        assert_eq!(k(n1), Some(LeakKind::IndirectlyLost));
        assert_eq!(k(n2), Some(LeakKind::IndirectlyLost));
        assert_eq!(k(c1), Some(LeakKind::DefinitelyLost));
        assert_eq!(k(c2), Some(LeakKind::IndirectlyLost));
    }
}
