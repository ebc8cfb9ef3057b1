//! The debugger's pause points, the machine's half. A program compiled for the debugger
//! (`CompiledProgram::debug`) starts each statement with an `Insn::Stmt` marker; at a
//! marker the machine counts the statement (`Hooks::events`, the position a debugger moves
//! to and from) and asks its [`Hooks`] whether to stop: at a statement number, in a frame
//! no deeper than a depth, on a breakpoint's site, or because watched bytes changed or
//! were freed. Stopping is `Trap::Pause` with the frame's pc on the marker; `resume`
//! skips it.
//!
//! Invariant: a program compiled without `debug` has no marker, so none of this runs and
//! the dispatch loop is the same (the marker is one of the instructions `rare.rs` takes).

use super::vm::{Machine, Trap};
use crate::mem::{Pointer, Site};

/// Why the machine paused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PauseReason {
    /// The statement asked for (a step, or a position replayed to).
    Step,
    /// Breakpoint `id`.
    Breakpoint(u32),
    /// Watch number `i` (index into `Hooks::watches`) changed or was freed.
    Watch(usize),
    /// Before the statement that changes watch `i` (found going backwards).
    WatchBefore(usize),
}

/// The contents of watched bytes: per byte its value, `None` if never written; `freed`
/// when its block is gone (freed, or its function returned).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Watched {
    pub bytes: Vec<Option<u8>>,
    pub gone: bool,
}

/// One watch: `len` bytes at `ptr` and what they held at the last statement.
#[derive(Clone, Debug)]
pub struct WatchState {
    pub ptr: Pointer,
    pub len: u64,
    pub last: Watched,
    /// The contents before the last change.
    pub before: Option<Watched>,
    /// The statement that made the last change (the one before the marker that saw it).
    pub changed_by: Site,
    /// The statement that made the change before that ("written before at").
    pub changed_before: Site,
}

/// What the debugger asks of the machine.
#[derive(Clone, Debug, Default)]
pub struct Hooks {
    /// Statements started so far in this run, the current one included.
    pub events: u64,
    /// Pause when `events` reaches this (0: not armed).
    pub stop_at: u64,
    /// Pause at the next statement of a frame at most this deep (0: not armed).
    pub max_depth: usize,
    /// By instruction site: the breakpoint's id + 1 (0: none).
    pub break_sites: Vec<u32>,
    pub watches: Vec<WatchState>,
    /// Record breakpoint and watch hits in `hits` instead of pausing on them (a replay
    /// looking for the last hit before a position); `stop_at` still pauses.
    pub record: bool,
    pub hits: Vec<(u64, PauseReason)>,
    /// The site of the current statement and of the one before it.
    pub site: Site,
    pub prev_site: Site,
    /// Why the last pause happened.
    pub reason: Option<PauseReason>,
    /// Off while `atexit` handlers run after `main` (they are not stepped through).
    pub off: bool,
    /// The machine stopped on a marker: `resume` steps past it.
    pub on_marker: bool,
}

impl Machine {
    /// `Insn::Stmt` at `site` (kept out of the dispatch loop: only a debugging run has
    /// markers).
    #[cold]
    #[inline(never)]
    pub(super) fn at_statement(&mut self, site: Site) -> Result<(), Trap> {
        let Some(mut h) = self.hooks.take() else {
            return Ok(());
        };
        let paused = self.check_hooks(&mut h, site);
        self.hooks = Some(h);
        if paused {
            Err(Trap::Pause)
        } else {
            Ok(())
        }
    }

    fn check_hooks(&self, h: &mut Hooks, site: Site) -> bool {
        if h.off {
            return false;
        }
        h.events += 1;
        h.prev_site = h.site;
        h.site = site;
        let mut reason = None;
        if h.events == h.stop_at || (h.max_depth != 0 && self.frames.len() <= h.max_depth) {
            reason = Some(PauseReason::Step);
        }
        let mut hit = None;
        if let Some(&b) = h.break_sites.get(site as usize) {
            if b != 0 {
                hit = Some(PauseReason::Breakpoint(b - 1));
            }
        }
        for (i, w) in h.watches.iter_mut().enumerate() {
            let now = self.watched(w.ptr, w.len);
            if now != w.last {
                w.before = Some(std::mem::replace(&mut w.last, now));
                w.changed_before = w.changed_by;
                w.changed_by = h.prev_site;
                hit = hit.or(Some(PauseReason::Watch(i)));
            }
        }
        if let Some(r) = hit {
            if h.record {
                h.hits.push((h.events, r));
            } else {
                reason = Some(r);
            }
        }
        h.reason = reason;
        h.on_marker = reason.is_some();
        reason.is_some()
    }

    /// The contents of `len` bytes at `p` (a watch's view of them).
    pub fn watched(&self, p: Pointer, len: u64) -> Watched {
        let p = self.mem.canonical(p);
        let live = p
            .alloc_id()
            .and_then(|id| self.mem.slot(id))
            .and_then(|s| s.live());
        let off = match p.offset() {
            crate::mem::Offset::At(o) if o >= 0 => Some(o as u64),
            _ => None,
        };
        let (Some(a), Some(off)) = (live, off) else {
            return Watched {
                bytes: Vec::new(),
                gone: true,
            };
        };
        let bytes = a.bytes();
        let bytes = (off..off.saturating_add(len).min(a.size().bytes()))
            .map(|i| a.is_init(i).then(|| bytes[i as usize]))
            .collect();
        Watched { bytes, gone: false }
    }

    /// Continues a paused run: past the marker it stopped on, until the frame stack is
    /// back to `depth` frames (or the next pause or trap).
    pub fn resume(&mut self, depth: usize) -> Result<(), Trap> {
        let on_marker = self
            .hooks
            .as_mut()
            .is_some_and(|h| std::mem::take(&mut h.on_marker));
        if let (true, Some(fr)) = (on_marker, self.frames.last_mut()) {
            fr.pc += 1;
        }
        self.run(depth)
    }
}
