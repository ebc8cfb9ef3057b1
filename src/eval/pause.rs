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
    /// A statement number the debugger keeps a snapshot at (`Hooks::snap_every`); it
    /// resumes at once.
    Snapshot,
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
    /// Pause every this many statements for a snapshot (0: never).
    pub snap_every: u64,
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
        if reason.is_none() && h.snap_every != 0 && h.events % h.snap_every == 0 {
            reason = Some(PauseReason::Snapshot);
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

/// A machine's state at a pause — all but its program and its streams — to start a later
/// replay from instead of from the beginning (`Machine::snapshot`, `Machine::restore`).
#[derive(Clone)]
pub struct Snapshot {
    mem: crate::mem::Memory,
    /// The registers of the live frames (those above are unused).
    regs: Vec<u64>,
    xregs: Vec<u128>,
    reg_sites: Vec<Site>,
    last_null_return: Site,
    frames: Vec<super::vm::Frame>,
    steps_left: u64,
    warnings: Vec<super::vm::RunWarning>,
    rand_state: super::builtins::RandState,
    strtok_next: Pointer,
    atexit: Vec<u32>,
    errno_ptr: Pointer,
    stack_objects: Vec<Pointer>,
    heap_allocs: u64,
    output_charged: u64,
    format_work: u64,
    rare: super::rare::RareState,
    va_frames: Vec<super::vm::VaFrame>,
    va_calls: u32,
    calls: u64,
    jmp_targets: std::collections::HashMap<u64, super::frames::JmpTarget>,
    hooks: Option<Box<Hooks>>,
    pub io: super::builtins::IoState,
}

impl Snapshot {
    /// About how many bytes it holds.
    pub fn bytes(&self) -> u64 {
        self.mem.footprint() + 8 * self.regs.len() as u64 + 16 * self.xregs.len() as u64
    }

    /// The statement it was taken at.
    pub fn events(&self) -> u64 {
        self.hooks.as_ref().map_or(0, |h| h.events)
    }

    /// Where its standard input was.
    pub fn stdin_read(&self) -> u64 {
        self.io.stdin_read()
    }
}

impl Machine {
    /// The state of a paused machine.
    pub fn snapshot(&self) -> Snapshot {
        let top = self.frames.last().map_or(0, |fr| {
            fr.bp as usize + self.prog.funcs[fr.func as usize].nregs as usize
        });
        Snapshot {
            mem: self.mem.clone(),
            regs: self.regs[..top.min(self.regs.len())].to_vec(),
            xregs: self.xregs.clone(),
            reg_sites: self.reg_sites.clone(),
            last_null_return: self.last_null_return,
            frames: self.frames.clone(),
            steps_left: self.steps_left,
            warnings: self.warnings.clone(),
            rand_state: self.rand_state.clone(),
            strtok_next: self.strtok_next,
            atexit: self.atexit.clone(),
            errno_ptr: self.errno_ptr,
            stack_objects: self.stack_objects.clone(),
            heap_allocs: self.heap_allocs,
            output_charged: self.output_charged,
            format_work: self.format_work,
            rare: self.rare.clone(),
            va_frames: self.va_frames.clone(),
            va_calls: self.va_calls,
            calls: self.calls,
            jmp_targets: self.jmp_targets.clone(),
            hooks: self.hooks.clone(),
            io: self.io.state(),
        }
    }

    /// Becomes the machine of `s`: `self` must be a fresh machine of the same program (its
    /// register file unused), its stdin already at `s`'s position.
    pub fn restore(&mut self, s: &Snapshot) {
        self.mem = s.mem.clone();
        self.regs[..s.regs.len()].copy_from_slice(&s.regs);
        self.xregs = s.xregs.clone();
        self.reg_sites = s.reg_sites.clone();
        self.last_null_return = s.last_null_return;
        self.frames = s.frames.clone();
        self.steps_left = s.steps_left;
        self.warnings = s.warnings.clone();
        self.rand_state = s.rand_state.clone();
        self.strtok_next = s.strtok_next;
        self.atexit = s.atexit.clone();
        self.errno_ptr = s.errno_ptr;
        self.stack_objects = s.stack_objects.clone();
        self.heap_allocs = s.heap_allocs;
        self.output_charged = s.output_charged;
        self.format_work = s.format_work;
        self.rare = s.rare.clone();
        self.va_frames = s.va_frames.clone();
        self.va_calls = s.va_calls;
        self.calls = s.calls;
        self.jmp_targets = s.jmp_targets.clone();
        self.hooks = s.hooks.clone();
        self.io.set_state(&s.io);
    }
}
