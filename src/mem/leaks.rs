//! Leak analysis: which live heap blocks can no longer be reached, and how.
//!
//! Roots are the pointer words of every live non-heap object (globals, literals and, while
//! the program still runs, stack objects) plus any extra root values the caller passes
//! (the REPL's variables held in registers). A pointer into the middle of a block keeps it
//! reachable. The analysis is linear in blocks and pointer words.

use super::{ptr_id, AllocKind, Memory, Ptr, Site, State, NO_SITE};
use crate::diag::LeakKind;

/// One unfreed heap block at the time of the analysis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leak {
    pub id: u32,
    pub size: u64,
    pub kind: LeakKind,
    pub site: Site,
    /// Where the last pointer to it disappeared, when that is known exactly.
    pub lost_site: Option<Site>,
}

/// Classifies every live heap block that would leak if the program ended now.
/// `include_stack`: stack objects are roots (a leak check while the program runs).
pub fn find_leaks(mem: &Memory, include_stack: bool, extra_roots: &[Ptr]) -> Vec<Leak> {
    let allocs = mem.all();
    let n = allocs.len();
    let is_heap = |id: usize| {
        allocs
            .get(id)
            .is_some_and(|a| a.state == State::Live && a.kind == AllocKind::Heap)
    };
    // 0: unreached, 1: reachable from roots, 2: lost (classified below)
    let mut reached = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let visit = |p: Ptr, reached: &mut Vec<bool>, stack: &mut Vec<usize>| {
        let id = ptr_id(p) as usize;
        if is_heap(id) && !reached[id] {
            reached[id] = true;
            stack.push(id);
        }
    };
    for (id, a) in allocs.iter().enumerate() {
        if a.state != State::Live {
            continue;
        }
        let root = match a.kind {
            AllocKind::Global | AllocKind::Literal => true,
            AllocKind::Stack => include_stack,
            _ => false,
        };
        if root {
            for off in a.pointer_words() {
                visit(a.read_u64(off), &mut reached, &mut stack);
            }
        }
        let _ = id;
    }
    for &p in extra_roots {
        visit(p, &mut reached, &mut stack);
    }
    while let Some(id) = stack.pop() {
        let a = &allocs[id];
        for off in a.pointer_words() {
            visit(a.read_u64(off), &mut reached, &mut stack);
        }
    }
    // Still reachable blocks, then lost ones.
    let mut out = Vec::new();
    let lost: Vec<usize> = (1..n).filter(|&id| is_heap(id) && !reached[id]).collect();
    // Incoming pointers from other lost blocks.
    let mut has_lost_parent = vec![false; n];
    for &id in &lost {
        for off in allocs[id].pointer_words() {
            let t = ptr_id(allocs[id].read_u64(off)) as usize;
            if t != id && is_heap(t) && !reached[t] {
                has_lost_parent[t] = true;
            }
        }
    }
    let mut kind = vec![None::<LeakKind>; n];
    let mark_indirect = |root: usize, kind: &mut Vec<Option<LeakKind>>| {
        let mut st = vec![root];
        while let Some(id) = st.pop() {
            for off in allocs[id].pointer_words() {
                let t = ptr_id(allocs[id].read_u64(off)) as usize;
                if is_heap(t) && !reached[t] && kind[t].is_none() {
                    kind[t] = Some(LeakKind::IndirectlyLost);
                    st.push(t);
                }
            }
        }
    };
    for &id in &lost {
        if !has_lost_parent[id] {
            kind[id] = Some(LeakKind::DefinitelyLost);
        }
    }
    for &id in &lost {
        if kind[id] == Some(LeakKind::DefinitelyLost) {
            mark_indirect(id, &mut kind);
        }
    }
    // Cycles with no definitely-lost entry: the oldest block of each leads.
    for &id in &lost {
        if kind[id].is_none() {
            kind[id] = Some(LeakKind::DefinitelyLost);
            mark_indirect(id, &mut kind);
        }
    }
    for id in 1..n {
        if !is_heap(id) {
            continue;
        }
        let a = &allocs[id];
        let k = if reached[id] {
            LeakKind::StillReachable
        } else {
            kind[id].unwrap_or(LeakKind::DefinitelyLost)
        };
        let lost_site = (k == LeakKind::DefinitelyLost && a.refs == 0 && a.lost_site != NO_SITE)
            .then_some(a.lost_site);
        out.push(Leak {
            id: id as u32,
            size: a.size(),
            kind: k,
            site: a.site,
            lost_site,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mem::{ptr_add, MemLimits};
    use crate::sema::types::Scalar;

    #[test]
    fn classifies_lost_indirect_and_reachable() {
        let mut m = Memory::new(MemLimits {
            heap_bytes: 1 << 20,
        });
        let g = m.alloc(8, AllocKind::Global, 0, true).unwrap();
        let kept = m.alloc(8, AllocKind::Heap, 1, false).unwrap();
        m.store(g, Scalar::Ptr, kept, 0).unwrap();
        // A list head -> n1 -> n2, head lost.
        let head = m.alloc(16, AllocKind::Heap, 2, false).unwrap();
        let n1 = m.alloc(16, AllocKind::Heap, 3, false).unwrap();
        let n2 = m.alloc(16, AllocKind::Heap, 4, false).unwrap();
        m.store(ptr_add(head, 8), Scalar::Ptr, n1, 0).unwrap();
        m.store(ptr_add(n1, 8), Scalar::Ptr, n2, 0).unwrap();
        // A two-block cycle with no way in.
        let c1 = m.alloc(8, AllocKind::Heap, 5, false).unwrap();
        let c2 = m.alloc(8, AllocKind::Heap, 6, false).unwrap();
        m.store(c1, Scalar::Ptr, c2, 0).unwrap();
        m.store(c2, Scalar::Ptr, c1, 0).unwrap();
        let leaks = find_leaks(&m, false, &[]);
        let k = |p: Ptr| leaks.iter().find(|l| l.id == ptr_id(p)).map(|l| l.kind);
        assert_eq!(k(kept), Some(LeakKind::StillReachable));
        assert_eq!(k(head), Some(LeakKind::DefinitelyLost));
        assert_eq!(k(n1), Some(LeakKind::IndirectlyLost));
        assert_eq!(k(n2), Some(LeakKind::IndirectlyLost));
        assert_eq!(k(c1), Some(LeakKind::DefinitelyLost));
        assert_eq!(k(c2), Some(LeakKind::IndirectlyLost));
    }
}
