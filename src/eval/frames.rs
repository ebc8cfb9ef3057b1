//! Frames: entering and leaving functions (stack objects, pointer parameters and their
//! reference counts), calls from outside the loop, the call stack as sites, and the roots
//! of tombstone collection and of a running leak check.

use super::vm::*;
use crate::bytecode::insn::Insn;
use crate::mem::{AllocError, AllocId, Origin, Pointer, Site, Size, Slot, ALLOCA_LOCAL, NO_SITE};
use crate::sema::builtins::va;
use crate::sema::builtins::Builtin;

/// What a call into the program from outside its own code counts against `--max-steps`.
pub const OUTSIDE_CALL_STEPS: u64 = 1000;

impl Machine {
    /// The site of the innermost frame that is not library code (where errors are shown).
    pub fn user_site(&self) -> Site {
        for fr in self.frames.iter().rev() {
            let f = &self.prog.funcs[fr.func as usize];
            if !f.library {
                return f.site_base + fr.pc;
            }
        }
        self.frames
            .last()
            .map(|fr| self.prog.funcs[fr.func as usize].site_base + fr.pc)
            .unwrap_or(NO_SITE)
    }

    /// Sites of the call stack, innermost first (library frames included).
    pub fn stack_sites(&self) -> Vec<Site> {
        self.frames
            .iter()
            .rev()
            .map(|fr| self.prog.funcs[fr.func as usize].site_base + fr.pc)
            .collect()
    }

    /// Pushes a frame for `f` whose arguments are already in the registers at `bp`.
    pub(super) fn enter(&mut self, f: u32, bp: usize, ret_addr: Pointer) -> Result<(), Trap> {
        if self.frames.len() >= self.limits.max_frames {
            return Err(Trap::StackOverflow {
                frames: self.frames.len(),
            });
        }
        let func = &self.prog.funcs[f as usize];
        let nregs = func.nregs as usize;
        let need = bp + nregs;
        if need > REG_FILE {
            return Err(Trap::StackOverflow {
                frames: self.frames.len(),
            });
        }
        if self.reg_sites.len() < need {
            let new_len = need.max(self.reg_sites.len() * 2).min(REG_FILE);
            self.reg_sites.resize(new_len, NO_SITE);
        }
        let np = func.nparams as usize;
        self.regs[bp + np..need].fill(0);
        let caller_site = self.frames.last().map_or(NO_SITE, |c| {
            self.prog.funcs[c.func as usize].site_base + c.pc
        });
        for &r in &func.ptr_params {
            let v = self.regs[bp + r as usize];
            self.mem.inc_ref(Pointer::from_bits(v));
            self.reg_sites[bp + r as usize] = caller_site;
        }
        let n_allocs = func.mem_locals.len() as u32;
        if n_allocs > 0 && self.mem.wants_collection() {
            self.collect_tombstones();
        }
        let func = &self.prog.funcs[f as usize];
        for ml in &func.mem_locals {
            let origin = Origin::Local {
                decl: ml.site,
                local: ml.local,
            };
            let p = self
                .mem
                .alloc(Size::from_bytes(u64::from(ml.size)), origin, false)
                .map_err(|e| stack_object_error(e, self.frames.len()))?;
            self.regs[bp + ml.reg as usize] = p.to_bits();
            self.stack_objects.push(p);
        }
        self.calls += 1;
        self.frames.push(Frame {
            func: f,
            pc: 0,
            bp: bp as u32,
            ret_addr,
            n_allocs,
            serial: self.calls,
        });
        Ok(())
    }

    /// A `return` of the function whose registers start at `bp`: the returned value (a
    /// struct is copied to the caller's slot, its address returned), then the frame ends
    /// at `site`. A returned pointer is lost at the call if the caller does not keep it.
    pub(super) fn ret(
        &mut self,
        insn: Insn,
        bp: usize,
        returns_ptr: bool,
        site: Site,
    ) -> Result<u64, Trap> {
        let value = match insn {
            Insn::Ret { s } => self.regs[bp + s as usize],
            Insn::RetRecord { s, size } => {
                let src = Pointer::from_bits(self.regs[bp + s as usize]);
                let dst = self.frames.last().map_or(Pointer::NULL, |f| f.ret_addr);
                if !dst.is_null() {
                    let n = Size::from_bytes(u64::from(size));
                    self.mem.copy(dst, src, n, site).map_err(|e| Trap::Mem {
                        err: e.err,
                        write: e.write,
                        via: None,
                    })?;
                }
                dst.to_bits()
            }
            _ => 0,
        };
        if matches!(insn, Insn::Ret { .. }) && returns_ptr {
            if value == 0 {
                self.last_null_return = site;
            }
            // The returned pointer stays reachable through the result; if the caller does
            // not keep it, it is lost at the call.
            self.mem.inc_ref(Pointer::from_bits(value));
            self.leave(site);
            let caller_site = self
                .frames
                .last()
                .map(|c| self.prog.funcs[c.func as usize].site_base + c.pc)
                .unwrap_or(NO_SITE);
            self.mem.dec_ref(Pointer::from_bits(value), caller_site);
        } else {
            self.leave(site);
        }
        Ok(value)
    }

    /// `setjmp(env)`: remembers the calling frame and the call (keyed by `env`'s address)
    /// and writes into `env` what `longjmp` checks; returns 0.
    pub(crate) fn setjmp(&mut self, base: usize) -> Result<u64, Trap> {
        let env = self.ptr_arg(base, 0);
        let Some(&fr) = self.frames.last() else {
            return Ok(0);
        };
        let func = &self.prog.funcs[fr.func as usize];
        let Some(Insn::Builtin { d, .. }) = func.code.get(fr.pc as usize).copied() else {
            return Err(Trap::Unsupported {
                via: Builtin::Setjmp,
                what: "a call of `setjmp` through a function pointer".into(),
            });
        };
        let site = func.site_base + fr.pc;
        let mut state = JMP_MAGIC.to_le_bytes().to_vec();
        state.extend_from_slice(&fr.serial.to_le_bytes());
        self.mem
            .write_bytes(env, &state, site)
            .map_err(|err| Trap::Mem {
                err,
                write: true,
                via: Some(Builtin::Setjmp),
            })?;
        self.jmp_targets.insert(
            env.to_bits(),
            JmpTarget {
                depth: self.frames.len() - 1,
                serial: fr.serial,
                pc: fr.pc,
                d,
                site,
            },
        );
        Ok(0)
    }

    /// `longjmp(env, val)`: back to the frame of the `setjmp` that filled `env`, as if it
    /// returned `val` (1 for 0); the frames above it end here. It is an error when that
    /// frame has returned, and unsupported across a call from the library (a `qsort`
    /// comparison function), whose caller is not an ordinary frame (`run_depth`).
    pub(crate) fn longjmp(&mut self, base: usize, run_depth: usize) -> Result<(), Trap> {
        let b = Builtin::Longjmp;
        let (env, val) = (self.ptr_arg(base, 0), self.int_arg(base, 1));
        let state = self
            .mem
            .read_init_bytes(env, Size::from_bytes(16))
            .map_err(|err| Trap::Mem {
                err,
                write: false,
                via: Some(b),
            })?;
        let word = |i: usize| u64::from_le_bytes(state[i..i + 8].try_into().unwrap_or_default());
        let target = self.jmp_targets.get(&env.to_bits()).copied();
        let Some(t) = target.filter(|t| word(0) == JMP_MAGIC && word(8) == t.serial) else {
            return Err(Trap::BadArgument {
                via: b,
                what: "this jmp_buf was not filled by setjmp".into(),
            });
        };
        if self
            .frames
            .get(t.depth)
            .is_none_or(|f| f.serial != t.serial)
        {
            let func = self.prog.site(t.site).map_or(0, |s| s.func);
            return Err(Trap::LongjmpReturned {
                setjmp_site: t.site,
                func,
            });
        }
        if t.depth < run_depth {
            return Err(Trap::Unsupported {
                via: b,
                what: "a `longjmp` out of a function the library called".into(),
            });
        }
        let site = self.user_site();
        while self.frames.len() > t.depth + 1 {
            self.leave(site);
        }
        let fr = self.frames.last_mut().expect("the setjmp's frame");
        fr.pc = t.pc;
        let bp = fr.bp as usize;
        self.regs[bp + t.d as usize] = if val == 0 { 1 } else { val as i64 as u64 };
        Ok(())
    }

    /// A stack object of the running function, `bytes` long, allocated at `site`: the
    /// storage of variable-length array `local` (the array this declaration made the last
    /// time it ran, in an earlier loop iteration, dies first), or (`None`) an `alloca`
    /// block. Either lives at most until the function returns.
    pub(crate) fn stack_alloc(
        &mut self,
        bytes: u64,
        local: Option<u32>,
        site: Site,
    ) -> Result<Pointer, Trap> {
        let Some(n) = self.frames.last().map(|f| f.n_allocs as usize) else {
            crate::bug!("a stack object outside a function")
        };
        let base = self.stack_objects.len() - n;
        let local = local.unwrap_or(ALLOCA_LOCAL);
        let same = |o: Option<Origin>| matches!(o, Some(Origin::Local { decl, local: l }) if decl == site && l == local);
        let earlier = (base..self.stack_objects.len()).find(|&i| {
            let p = self.stack_objects[i];
            same(
                p.alloc_id()
                    .and_then(|id| self.mem.slot(id))
                    .and_then(Slot::origin),
            )
        });
        if let Some(i) = earlier.filter(|_| local != ALLOCA_LOCAL) {
            let p = self.stack_objects.remove(i);
            self.mem.end_local(p, site);
        }
        let origin = Origin::Local { decl: site, local };
        let p = self
            .mem
            .alloc(Size::from_bytes(bytes), origin, false)
            .map_err(|e| stack_object_error(e, self.frames.len()))?;
        self.stack_objects.push(p);
        if let Some(f) = self.frames.last_mut() {
            f.n_allocs = (self.stack_objects.len() - base) as u32;
        }
        Ok(p)
    }

    /// A variadic function is called with its arguments in registers `bp..bp + nargs`:
    /// the named ones, the variadic ones, then the word of their classes (3 bits each, see
    /// `compile::expr::va_classes`). The variadic ones are kept for `va_arg`, in a record
    /// that lives as long as the frame about to be entered.
    #[cold]
    pub(super) fn save_variadic_args(&mut self, bp: usize, nparams: usize, nargs: usize) {
        let Some((&classes, values)) = self
            .regs
            .get(bp + nparams..bp + nargs)
            .and_then(|args| args.split_last())
        else {
            return;
        };
        let values = values
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let class = if i < va::SLOTS {
                    (classes >> (3 * i) & 7) as u8
                } else {
                    va::ANY
                };
                let v = if class == va::LDOUBLE || class == va::COMPLEX {
                    self.xreg(bp + nparams + i).0
                } else {
                    u128::from(v)
                };
                (class, v)
            })
            .collect();
        self.va_calls = self.va_calls.wrapping_add(1);
        let call_site = self.frames.last().map_or(NO_SITE, |c| {
            self.prog.funcs[c.func as usize].site_base + c.pc
        });
        self.va_frames.push(VaFrame {
            serial: self.va_calls,
            depth: self.frames.len(),
            values,
            call_site,
        });
    }

    /// `va_start`: a `va_list` at the first variadic argument of the running call.
    pub(crate) fn va_start(&mut self) -> Result<u64, Trap> {
        let depth = self.frames.len().wrapping_sub(1);
        match self.va_frames.last().filter(|v| v.depth == depth) {
            Some(v) => Ok(u64::from(v.serial) << 32),
            None => Err(Trap::BadCall {
                why: "`va_start` in a function that was not called with `...` arguments".into(),
            }),
        }
    }

    /// The call (index in `va_frames`) and argument a `va_list` is at.
    pub(crate) fn va_position(&self, cursor: u64, b: Builtin) -> Result<(usize, usize), Trap> {
        let serial = (cursor >> 32) as u32;
        match self
            .va_frames
            .iter()
            .rposition(|v| v.serial == serial && serial != 0)
        {
            Some(i) => Ok((i, (cursor & 0xffff_ffff) as usize)),
            None => Err(Trap::BadArgument {
                via: b,
                what: "the `va_list` was not started with `va_start`, or its function has returned"
                    .into(),
            }),
        }
    }

    /// `va_arg(ap, T)`: the next variadic argument, which must have been passed as `class`
    /// (the class of `T`); `ap` (at `ap_ptr`) moves past it.
    pub(crate) fn va_arg(&mut self, ap_ptr: Pointer, class: u8, site: Site) -> Result<u128, Trap> {
        let b = Builtin::VaArg;
        let cursor = self
            .mem
            .load(ap_ptr, crate::mem::Scalar::U64)
            .map_err(|err| Trap::Mem {
                err,
                write: false,
                via: Some(b),
            })?;
        let (frame, index) = self.va_position(cursor, b)?;
        let call = &self.va_frames[frame];
        let Some(&(passed, value)) = call.values.get(index) else {
            return Err(Trap::VaArg {
                why: format!(
                    "`va_arg` reads variadic argument {} but the call passed {}",
                    index + 1,
                    call.values.len()
                ),
                call_site: call.call_site,
            });
        };
        if passed != class && passed != va::ANY && class != va::ANY {
            return Err(Trap::VaArg {
                why: format!(
                    "`va_arg` reads variadic argument {} as {}, but it was passed as {}",
                    index + 1,
                    va::name(class),
                    va::name(passed)
                ),
                call_site: call.call_site,
            });
        }
        self.mem
            .store(ap_ptr, crate::mem::Scalar::U64, cursor + 1, site)
            .map_err(|err| Trap::Mem {
                err,
                write: true,
                via: Some(b),
            })?;
        Ok(value)
    }

    /// Pops the innermost frame: its stack objects die and its pointer variables vanish.
    pub(super) fn leave(&mut self, site: Site) {
        let Some(fr) = self.frames.pop() else { return };
        if self
            .va_frames
            .last()
            .is_some_and(|v| v.depth == self.frames.len())
        {
            self.va_frames.pop();
        }
        let func = &self.prog.funcs[fr.func as usize];
        let bp = fr.bp as usize;
        for &r in &func.ptr_regs {
            let v = self.regs[bp + r as usize];
            self.mem.dec_ref(Pointer::from_bits(v), site);
        }
        for i in 0..fr.n_allocs {
            if let Some(p) = self.stack_objects.pop() {
                self.mem.end_local(p, site);
            }
            let _ = i;
        }
    }

    /// Pops every frame (after `exit`): locals vanish at `site`.
    pub fn unwind_all(&mut self, site: Site) {
        while !self.frames.is_empty() {
            self.leave(site);
        }
        // (A variadic call whose frame could not be entered left its arguments.)
        self.va_frames.clear();
    }

    /// Calls function `f` with `args` and runs it to completion (main, atexit handlers,
    /// REPL snippets). Returns its result register.
    pub fn call(&mut self, f: u32, args: &[u64]) -> Result<u64, Trap> {
        let depth = self.frames.len();
        let bp = self.enter_outside(f, args)?;
        self.run(depth)?;
        Ok(self.regs[bp])
    }

    /// Enters `f` with `args` from outside the dispatch loop; returns its frame's base.
    pub(crate) fn enter_outside(&mut self, f: u32, args: &[u64]) -> Result<usize, Trap> {
        // A call from outside the loop (main, an atexit handler, a REPL input) costs
        // OUTSIDE_CALL_STEPS: it does far more work than one instruction, and an atexit
        // handler that registers itself again must meet the limit in seconds.
        // (A small budget is not used up by the call alone: the last step is kept.)
        if self.steps_left <= 1 {
            return Err(Trap::StepLimit {
                steps: self.limits.max_steps,
            });
        }
        self.steps_left -= OUTSIDE_CALL_STEPS.min(self.steps_left - 1);
        let bp = self
            .frames
            .last()
            .map(|fr| fr.bp as usize + self.prog.funcs[fr.func as usize].nregs as usize)
            .unwrap_or(0);
        if bp + args.len() + 1 > REG_FILE {
            return Err(Trap::StackOverflow {
                frames: self.frames.len(),
            });
        }
        for (i, a) in args.iter().enumerate() {
            self.regs[bp + i] = *a;
        }
        self.enter(f, bp, Pointer::NULL)?;
        Ok(bp)
    }

    /// Collects the tombstones no pointer names any more (see `Memory::collect`): the
    /// roots are every register of the live frames and the library's own pointers.
    #[cold]
    pub(crate) fn collect_tombstones(&mut self) {
        let top = self
            .frames
            .last()
            .map_or(0, |fr| {
                fr.bp as usize + self.prog.funcs[fr.func as usize].nregs as usize
            })
            .min(self.regs.len());
        let mut roots: Vec<Pointer> = self.regs[..top]
            .iter()
            .map(|&r| Pointer::from_bits(r))
            .collect();
        roots.extend([self.strtok_next, self.errno_ptr]);
        let keep: Vec<AllocId> = self.warnings.iter().filter_map(|w| w.block).collect();
        self.mem.collect(&roots, &keep);
        self.rare.views_full = false;
    }

    /// The pointer registers of the live frames (roots for a leak check while running).
    pub fn register_roots(&self) -> Vec<Pointer> {
        let mut v = Vec::new();
        for fr in &self.frames {
            let f = &self.prog.funcs[fr.func as usize];
            for &r in &f.ptr_regs {
                if let Some(x) = self.regs.get(fr.bp as usize + r as usize) {
                    v.push(Pointer::from_bits(*x));
                }
            }
        }
        v
    }
}

/// Why a stack object (a local, a variable-length array, an `alloca` block) could not be
/// made, as the trap that stops the call (`frames`: the depth it was made at).
fn stack_object_error(e: AllocError, frames: usize) -> Trap {
    match e {
        AllocError::MemoryLimit { size, limit } => Trap::MemoryLimit {
            size: size.bytes(),
            limit,
        },
        AllocError::TooLarge { size } => Trap::MemoryLimit {
            size: size.bytes(),
            limit: crate::mem::MAX_ALLOC,
        },
        AllocError::OutOfIds => Trap::StackOverflow { frames },
    }
}

/// What `setjmp` writes first in its `jmp_buf` ("cmemjmp\0"), then its frame's call number.
const JMP_MAGIC: u64 = u64::from_le_bytes(*b"cmemjmp\0");

/// Where a `setjmp` was called: its frame (depth and call number), the call's instruction
/// and result register, and its site.
#[derive(Clone, Copy, Debug)]
pub struct JmpTarget {
    depth: usize,
    serial: u64,
    pc: u32,
    d: crate::bytecode::insn::R,
    site: Site,
}
