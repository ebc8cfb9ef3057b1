//! The debugger: a program run whose position moves both ways. It owns one machine,
//! compiled for debugging (`CompiledProgram::debug`: a marker starts each statement, every
//! named local lives in memory), and a position: the number of the statement the machine is
//! stopped at, counted from the start of the run (`pause::Hooks::events`).
//!
//! Forward motion (step, next, finish, continue) arms the machine's hooks and resumes it.
//! Backward motion replays: the machine is deterministic (its input is recorded, its clock
//! and random numbers are its own), so a fresh machine run to statement N is the machine
//! that was at N. Every `SNAP_EVERY` statements the debugger keeps a snapshot of the
//! machine (`pause::Snapshot`, within `MAX_SNAPSHOT_BYTES`), so `back` restores the last
//! snapshot before N - 1 and replays from there (measured in BENCHMARKS.md);
//! `reverse_continue` replays from the start once, recording every breakpoint and watch hit
//! before the current position, then goes to the last one.
//!
//! Three faces use it: `cli::debug` (the `cmem debug` prompt, through [`commands`]),
//! [`dap`] (the Debug Adapter Protocol) and [`trace`] (Python Tutor's trace format).
//!
//! Invariants: output the program wrote before the furthest position reached is handed
//! out once (a replay writes it again, to a buffer); breakpoint and watch ids are never
//! reused in a session.

pub mod commands;
pub mod dap;
pub mod trace;
pub mod values;

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::driver::{self, Frontend, Options};
use crate::eval::builtins::Io;
use crate::eval::pause::{Hooks, PauseReason, WatchState};
use crate::eval::{Machine, Outcome, Trap};
use crate::mem::{Pointer, Site};
use crate::sema::types::TypeId;

/// Snapshots are taken every this many statements at first (about 30 ms of a debugging
/// run); when they hold more than [`MAX_SNAPSHOT_BYTES`], every other one is dropped and
/// the interval doubles.
const SNAP_EVERY: u64 = 1 << 20;
pub const MAX_SNAPSHOT_BYTES: u64 = 256 << 20;

/// A snapshot and how much output the run had written when it was taken.
struct Saved {
    snap: crate::eval::pause::Snapshot,
    out_len: usize,
    err_len: usize,
}

/// A watch compares its bytes at every statement: at most this many.
pub const MAX_WATCH_BYTES: u64 = 1 << 16;

/// Where a run is.
#[derive(Clone, Debug)]
pub enum State {
    /// Stopped before a statement.
    Paused(PauseReason),
    /// Stopped by an error in the statement at the position; the machine is as it was.
    Trapped(Trap),
    /// The program ended with this status.
    Exited(i32),
}

/// A way to move forward.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Motion {
    /// To the next statement, entering calls.
    StepIn,
    /// To the next statement of this function or its callers.
    StepOver,
    /// Until this function has returned.
    StepOut,
    /// Until a breakpoint, a watch, an error or the end.
    Continue,
}

/// A breakpoint: on a line (of the main file) or at a function's first statement.
#[derive(Clone, Debug)]
pub struct Breakpoint {
    pub id: u32,
    /// The line it was placed on (the line asked for, or the next line with a statement).
    pub line: u32,
    pub sites: Vec<Site>,
}

/// A watch on an lvalue's bytes or on a whole block.
#[derive(Clone, Debug)]
pub struct Watch {
    pub id: u32,
    pub expr: String,
    pub ptr: Pointer,
    pub len: u64,
    /// The lvalue's type (`None` for a whole block).
    pub ty: Option<TypeId>,
}

/// Bytes shared between the machine's stream and the debugger.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A machine with no program, held while the real one is being made or concluded.
fn placeholder(opts: &Options) -> Machine {
    let io = Io::new(
        Box::new(std::io::sink()),
        Box::new(std::io::sink()),
        Box::new(std::io::empty()),
    );
    Machine::new(Default::default(), opts.limits.clone(), io)
}

/// A debugging session of one program.
pub struct Debugger {
    pub fe: Frontend,
    opts: Options,
    stdin: Vec<u8>,
    argv: Vec<String>,
    main: u32,
    pub m: Machine,
    pub state: State,
    /// The statement the machine is at (from 1; 0 before the first).
    pub position: u64,
    pub breakpoints: Vec<Breakpoint>,
    pub watches: Vec<Watch>,
    /// The frame expressions are evaluated in (0: the innermost).
    pub frame: usize,
    out: Shared,
    err: Shared,
    /// How much of stdout and stderr has been handed out.
    shown: (usize, usize),
    next_id: u32,
    /// The report of the error or the leaks at the end (rendered), once the run ended.
    pub report: Option<Vec<Diagnostic>>,
    /// The block the error that stopped the run is about (a picture marks it).
    pub culprit: Option<crate::mem::AllocId>,
    /// Ctrl-C: stops a run going forward (every replay's machine shares it).
    interrupt: Arc<AtomicBool>,
    /// Snapshots by statement number (increasing), and their interval and size.
    saved: Vec<Saved>,
    snap_every: u64,
    snap_bytes: u64,
}

impl Debugger {
    /// Starts `fe`'s program, stopped before its first statement. `stdin` is all its input.
    pub fn start(
        fe: Frontend,
        opts: &Options,
        stdin: Vec<u8>,
        program_name: &str,
    ) -> Result<Debugger, String> {
        if fe.has_errors() {
            return Err("the program has errors; `cmem check` lists them".into());
        }
        let Some(main) = fe.program.main else {
            return Err("the program has no `main` function".into());
        };
        let argv = driver::program_args(opts, program_name);
        let mut d = Debugger {
            m: placeholder(opts),
            fe,
            opts: opts.clone(),
            stdin,
            argv,
            main: main.0,
            state: State::Exited(0),
            position: 0,
            breakpoints: Vec::new(),
            watches: Vec::new(),
            frame: 0,
            out: Shared::default(),
            err: Shared::default(),
            shown: (0, 0),
            next_id: 1,
            report: None,
            culprit: None,
            interrupt: Arc::new(AtomicBool::new(false)),
            saved: Vec::new(),
            snap_every: SNAP_EVERY,
            snap_bytes: 0,
        };
        d.replay_to(1)?;
        Ok(d)
    }

    /// A fresh machine at the start of `main`, its hooks set to stop at statement
    /// `stop_at` (0: never by number). Returns the statement it is at: 0, or with
    /// `from_snapshot`, the latest snapshot's at or before `stop_at` (the machine paused
    /// there).
    fn fresh(&mut self, stop_at: u64, from_snapshot: bool) -> Result<u64, String> {
        let snap = from_snapshot
            .then(|| self.saved.iter().rposition(|s| s.snap.events() <= stop_at))
            .flatten();
        let (out, err, stdin_at) = match snap {
            Some(i) => {
                let s = &self.saved[i];
                let out = self.out.0.borrow().get(..s.out_len).map(<[u8]>::to_vec);
                let err = self.err.0.borrow().get(..s.err_len).map(<[u8]>::to_vec);
                (out, err, s.snap.stdin_read())
            }
            None => (Some(Vec::new()), Some(Vec::new()), 0),
        };
        // (The output before a snapshot is a prefix of the current run's: positions replayed
        // to are never past the current one.)
        let (Some(out), Some(err)) = (out, err) else {
            return self.fresh(stop_at, false);
        };
        self.out = Shared(Rc::new(RefCell::new(out)));
        self.err = Shared(Rc::new(RefCell::new(err)));
        let mut stdin = std::io::Cursor::new(self.stdin.clone());
        stdin.set_position(stdin_at);
        let io = Io::new(
            Box::new(self.out.clone()),
            Box::new(self.err.clone()),
            Box::new(stdin),
        );
        let m = driver::prepare(&self.fe, &self.opts, io, true)
            .map_err(|(_, d)| d.map_or("the program cannot run".into(), |d| d.message.clone()))?;
        self.m = m;
        self.m.interrupt = self.interrupt.clone();
        self.report = None;
        self.culprit = None;
        let at = match snap {
            Some(i) => {
                self.m.restore(&self.saved[i].snap);
                self.saved[i].snap.events()
            }
            None => {
                self.m.hooks = Some(Box::default());
                let argv = self.argv.clone();
                if let Err(o) = self.m.start_main(self.main, &argv) {
                    self.end(o);
                }
                0
            }
        };
        let sites = self.m.prog.sites.len();
        let every = self.snap_every;
        let h = self.hooks();
        h.stop_at = stop_at;
        h.max_depth = 0;
        h.record = false;
        h.hits.clear();
        h.reason = None;
        h.break_sites = vec![0; sites];
        h.watches.clear();
        h.snap_every = every;
        Ok(at)
    }

    /// Resumes the machine until it stops for something else than a snapshot (taking
    /// those on the way).
    fn resume(&mut self) -> Result<(), Trap> {
        loop {
            let ran = self.m.resume(0);
            if ran == Err(Trap::Pause)
                && self.m.hooks.as_ref().and_then(|h| h.reason) == Some(PauseReason::Snapshot)
            {
                self.save_snapshot();
                continue;
            }
            return ran;
        }
    }

    /// Keeps a snapshot of the machine, paused at a statement; thins them out when they
    /// hold too much.
    fn save_snapshot(&mut self) {
        let events = self.hooks().events;
        if self.saved.last().is_some_and(|s| s.snap.events() >= events) {
            return;
        }
        self.m.io.flush();
        let snap = self.m.snapshot();
        self.snap_bytes += snap.bytes();
        self.saved.push(Saved {
            snap,
            out_len: self.out.0.borrow().len(),
            err_len: self.err.0.borrow().len(),
        });
        while self.snap_bytes > MAX_SNAPSHOT_BYTES && !self.saved.is_empty() {
            let mut keep = Vec::new();
            for (i, s) in std::mem::take(&mut self.saved).into_iter().enumerate() {
                if i % 2 == 1 {
                    keep.push(s);
                }
            }
            self.saved = keep;
            self.snap_bytes = self.saved.iter().map(|s| s.snap.bytes()).sum();
            self.snap_every *= 2;
            let every = self.snap_every;
            self.hooks().snap_every = every;
        }
    }

    /// The flag that stops a run going forward (set it from a Ctrl-C handler): the run
    /// ends as `interrupted`, and `back` still works.
    pub fn interrupt_flag(&self) -> Arc<AtomicBool> {
        self.interrupt.clone()
    }

    /// Uses `flag` as the interrupt flag (the REPL's, when it starts a debugging session).
    pub fn set_interrupt_flag(&mut self, flag: Arc<AtomicBool>) {
        self.m.interrupt = flag.clone();
        self.interrupt = flag;
    }

    fn hooks(&mut self) -> &mut Hooks {
        self.m.hooks.get_or_insert_with(Default::default)
    }

    /// Runs the machine from where it is and records where it stopped.
    fn go(&mut self) {
        if !matches!(self.state, State::Paused(_)) && self.position > 0 {
            return;
        }
        let ran = self.resume();
        self.m.io.flush();
        match ran {
            Err(Trap::Pause) => {
                let h = self.hooks();
                let reason = h.reason.unwrap_or(PauseReason::Step);
                let due = h.snap_every != 0 && h.events % h.snap_every == 0;
                self.position = h.events;
                self.state = State::Paused(reason);
                // A stop for another reason on a snapshot's statement (stepping) keeps one.
                if due {
                    self.save_snapshot();
                }
            }
            other => {
                let events = self.hooks().events;
                self.position = events;
                let outcome = self.m.finish_main(other);
                self.end(outcome);
            }
        }
        let h = self.hooks();
        h.stop_at = 0;
        h.max_depth = 0;
        self.frame = 0;
    }

    /// The run ended: keep its report (the machine stays as it was, for inspection).
    fn end(&mut self, outcome: Outcome) {
        self.m.io.flush();
        let machine = std::mem::replace(&mut self.m, placeholder(&self.opts));
        let report = driver::conclude(&self.fe, machine, &outcome);
        self.m = report.machine;
        self.culprit = report.culprit;
        let diags = driver::apply_lints(report.diagnostics, &self.opts.lints);
        self.report = Some(diags);
        self.state = match outcome {
            Outcome::Exited(s) => State::Exited(s),
            Outcome::Trapped(t) => State::Trapped(t),
        };
    }

    /// Replays from the start to statement `target`, watches and breakpoints disarmed.
    fn replay_to(&mut self, target: u64) -> Result<(), String> {
        let at = self.fresh(target, true)?;
        self.state = State::Paused(PauseReason::Step);
        self.position = at;
        if at < target {
            self.go();
        }
        self.arm();
        Ok(())
    }

    /// Installs the breakpoints and the watches (their contents as they are now).
    fn arm(&mut self) {
        let n = self.m.prog.sites.len();
        let mut sites = vec![0u32; n];
        for b in &self.breakpoints {
            for &s in &b.sites {
                if let Some(x) = sites.get_mut(s as usize) {
                    *x = b.id + 1;
                }
            }
        }
        let watches: Vec<WatchState> = self
            .watches
            .iter()
            .map(|w| WatchState {
                ptr: w.ptr,
                len: w.len,
                last: self.m.watched(w.ptr, w.len),
                before: None,
                changed_by: crate::mem::NO_SITE,
                changed_before: crate::mem::NO_SITE,
            })
            .collect();
        let h = self.hooks();
        h.break_sites = sites;
        h.watches = watches;
        h.record = false;
    }

    /// Moves forward.
    pub fn step(&mut self, motion: Motion) {
        let depth = self.m.frames.len();
        let h = self.hooks();
        match motion {
            Motion::StepIn => h.stop_at = h.events + 1,
            Motion::StepOver => h.max_depth = depth.max(1),
            Motion::StepOut => h.max_depth = depth.saturating_sub(1),
            Motion::Continue => {}
        }
        if motion == Motion::StepOut && depth <= 1 {
            // Out of `main`: to the end.
            h.max_depth = 0;
        }
        self.go();
    }

    /// Moves back one statement. `false` at the first statement.
    pub fn back(&mut self) -> Result<bool, String> {
        // At an error the position is the statement that failed: back goes before it.
        let target = match self.state {
            State::Trapped(_) | State::Exited(_) => self.position,
            State::Paused(_) => self.position.saturating_sub(1),
        };
        if target == 0 {
            return Ok(false);
        }
        self.replay_to(target)?;
        Ok(true)
    }

    /// Moves back to the last breakpoint or watch hit before the position (a watch hit:
    /// to the statement that made the change). `None` when there is none (the position
    /// is then the first statement).
    pub fn reverse_continue(&mut self) -> Result<Option<PauseReason>, String> {
        let here = match self.state {
            State::Paused(_) => self.position,
            _ => self.position + 1,
        };
        // A replay from the start that records every hit up to here.
        self.fresh(here, false)?;
        self.state = State::Paused(PauseReason::Step);
        self.position = 0;
        self.arm();
        self.hooks().record = true;
        // (How the recording run ends does not matter: only its hits.)
        let _ = self.resume();
        let hits = std::mem::take(&mut self.hooks().hits);
        let last = hits
            .iter()
            .rev()
            .map(|&(e, r)| match r {
                PauseReason::Watch(_) => (e.saturating_sub(1), r),
                _ => (e, r),
            })
            .find(|&(e, _)| e >= 1 && e < here);
        let target = last.map_or(1, |(e, _)| e);
        self.replay_to(target)?;
        if let Some((_, r)) = last {
            self.state = State::Paused(match r {
                PauseReason::Watch(i) => PauseReason::WatchBefore(i),
                r => r,
            });
        }
        Ok(last.map(|(_, r)| r))
    }

    /// Adds a breakpoint on `line` of the main file (or the next line with a statement),
    /// or at function `name`'s first statement.
    pub fn add_breakpoint(&mut self, spec: &str) -> Result<&Breakpoint, String> {
        let spec = spec.trim();
        let (line, sites) = if let Ok(line) = spec.trim_start_matches(':').parse::<u32>() {
            self.statement_sites_from(line)
                .ok_or(format!("no statement on line {line} or after it"))?
        } else {
            self.function_entry(spec).ok_or(format!(
                "no function `{spec}` with statements (a line number or a function name)"
            ))?
        };
        let id = self.new_id();
        self.breakpoints.push(Breakpoint { id, line, sites });
        self.arm();
        Ok(self.breakpoints.last().expect("just pushed"))
    }

    /// The breakpoint on the statement the machine is stopped before, if any (a run
    /// starts on its first statement: a breakpoint there is hit at once).
    pub fn breakpoint_here(&self) -> Option<u32> {
        if !matches!(self.state, State::Paused(_)) {
            return None;
        }
        let site = self.m.hooks.as_ref()?.site;
        self.breakpoints
            .iter()
            .find(|b| b.sites.contains(&site))
            .map(|b| b.id)
    }

    /// An id for a breakpoint or a watch (never reused in a session).
    fn new_id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id - 1
    }

    /// Removes a breakpoint or a watch by id.
    pub fn delete(&mut self, id: u32) -> bool {
        let before = self.breakpoints.len() + self.watches.len();
        self.breakpoints.retain(|b| b.id != id);
        self.watches.retain(|w| w.id != id);
        self.arm();
        before != self.breakpoints.len() + self.watches.len()
    }

    /// Watches an lvalue (its bytes) or, for `block EXPR`, the whole block a pointer
    /// points into.
    pub fn add_watch(&mut self, expr: &str) -> Result<&Watch, String> {
        let expr = expr.trim();
        let (whole, text) = match expr.strip_prefix("block ") {
            Some(rest) => (true, rest.trim()),
            None => (false, expr),
        };
        let v = values::eval_path(self, text)?;
        let (ptr, len, ty) = if whole {
            let p = v.pointer_value(self).ok_or("`block` needs a pointer")?;
            let p = self.m.mem.canonical(p);
            let id = p.alloc_id().ok_or("the pointer is NULL")?;
            let size = self
                .m
                .mem
                .live(id)
                .map(|a| a.size().bytes())
                .ok_or("the pointer does not point to a live block")?;
            (crate::mem::Pointer::start(id), size, None)
        } else {
            let place = v
                .place
                .ok_or(format!("`{text}` is not an object in memory"))?;
            let size = self.fe.program.types.size_of(v.ty).unwrap_or(0);
            (place, size, Some(v.ty))
        };
        if len > MAX_WATCH_BYTES {
            return Err(format!(
                "`{expr}` is {len} bytes: a watch covers at most {MAX_WATCH_BYTES} (compared at every statement); watch a member or an element"
            ));
        }
        let id = self.new_id();
        self.watches.push(Watch {
            id,
            expr: expr.to_string(),
            ptr,
            len,
            ty,
        });
        self.arm();
        Ok(self.watches.last().expect("just pushed"))
    }

    /// The sites of the statements on `line` of the main file, or of the first line after
    /// it that has some.
    fn statement_sites_from(&self, line: u32) -> Option<(u32, Vec<Site>)> {
        let main_file = self.fe.main_file;
        let mut best: Option<(u32, Vec<Site>)> = None;
        for (f, func) in self.m.prog.funcs.iter().enumerate() {
            if func.library {
                continue;
            }
            for (pc, insn) in func.code.iter().enumerate() {
                if !matches!(insn, crate::bytecode::insn::Insn::Stmt) {
                    continue;
                }
                let site = func.site_base + pc as u32;
                let Some(info) = self.m.prog.site(site) else {
                    continue;
                };
                if info.span.file != main_file {
                    continue;
                }
                let l = self.fe.sm.locate(info.span).1;
                let _ = f;
                if l < line {
                    continue;
                }
                match &mut best {
                    Some((bl, sites)) if *bl == l => sites.push(site),
                    Some((bl, _)) if *bl < l => {}
                    _ => best = Some((l, vec![site])),
                }
            }
        }
        best
    }

    /// The site of function `name`'s first statement.
    fn function_entry(&self, name: &str) -> Option<(u32, Vec<Site>)> {
        let func = self
            .m
            .prog
            .funcs
            .iter()
            .find(|f| f.name == name && f.defined && !f.library)?;
        let pc = func
            .code
            .iter()
            .position(|i| matches!(i, crate::bytecode::insn::Insn::Stmt))?;
        let site = func.site_base + pc as u32;
        let span = self.m.prog.site(site)?.span;
        Some((self.fe.sm.locate(span).1, vec![site]))
    }

    /// What the program wrote to stdout and stderr since the last call (never the same
    /// bytes twice, replays included).
    pub fn take_output(&mut self) -> (Vec<u8>, Vec<u8>) {
        self.m.io.flush();
        let out = self.out.0.borrow();
        let err = self.err.0.borrow();
        let new_out = out
            .get(self.shown.0..)
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        let new_err = err
            .get(self.shown.1..)
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        self.shown.0 = self.shown.0.max(out.len());
        self.shown.1 = self.shown.1.max(err.len());
        (new_out, new_err)
    }

    /// Everything the program wrote to stdout so far in this run.
    pub fn stdout_so_far(&mut self) -> String {
        self.m.io.flush();
        String::from_utf8_lossy(&self.out.0.borrow()).into_owned()
    }

    /// The source line the selected frame is at, and its file's name.
    pub fn location(&self, frame: usize) -> Option<(String, u32, u32)> {
        let fr = self.m.frames.iter().rev().nth(frame)?;
        let cf = self.m.prog.funcs.get(fr.func as usize)?;
        let span = self.m.prog.site(cf.site_base + fr.pc)?.span;
        let (file, line, col) = self.fe.sm.locate(span);
        Some((file, line, col))
    }

    /// Whether the run is over (ended or stopped by an error).
    pub fn finished(&self) -> bool {
        !matches!(self.state, State::Paused(_))
    }

    /// The rendered report of the end of the run (error, leaks), plain text.
    pub fn report_text(&self) -> String {
        let Some(diags) = &self.report else {
            return String::new();
        };
        let mut buf = Vec::new();
        let style = crate::diag::render::HumanStyle::plain();
        driver::emit_diagnostics(diags, &self.fe.sm, driver::Format::Human(style), &mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    }

    /// The watch a pause was for, with how it changed: (watch, before, after, changed by,
    /// changed before).
    pub fn watch_hit(&self, i: usize) -> Option<(&Watch, &WatchState)> {
        let h = self.m.hooks.as_ref()?;
        Some((self.watches.get(i)?, h.watches.get(i)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::{compile, SourceFile};
    use std::sync::atomic::Ordering;

    fn start(src: &str) -> Debugger {
        let opts = Options::default();
        let fe = compile(vec![SourceFile::new("t.c", None, src.into())], &opts);
        Debugger::start(fe, &opts, Vec::new(), "t.c").expect("it starts")
    }

    /// Ctrl-C during `continue` into an endless loop ends the run as interrupted; going
    /// back still works, and the flag is the same on every replay's machine.
    #[test]
    fn an_interrupted_run_can_still_go_back() {
        let mut d = start("int main(void) {\n    int n = 0;\n    for (;;)\n        n++;\n}\n");
        let flag = d.interrupt_flag();
        flag.store(true, Ordering::Relaxed);
        d.step(Motion::Continue);
        assert!(
            matches!(d.state, State::Trapped(Trap::Interrupted)),
            "{:?}",
            d.state
        );
        assert!(d.back().unwrap());
        assert!(matches!(d.state, State::Paused(_)));
        assert!(Arc::ptr_eq(&flag, &d.m.interrupt));
    }

    fn picture(d: &mut Debugger) -> String {
        let mut s = format!("{} {:?}\n", d.position, d.location(0));
        for v in values::locals(d, 0) {
            s.push_str(&format!("{} = {}\n", v.name, v.text(d)));
        }
        s.push_str(&d.inspector().heap_table());
        s.push_str(&d.stdout_so_far());
        s
    }

    /// Going back from snapshots (one every 3 statements here) lands on the same state —
    /// locals, heap, output, input read — as running forward from the start.
    #[test]
    fn snapshots_give_the_states_a_run_from_the_start_gives() {
        let src = "#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n    int *v = malloc(8 * sizeof *v);\n    int x = 0, sum = 0;\n    for (int i = 0; i < 8; i++) {\n        if (scanf(\"%d\", &x) == 1) v[i] = x; else v[i] = -1;\n        sum += v[i];\n        printf(\"%d:%d \", i, sum);\n    }\n    free(v);\n    return sum & 1;\n}\n";
        let opts = Options::default();
        let input = b"5 7 11 13 17 19 23 29".to_vec();
        let mk = || {
            let fe = compile(vec![SourceFile::new("t.c", None, src.into())], &opts);
            Debugger::start(fe, &opts, input.clone(), "t.c").unwrap()
        };
        let mut d = mk();
        d.snap_every = 3;
        d.hooks().snap_every = 3;
        let mut forward = Vec::new();
        while !d.finished() {
            forward.push(picture(&mut d));
            d.step(Motion::StepIn);
        }
        assert!(d.saved.len() > 5, "{} snapshots", d.saved.len());
        // Back from the end, one statement at a time, to the start.
        let mut seen = Vec::new();
        while d.back().unwrap() {
            seen.push(picture(&mut d));
        }
        seen.reverse();
        assert_eq!(seen.len(), forward.len());
        for (i, (a, b)) in forward.iter().zip(&seen).enumerate() {
            assert_eq!(a, b, "statement {i}");
        }
    }

    /// A watch is compared at every statement: a huge object is refused with advice.
    #[test]
    fn a_watch_on_a_huge_object_is_refused() {
        let mut d =
            start("char big[1 << 20];\nint main(void) {\n    big[0] = 1;\n    return 0;\n}\n");
        let e = d.add_watch("big").unwrap_err();
        assert!(
            e.contains("at most") && e.contains("member or an element"),
            "{e}"
        );
        assert!(d.add_watch("big[0]").is_ok());
    }

    /// Positions count statements: stepping forward n times and back n times returns to the
    /// start, with the same values.
    #[test]
    fn forward_then_back_is_where_it_started() {
        let mut d = start(
            "int main(void) {\n    int a = 1;\n    a = a * 3;\n    a = a + 4;\n    return a;\n}\n",
        );
        let first = d.position;
        for _ in 0..3 {
            d.step(Motion::StepIn);
        }
        assert_eq!(d.position, first + 3);
        assert_eq!(values::eval_path(&d, "a").unwrap().text(&d), "7");
        for _ in 0..3 {
            assert!(d.back().unwrap());
        }
        assert_eq!(d.position, first);
        assert!(!d.back().unwrap(), "nothing before the first statement");
        assert_eq!(d.location(0).unwrap().1, 2);
    }
}
