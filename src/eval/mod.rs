//! Execution of a checked program over the memory model.
//!
//! [`Machine::link`] gives every function, global and string literal of a [`Program`] its
//! allocation (so addresses are deterministic: functions, then the standard streams, then
//! globals, then literals, in declaration order) and compiles the functions to bytecode;
//! [`Machine::run_main`] runs `main` and the `atexit` handlers.
//!
//! Invariant: `eval` reads only the checked [`Program`] (never the AST), and touches
//! program memory only through `mem`.

pub mod builtins;
pub mod compile;
pub mod format;
pub mod insn;
pub mod vm;

use crate::mem::{make_ptr, ptr_add, AllocKind, Ptr, NO_SITE};
use crate::sema::program::{GlobalKind, Program, RelocTarget};
use compile::{CompileError, SiteInfo, SiteKind};
pub use vm::{Limits, Machine, Trap};

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// `main` returned or `exit` was called, with this status.
    Exited(i32),
    /// The program was stopped by an error.
    Trapped(Trap),
}

impl Machine {
    /// Allocates whatever of `prog` is not yet allocated and compiles the functions listed
    /// in `recompile` (all new functions are compiled too).
    pub fn link(&mut self, prog: &Program, recompile: &[u32]) -> Result<(), CompileError> {
        let cp = &mut self.prog;
        // Functions.
        let n_funcs_before = cp.func_ptrs.len();
        for f in n_funcs_before..prog.functions.len() {
            let p = self
                .mem
                .alloc(0, AllocKind::Function, NO_SITE, false)
                .unwrap_or(0);
            cp.register_func_ptr(f as u32, p);
        }
        // The standard streams, once.
        if self.io.streams == [0; 3] {
            for i in 0..3 {
                self.io.streams[i] = self
                    .mem
                    .alloc(0, AllocKind::Stream, NO_SITE, false)
                    .unwrap_or(0);
            }
        }
        // Globals: allocate all first, then fill (initialisers may point to later ones).
        let n_globals_before = cp.global_ptrs.len();
        for (i, g) in prog.globals.iter().enumerate().skip(n_globals_before) {
            let size = prog.types.size_of(g.ty).unwrap_or(0);
            let site = cp.add_site(SiteInfo {
                span: g.span,
                func: u32::MAX,
                kind: SiteKind::Global(i as u32),
            });
            let p = self
                .mem
                .alloc(size, AllocKind::Global, site, !g.uninitialized)
                .unwrap_or(0);
            self.mem.set_tag(p, i as u32);
            cp.global_ptrs.push(p);
        }
        let n_strings_before = cp.str_ptrs.len();
        for (i, s) in prog.strings.iter().enumerate().skip(n_strings_before) {
            let p = self
                .mem
                .alloc(s.bytes.len() as u64, AllocKind::Literal, NO_SITE, true)
                .unwrap_or(0);
            self.mem.load_static(p, &s.bytes);
            self.mem.set_tag(p, i as u32);
            cp.str_ptrs.push(p);
            cp.strings.push(s.bytes.clone());
        }
        for (i, g) in prog.globals.iter().enumerate().skip(n_globals_before) {
            let p = cp.global_ptrs[i];
            match g.kind {
                GlobalKind::Stream(k) => self.mem.init_pointer(p, self.io.streams[k as usize]),
                GlobalKind::Errno => self.errno_ptr = p,
                GlobalKind::User => {
                    if let Some(init) = &g.init {
                        self.mem.load_static(p, &init.bytes);
                        for r in &init.relocs {
                            let target = match r.target {
                                RelocTarget::Global(t) => {
                                    cp.global_ptrs.get(t.0 as usize).copied().unwrap_or(0)
                                }
                                RelocTarget::Str(t) => {
                                    cp.str_ptrs.get(t.0 as usize).copied().unwrap_or(0)
                                }
                                RelocTarget::Func(t) => {
                                    cp.func_ptrs.get(t.0 as usize).copied().unwrap_or(0)
                                }
                            };
                            self.mem.init_pointer(
                                ptr_add(p, r.offset as i64),
                                ptr_add(target, r.addend),
                            );
                        }
                    }
                }
            }
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
            // A developer aid (the one place the library writes on its own): the bytecode
            // of each user function, for profiling the compiler's output.
            if std::env::var_os("CMEM_DUMP_BYTECODE").is_some() {
                let cf = &cp.funcs[f as usize];
                if !cf.library {
                    let mut out = String::new();
                    for (i, insn) in cf.code.iter().enumerate() {
                        out.push_str(&format!("{} {i:4} {insn:?}\n", cf.name));
                    }
                    let _ = std::io::Write::write_all(&mut std::io::stderr(), out.as_bytes());
                }
            }
        }
        Ok(())
    }

    /// Builds `argv` (program name first) as objects the program may read and write.
    pub fn make_argv(&mut self, args: &[String]) -> (u64, Ptr) {
        let mut ptrs = Vec::with_capacity(args.len());
        for a in args {
            let mut bytes = a.as_bytes().to_vec();
            bytes.push(0);
            let p = self
                .mem
                .alloc(bytes.len() as u64, AllocKind::Global, NO_SITE, true)
                .unwrap_or(0);
            self.mem.load_static(p, &bytes);
            ptrs.push(p);
        }
        let argv = self
            .mem
            .alloc(
                8 * (ptrs.len() as u64 + 1),
                AllocKind::Global,
                NO_SITE,
                true,
            )
            .unwrap_or(0);
        for (i, p) in ptrs.iter().enumerate() {
            self.mem.init_pointer(ptr_add(argv, 8 * i as i64), *p);
        }
        (ptrs.len() as u64, argv)
    }

    /// Runs `main` with `args` (`argv[0]` first), then the `atexit` handlers.
    pub fn run_main(&mut self, main: u32, args: &[String]) -> Outcome {
        let nparams = self.prog.funcs.get(main as usize).map_or(0, |f| f.nparams);
        let call_args: Vec<u64> = if nparams >= 2 {
            let (argc, argv) = self.make_argv(args);
            vec![argc, argv]
        } else {
            Vec::new()
        };
        let status = match self.call(main, &call_args) {
            Ok(v) => v as i32,
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

/// The address a function has in a program (for tests).
pub fn function_address(id: u32) -> Ptr {
    make_ptr(id, 0)
}
