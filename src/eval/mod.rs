//! Execution of a checked program over the memory model.
//!
//! [`Machine::link`] gives every function, global and string literal of a [`Program`] its
//! allocation (so addresses are deterministic: functions, then the standard streams, then
//! globals, then literals, in declaration order) and compiles the functions to bytecode;
//! [`Machine::run_main`] runs `main` and the `atexit` handlers.
//!
//! Invariant: `eval` reads only the checked [`Program`] (never the AST), and touches
//! program memory only through `mem`.

mod bounds;
pub mod builtins;
pub mod compile;
pub mod convert;
pub mod files;
pub mod format;
mod frames;
pub mod pause;
mod rare;
pub mod vm;
pub(crate) mod wide;

use crate::bytecode::{CompileError, CompiledProgram, SiteInfo, SiteKind};
use crate::mem::{AllocError, MemError, Origin, Pointer, Size, NO_SITE};
use crate::sema::program::{GlobalKind, Program, RelocTarget};
pub use vm::{Machine, Trap};

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// `main` returned or `exit` was called, with this status.
    Exited(i32),
    /// The program was stopped by an error.
    Trapped(Trap),
}

/// Resource limits of a run (SPEC §1).
#[derive(Clone, Debug)]
pub struct Limits {
    pub max_steps: u64,
    pub max_frames: usize,
    /// What the program's objects may take on the host (`--heap-limit`; see
    /// `mem::MemLimits`).
    pub memory_bytes: u64,
    pub output_bytes: u64,
    /// The N-th heap allocation returns NULL (`--fail-alloc N`).
    pub fail_alloc: Option<u64>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_steps: 5_000_000_000,
            max_frames: 100_000,
            memory_bytes: 1 << 30,
            output_bytes: 64 << 20,
            fail_alloc: None,
        }
    }
}

impl Machine {
    /// Allocates whatever of `prog` is not yet allocated and compiles the functions listed
    /// in `recompile` (all new functions are compiled too).
    pub fn link(&mut self, prog: &Program, recompile: &[u32]) -> Result<(), CompileError> {
        let cp = &mut self.prog;
        let too_large = |span, what: &str, size: u64| CompileError {
            span,
            message: format!(
                "{what} is too large ({size} bytes): cmem's objects are smaller than 2 GiB"
            ),
            ..CompileError::default()
        };
        let no_ids = |span| CompileError {
            span,
            message: "the program has more objects than cmem can number".into(),
            ..CompileError::default()
        };
        let over_limit = |span, what: &str, limit: u64| {
            CompileError {
            span,
            message: format!(
                "{what} does not fit in the memory limit ({limit} bytes for all objects, bookkeeping included)"
            ),
            memory_limit: true,
        }
        };
        // Functions.
        let n_funcs_before = cp.func_ptrs.len();
        for (f, func) in prog.functions.iter().enumerate().skip(n_funcs_before) {
            let p = match self.mem.alloc(Size::ZERO, Origin::Function, false) {
                Ok(p) => p,
                Err(AllocError::MemoryLimit { limit, .. }) => {
                    return Err(over_limit(func.span, &format!("`{}`", func.name), limit))
                }
                Err(_) => return Err(no_ids(func.span)),
            };
            cp.register_func_ptr(f as u32, p);
        }
        // The standard streams, once.
        if self.io.streams == [Pointer::NULL; 3] {
            for i in 0..3 {
                let stream = Origin::Stream { site: NO_SITE };
                self.io.streams[i] = match self.mem.alloc(Size::ZERO, stream, false) {
                    Ok(p) => p,
                    Err(AllocError::MemoryLimit { limit, .. }) => {
                        let span = crate::source::Span::default();
                        return Err(over_limit(span, "stdin", limit));
                    }
                    Err(_) => return Err(no_ids(crate::source::Span::default())),
                };
            }
        }
        // Globals: allocate all first, then fill (initialisers may point to later ones).
        let n_globals_before = cp.global_ptrs.len();
        for (i, g) in prog.globals.iter().enumerate().skip(n_globals_before) {
            let Some(size) = prog.types.size_of(g.ty) else {
                return Err(CompileError {
                    span: g.span,
                    message: format!("`{}` has an incomplete type", g.name),
                    ..CompileError::default()
                });
            };
            let decl = cp.add_site(SiteInfo {
                span: g.span,
                func: u32::MAX,
                kind: SiteKind::Global(i as u32),
            });
            let origin = Origin::Global {
                decl,
                global: i as u32,
            };
            let p = match self
                .mem
                .alloc(Size::from_bytes(size), origin, !g.uninitialized)
            {
                Ok(p) => p,
                Err(AllocError::OutOfIds) => return Err(no_ids(g.span)),
                Err(AllocError::MemoryLimit { limit, .. }) => {
                    return Err(over_limit(g.span, &format!("`{}`", g.name), limit))
                }
                Err(AllocError::TooLarge { .. }) => {
                    return Err(too_large(g.span, &format!("`{}`", g.name), size))
                }
            };
            cp.global_ptrs.push(p);
        }
        let n_strings_before = cp.str_ptrs.len();
        for (i, s) in prog.strings.iter().enumerate().skip(n_strings_before) {
            let size = s.bytes.len() as u64;
            let origin = Origin::Literal { string: i as u32 };
            let p = match self.mem.alloc(Size::from_bytes(size), origin, true) {
                Ok(p) => p,
                Err(AllocError::OutOfIds) => return Err(no_ids(s.span)),
                Err(AllocError::MemoryLimit { limit, .. }) => {
                    return Err(over_limit(s.span, "a string literal", limit))
                }
                Err(AllocError::TooLarge { .. }) => {
                    return Err(too_large(s.span, "a string literal", size))
                }
            };
            self.mem
                .load_static(p, &s.bytes)
                .unwrap_or_else(|e| crate::bug!("literal {i} does not fit its allocation: {e:?}"));
            cp.str_ptrs.push(p);
            cp.strings.push(s.bytes.clone());
        }
        for (i, g) in prog.globals.iter().enumerate().skip(n_globals_before) {
            let p = cp.global_ptrs[i];
            let loaded = match g.kind {
                GlobalKind::Stream(k) => {
                    self.mem
                        .init_pointer(p, self.io.streams[k as usize], NO_SITE)
                }
                GlobalKind::Errno => {
                    self.errno_ptr = p;
                    Ok(())
                }
                GlobalKind::User => match &g.init {
                    Some(init) => Self::load_init(&mut self.mem, cp, p, init),
                    None => Ok(()),
                },
            };
            loaded.unwrap_or_else(|e| crate::bug!("initialiser of global {i} failed: {e:?}"));
        }
        // Functions to compile.
        let n_compiled = cp.funcs.len();
        let mut todo: Vec<u32> = (n_compiled as u32..prog.functions.len() as u32).collect();
        todo.extend(
            recompile
                .iter()
                .copied()
                .filter(|f| (*f as usize) < n_compiled),
        );
        for f in todo {
            compile::compile_function(prog, cp, f)?;
        }
        Ok(())
    }

    /// Writes a global's initial bytes and its relocations (pointers to other globals,
    /// literals and functions).
    fn load_init(
        mem: &mut crate::mem::Memory,
        cp: &CompiledProgram,
        p: Pointer,
        init: &crate::sema::program::StaticInit,
    ) -> Result<(), MemError> {
        mem.load_static(p, &init.bytes)?;
        for r in &init.relocs {
            let table = match r.target {
                RelocTarget::Global(t) => cp.global_ptrs.get(t.0 as usize),
                RelocTarget::Str(t) => cp.str_ptrs.get(t.0 as usize),
                RelocTarget::Func(t) => cp.func_ptrs.get(t.0 as usize),
            };
            let Some(&target) = table else {
                crate::bug!(
                    "relocation to an object that was not allocated: {:?}",
                    r.target
                )
            };
            mem.init_pointer(
                p.offset_by(r.offset as i64),
                target.offset_by(r.addend),
                NO_SITE,
            )?;
        }
        Ok(())
    }

    /// Builds `argv` (program name first) as objects the program may read and write.
    pub fn make_argv(&mut self, args: &[String]) -> Result<(u64, Pointer), AllocError> {
        let mut ptrs = Vec::with_capacity(args.len());
        for a in args {
            let mut bytes = a.as_bytes().to_vec();
            bytes.push(0);
            let size = Size::from_bytes(bytes.len() as u64);
            let p = self.mem.alloc(size, Origin::Argv, true)?;
            self.mem
                .load_static(p, &bytes)
                .unwrap_or_else(|e| crate::bug!("argv string does not fit: {e:?}"));
            ptrs.push(p);
        }
        let n = Size::from_bytes(8 * (ptrs.len() as u64 + 1));
        let argv = self.mem.alloc(n, Origin::Argv, true)?;
        for (i, p) in ptrs.iter().enumerate() {
            self.mem
                .init_pointer(argv.offset_by(8 * i as i64), *p, NO_SITE)
                .unwrap_or_else(|e| crate::bug!("argv pointer does not fit: {e:?}"));
        }
        Ok((ptrs.len() as u64, argv))
    }

    /// Runs `main` with `args` (`argv[0]` first), then the `atexit` handlers.
    pub fn run_main(&mut self, main: u32, args: &[String]) -> Outcome {
        if let Err(o) = self.start_main(main, args) {
            return o;
        }
        let ran = self.run(0);
        self.finish_main(ran)
    }

    /// Enters `main` with `args` without running it (`run(0)` or, for the debugger,
    /// `resume(0)` runs it; `finish_main` ends the run).
    pub fn start_main(&mut self, main: u32, args: &[String]) -> Result<(), Outcome> {
        let nparams = self.prog.funcs.get(main as usize).map_or(0, |f| f.nparams);
        let call_args: Vec<u64> = if nparams >= 2 {
            match self.make_argv(args) {
                Ok((argc, argv)) => vec![argc, argv.to_bits()],
                Err(_) => {
                    return Err(Outcome::Trapped(Trap::BadArgument {
                        via: crate::sema::builtins::Builtin::Exit,
                        what: "the command-line arguments are too large".into(),
                    }))
                }
            }
        } else {
            Vec::new()
        };
        self.frames.clear();
        self.enter_outside(main, &call_args)
            .map(|_| ())
            .map_err(Outcome::Trapped)
    }

    /// After `main`'s frame is gone (or a trap): its status, `exit`, the `atexit`
    /// handlers (not stepped through by a debugger), the streams flushed.
    pub fn finish_main(&mut self, ran: Result<(), Trap>) -> Outcome {
        let status = match ran {
            Ok(()) => self.regs[0] as i32,
            Err(Trap::Exit(code)) => {
                let site = self.user_site();
                self.unwind_all(site);
                code
            }
            Err(t) => {
                self.io.flush();
                return Outcome::Trapped(t);
            }
        };
        if let Some(h) = self.hooks.as_mut() {
            h.off = true;
        }
        // atexit handlers run in reverse order of registration.
        self.frames.clear();
        while let Some(f) = self.atexit.pop() {
            match self.call(f, &[]) {
                Ok(_) => {}
                Err(Trap::Exit(_)) => {}
                Err(t) => {
                    self.io.flush();
                    return Outcome::Trapped(t);
                }
            }
        }
        self.frames.clear();
        self.io.flush();
        Outcome::Exited(status)
    }
}
