//! The machine: registers, frames, the dispatch loop, and calls and returns.
//!
//! Invariants:
//! * every access to program memory goes through `mem` (the memory model);
//! * the dispatch loop is not recursive: a C call pushes a [`Frame`], so C recursion never
//!   uses the Rust stack, and `--stack-limit` bounds the frame count;
//! * a step is one operation executed: a backward jump charges the operations of the
//!   loop body that ran, and a call charges one, so every loop and every recursion
//!   consumes the step budget.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::builtins::Io;
use super::convert::float_to_int_x86;
use super::Limits;
use crate::bytecode::insn::{Insn, Width, NO_REG};
use crate::bytecode::{CFunc, CompiledProgram};
use crate::mem::{AllocId, MemError, Memory, Pointer, Site, Size, NO_SITE};
use crate::sema::builtins::Builtin;

/// Why execution stopped early.
#[derive(Clone, Debug, PartialEq)]
pub enum Trap {
    /// A memory access refused by the model, by an instruction or a library function.
    Mem {
        err: MemError,
        write: bool,
        via: Option<Builtin>,
    },
    /// `free`/`realloc` of something that may not be freed.
    Free {
        err: MemError,
        via: Builtin,
    },
    SignedOverflow {
        op: &'static str,
        a: i64,
        b: i64,
        ty: &'static str,
    },
    DivByZero {
        ty: &'static str,
        rem: bool,
    },
    InvalidShift {
        count: i64,
        width: u32,
        left: bool,
    },
    ShiftOverflow {
        a: i64,
        count: i64,
        ty: &'static str,
    },
    Overlap {
        dst: Pointer,
        src: Pointer,
        n: u64,
        via: Builtin,
    },
    StackOverflow {
        frames: usize,
    },
    StepLimit {
        steps: u64,
    },
    /// `__builtin_unreachable()` was reached, or (`trap`) `__builtin_trap()` called.
    Unreachable {
        trap: bool,
    },
    /// `exit(status)` (not an error).
    Exit(i32),
    Abort,
    AssertFail {
        expr: String,
        file: String,
        line: u32,
        func: String,
    },
    BadCall {
        why: String,
    },
    /// A printf/scanf conversion given argument `arg` of another type (`format_checks`).
    FormatArg {
        check: u32,
        arg: usize,
        want: crate::eval::format::check::Wanted,
    },
    /// A `va_arg` that does not match the variadic call made at `call_site`.
    VaArg {
        why: String,
        call_site: Site,
    },
    /// Output beyond `--output-limit` (`limit` bytes).
    OutputLimit {
        limit: u64,
    },
    /// A variable-length array of `len` elements of `elem` bytes: not positive, or 2 GiB
    /// or more.
    VlaSize {
        len: i64,
        elem: u64,
    },
    /// A local of `size` bytes does not fit in the memory limit (`limit` bytes).
    MemoryLimit {
        size: u64,
        limit: u64,
    },
    Interrupted,
    /// The debugger's hooks stopped the machine at a statement (not an error: `resume`
    /// goes on).
    Pause,
    /// A library function was used in a way cmem does not support.
    Unsupported {
        via: Builtin,
        what: String,
    },
    /// A library function's argument is invalid (e.g. a negative size).
    BadArgument {
        via: Builtin,
        what: String,
    },
    /// `longjmp` to the `setjmp` at `setjmp_site`, whose function (`func`) has returned.
    LongjmpReturned {
        setjmp_site: Site,
        func: u32,
    },
}

/// A saved caller frame.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    pub func: u32,
    /// The instruction being executed (for callers: the call).
    pub pc: u32,
    pub bp: u32,
    /// Where a struct result goes.
    pub ret_addr: Pointer,
    /// How many stack objects the frame has (the last entries of `stack_objects`).
    pub n_allocs: u32,
    /// The call's number (`Machine::calls`): tells this activation from a later call at
    /// the same depth (for `longjmp`).
    pub serial: u64,
}

/// The variadic arguments of one call: each with the class of type it was passed as
/// (`VaClass`), for `va_arg` to check.
#[derive(Clone, Debug)]
pub struct VaFrame {
    /// The call's number (`Machine::va_calls`), part of every `va_list` of it.
    pub serial: u32,
    /// Index of the callee's frame in `frames`.
    pub depth: usize,
    /// Each argument's class and value (a `long double`'s 80 bits; others in 64).
    pub values: Vec<(u8, u128)>,
    /// Where the call was made.
    pub call_site: Site,
}

/// A warning raised while running (the program goes on).
#[derive(Clone, Debug)]
pub struct RunWarning {
    pub code: crate::diag::Code,
    pub site: Site,
    pub builtin: Builtin,
    /// The zero-size block that was created, if any.
    pub block: Option<AllocId>,
    pub stack: Vec<Site>,
    /// How many times it happened at this site (it is reported once).
    pub repeats: u64,
}

pub struct Machine {
    pub prog: CompiledProgram,
    pub mem: Memory,
    pub io: Io,
    pub limits: Limits,
    /// The register file: each frame's registers from its `bp`. Fixed-size (only the pages
    /// used become resident), so the dispatch loop indexes it with a mask instead of a
    /// bounds check.
    pub(crate) regs: Box<[u64; REG_FILE]>,
    /// The wide register file (`long double` values), windowed like `regs`; allocated
    /// when the program first uses it (see `wide.rs`).
    pub(crate) xregs: Vec<u128>,
    /// Per register: the site that last stored a pointer into it (for "became NULL here").
    pub(crate) reg_sites: Vec<Site>,
    /// The site of the last `return` of a NULL pointer.
    pub(crate) last_null_return: Site,
    /// The call stack, innermost last; the innermost entry's pc is updated on a trap.
    pub frames: Vec<Frame>,
    pub steps_left: u64,
    pub interrupt: Arc<AtomicBool>,
    pub warnings: Vec<RunWarning>,
    pub(crate) rand_state: super::builtins::RandState,
    pub(crate) strtok_next: Pointer,
    pub(crate) atexit: Vec<u32>,
    pub(crate) errno_ptr: Pointer,
    /// Stack objects of all live frames, as pointers, in frame order.
    pub(crate) stack_objects: Vec<Pointer>,
    /// Heap allocations made so far (for `--fail-alloc`).
    pub(crate) heap_allocs: u64,
    /// Output bytes already charged to the step budget (see `library_steps`).
    pub(crate) output_charged: u64,
    /// Work of the last library call beyond its output (exact decimal expansions), in steps.
    pub(crate) format_work: u64,
    /// The state of the instructions left to `rare.rs`.
    pub(crate) rare: super::rare::RareState,
    /// The variadic arguments of the running calls of variadic functions, innermost last.
    pub(crate) va_frames: Vec<VaFrame>,
    /// Numbers each variadic call, so a `va_list` can tell its own call from a later one.
    pub(crate) va_calls: u32,
    /// Calls made so far (each frame's `serial`).
    pub(crate) calls: u64,
    /// `--allow zero-size-free`: `free` of `malloc(0)`'s result is fine, as in C11 (by
    /// default it is the course's `zero-size-free` error).
    pub c11_zero_size_free: bool,
    /// Each `setjmp`'s target, by the address of its `jmp_buf`.
    pub(crate) jmp_targets: std::collections::HashMap<u64, super::frames::JmpTarget>,
    /// The debugger's pause points (`pause.rs`); read only by `Insn::Stmt`.
    pub hooks: Option<Box<super::pause::Hooks>>,
}

const STEP_CHUNK: u64 = 1 << 14;

/// Registers of all live frames together (deeper recursion is a `stack-overflow`).
pub const REG_FILE: usize = 1 << 22;

impl Machine {
    pub fn new(prog: CompiledProgram, limits: Limits, io: Io) -> Machine {
        let mem = Memory::new(crate::mem::MemLimits {
            bytes: limits.memory_bytes,
        });
        Machine {
            prog,
            mem,
            io,
            steps_left: limits.max_steps,
            limits,
            regs: vec![0u64; REG_FILE]
                .into_boxed_slice()
                .try_into()
                .unwrap_or_else(|_| unreachable!("the register file has REG_FILE entries")),
            xregs: Vec::new(),
            reg_sites: vec![NO_SITE; 1024],
            last_null_return: NO_SITE,
            frames: Vec::new(),
            interrupt: Arc::new(AtomicBool::new(false)),
            warnings: Vec::new(),
            rand_state: super::builtins::RandState::new(1),
            strtok_next: Pointer::NULL,
            atexit: Vec::new(),
            errno_ptr: Pointer::NULL,
            stack_objects: Vec::new(),
            heap_allocs: 0,
            output_charged: 0,
            format_work: 0,
            rare: Default::default(),
            va_frames: Vec::new(),
            va_calls: 0,
            calls: 0,
            jmp_targets: std::collections::HashMap::new(),
            c11_zero_size_free: false,
            hooks: None,
        }
    }

    pub fn func(&self, f: u32) -> &CFunc {
        &self.prog.funcs[f as usize]
    }

    /// The dispatch loop: runs until the frame stack is back to `depth` frames.
    pub fn run(&mut self, depth: usize) -> Result<(), Trap> {
        let mut fr = match self.frames.last() {
            Some(f) => *f,
            None => return Ok(()),
        };
        let mut pc = fr.pc as usize;
        let mut bp = fr.bp as usize;
        let mut fidx = fr.func as usize;
        // The running function's code, held here so that fetching an instruction does not
        // go through the program (refreshed whenever `fidx` changes).
        let mut code = self.prog.funcs[fidx].code.clone();
        // Steps left in the current chunk (the budget is accounted chunk by chunk).
        let mut chunk: i64 = STEP_CHUNK.min(self.steps_left) as i64;
        // What the current chunk started with: on returning, the steps used from it are
        // taken from the budget (so many short calls from outside, such as `atexit`
        // handlers, add up).
        let mut chunk_start = chunk;
        macro_rules! reg {
            ($r:expr) => {
                // `enter` keeps every frame inside the file: the mask only lets the
                // compiler drop the bounds check.
                self.regs[(bp + $r as usize) & (REG_FILE - 1)]
            };
        }
        macro_rules! ptr {
            ($r:expr) => {
                Pointer::from_bits(reg!($r))
            };
        }
        macro_rules! save_pc {
            () => {
                if let Some(fr) = self.frames.last_mut() {
                    fr.pc = pc as u32;
                }
            };
        }
        macro_rules! trap {
            ($e:expr) => {{
                save_pc!();
                return Err($e);
            }};
        }
        macro_rules! mem_try {
            ($res:expr, $write:expr) => {
                match $res {
                    Ok(v) => v,
                    Err(err) => trap!(Trap::Mem {
                        err,
                        write: $write,
                        via: None
                    }),
                }
            };
        }
        // Instructions jumped over since the last backward jump (see `Insn::Loop`).
        let mut skipped: u32 = 0;
        macro_rules! skip {
            ($t:expr) => {
                skipped = skipped.wrapping_add(($t as u32).saturating_sub(pc as u32));
            };
        }
        macro_rules! tick {
            ($w:expr) => {
                chunk -= $w as i64;
                if chunk < 0 {
                    save_pc!();
                    // All the chunk's steps, and any one costly step's past its end.
                    let used = (chunk_start - chunk) as u64;
                    refuel(
                        &self.interrupt,
                        &mut self.steps_left,
                        used,
                        self.limits.max_steps,
                    )?;
                    chunk = STEP_CHUNK.min(self.steps_left) as i64;
                    chunk_start = chunk;
                }
            };
        }
        macro_rules! arith_i32 {
            ($d:expr, $a:expr, $b:expr, $m:ident, $op:expr) => {{
                let x = reg!($a) as i32;
                let y = reg!($b) as i32;
                match x.$m(y) {
                    Some(v) => reg!($d) = v as i64 as u64,
                    None => trap!(Trap::SignedOverflow {
                        op: $op,
                        a: i64::from(x),
                        b: i64::from(y),
                        ty: "int"
                    }),
                }
            }};
        }
        macro_rules! arith_i64 {
            ($d:expr, $a:expr, $b:expr, $m:ident, $op:expr) => {{
                let x = reg!($a) as i64;
                let y = reg!($b) as i64;
                match x.$m(y) {
                    Some(v) => reg!($d) = v as u64,
                    None => trap!(Trap::SignedOverflow {
                        op: $op,
                        a: x,
                        b: y,
                        ty: "long"
                    }),
                }
            }};
        }
        // Calls function `f` (already ticked, pc saved): a library function at once, a C
        // function by entering its frame.
        macro_rules! invoke {
            ($f:expr, $args:expr, $nargs:expr, $ret_addr:expr, $check_arity:expr) => {{
                let f = $f;
                let callee = &self.prog.funcs[f as usize];
                if let Some(b) = callee.builtin {
                    // A library function called by its declaration (or through a pointer).
                    let base = bp + $args as usize;
                    let v = self.builtin(b, base, $nargs as usize)?;
                    self.regs[base] = v;
                    tick!(self.library_steps(b));
                    pc += 1;
                    continue;
                }
                if !callee.defined {
                    let name = callee.name.clone();
                    trap!(Trap::BadCall {
                        why: format!("`{name}` is declared but never defined")
                    });
                }
                if $check_arity && u32::from($nargs) != callee.nparams && !callee.variadic {
                    let name = callee.name.clone();
                    let want = callee.nparams;
                    let got = $nargs;
                    trap!(Trap::BadCall {
                        why: format!("`{name}` takes {want} argument(s) but is called with {got}")
                    });
                }
                if callee.variadic {
                    // Its variadic arguments, kept for `va_arg` before its registers are
                    // cleared.
                    let np = callee.nparams as usize;
                    self.save_variadic_args(bp + $args as usize, np, $nargs as usize);
                }
                self.enter(f, bp + $args as usize, $ret_addr)?;
                fr = *self.frames.last().expect("frame just pushed");
                pc = 0;
                bp = fr.bp as usize;
                fidx = fr.func as usize;
                code = self.prog.funcs[fidx].code.clone();
                continue;
            }};
        }
        macro_rules! div_signed {
            ($d:expr, $a:expr, $b:expr, $t:ty, $name:literal, $rem:expr) => {{
                let x = reg!($a) as $t;
                let y = reg!($b) as $t;
                if y == 0 {
                    trap!(Trap::DivByZero {
                        ty: $name,
                        rem: $rem
                    });
                }
                if x == <$t>::MIN && y == -1 {
                    trap!(Trap::SignedOverflow {
                        op: if $rem { "%" } else { "/" },
                        a: x as i64,
                        b: -1,
                        ty: $name
                    });
                }
                reg!($d) = (if $rem { x % y } else { x / y }) as i64 as u64;
            }};
        }
        macro_rules! f64op {
            ($d:expr, $a:expr, $b:expr, $op:tt) => {{
                let x = f64::from_bits(reg!($a));
                let y = f64::from_bits(reg!($b));
                reg!($d) = (x $op y).to_bits();
            }};
        }
        macro_rules! f32op {
            ($d:expr, $a:expr, $b:expr, $op:tt) => {{
                let x = f32::from_bits(reg!($a) as u32);
                let y = f32::from_bits(reg!($b) as u32);
                reg!($d) = u64::from((x $op y).to_bits());
            }};
        }
        macro_rules! fcmp {
            ($d:expr, $a:expr, $b:expr, $t:ty, $op:tt) => {{
                let x = <$t>::from_bits(reg!($a) as _);
                let y = <$t>::from_bits(reg!($b) as _);
                reg!($d) = u64::from(x $op y);
            }};
        }
        loop {
            let prog_funcs = &self.prog.funcs;
            let Some(&insn) = code.get(pc) else {
                trap!(Trap::BadCall {
                    why: "execution ran past the end of a function".into()
                });
            };
            match insn {
                Insn::Nop => {}
                Insn::Const { d, v } => reg!(d) = v,
                Insn::Mov { d, s } => reg!(d) = reg!(s),
                Insn::MovPtr { d, s } => {
                    let old = reg!(d);
                    let new = reg!(s);
                    let site = prog_funcs[fidx].site_base + pc as u32;
                    if old != new {
                        self.mem.inc_ref(Pointer::from_bits(new));
                        self.mem.dec_ref(Pointer::from_bits(old), site);
                    }
                    reg!(d) = new;
                    // Remember where the variable got its value; for a NULL that a call
                    // just returned, where the callee returned it.
                    let mut origin = site;
                    if new == 0 && pc > 0 {
                        match code.get(pc - 1) {
                            Some(Insn::Call { args, .. } | Insn::CallIndirect { args, .. })
                                if *args == s =>
                            {
                                origin = self.last_null_return;
                            }
                            Some(Insn::Builtin { d: bd, .. }) if *bd == s => origin = site - 1,
                            _ => {}
                        }
                    }
                    self.reg_sites[bp + d as usize] = origin;
                }
                Insn::AddI32 { d, a, b } => arith_i32!(d, a, b, checked_add, "+"),
                Insn::SubI32 { d, a, b } => arith_i32!(d, a, b, checked_sub, "-"),
                Insn::MulI32 { d, a, b } => arith_i32!(d, a, b, checked_mul, "*"),
                Insn::DivI32 { d, a, b } => div_signed!(d, a, b, i32, "int", false),
                Insn::RemI32 { d, a, b } => div_signed!(d, a, b, i32, "int", true),
                Insn::AddI64 { d, a, b } => arith_i64!(d, a, b, checked_add, "+"),
                Insn::SubI64 { d, a, b } => arith_i64!(d, a, b, checked_sub, "-"),
                Insn::MulI64 { d, a, b } => arith_i64!(d, a, b, checked_mul, "*"),
                Insn::DivI64 { d, a, b } => div_signed!(d, a, b, i64, "long", false),
                Insn::RemI64 { d, a, b } => div_signed!(d, a, b, i64, "long", true),
                Insn::AddU32 { d, a, b } => {
                    reg!(d) = u64::from((reg!(a) as u32).wrapping_add(reg!(b) as u32))
                }
                Insn::SubU32 { d, a, b } => {
                    reg!(d) = u64::from((reg!(a) as u32).wrapping_sub(reg!(b) as u32))
                }
                Insn::MulU32 { d, a, b } => {
                    reg!(d) = u64::from((reg!(a) as u32).wrapping_mul(reg!(b) as u32))
                }
                Insn::DivU32 { d, a, b } | Insn::RemU32 { d, a, b } => {
                    let x = reg!(a) as u32;
                    let y = reg!(b) as u32;
                    let rem = matches!(insn, Insn::RemU32 { .. });
                    if y == 0 {
                        trap!(Trap::DivByZero {
                            ty: "unsigned int",
                            rem
                        });
                    }
                    reg!(d) = u64::from(if rem { x % y } else { x / y });
                }
                Insn::AddU64 { d, a, b } => reg!(d) = reg!(a).wrapping_add(reg!(b)),
                Insn::SubU64 { d, a, b } => reg!(d) = reg!(a).wrapping_sub(reg!(b)),
                Insn::MulU64 { d, a, b } => reg!(d) = reg!(a).wrapping_mul(reg!(b)),
                Insn::DivU64 { d, a, b } | Insn::RemU64 { d, a, b } => {
                    let x = reg!(a);
                    let y = reg!(b);
                    let rem = matches!(insn, Insn::RemU64 { .. });
                    if y == 0 {
                        trap!(Trap::DivByZero {
                            ty: "unsigned long",
                            rem
                        });
                    }
                    reg!(d) = if rem { x % y } else { x / y };
                }
                Insn::AddI32Imm { d, a, imm } => {
                    let x = reg!(a) as i32;
                    match x.checked_add(imm) {
                        Some(v) => reg!(d) = v as i64 as u64,
                        None => trap!(Trap::SignedOverflow {
                            op: "+",
                            a: i64::from(x),
                            b: i64::from(imm),
                            ty: "int"
                        }),
                    }
                }
                Insn::AddI64Imm { d, a, imm } => {
                    let x = reg!(a) as i64;
                    match x.checked_add(i64::from(imm)) {
                        Some(v) => reg!(d) = v as u64,
                        None => trap!(Trap::SignedOverflow {
                            op: "+",
                            a: x,
                            b: i64::from(imm),
                            ty: "long"
                        }),
                    }
                }
                Insn::Shl { d, a, b, w } | Insn::Shr { d, a, b, w } => {
                    let left = matches!(insn, Insn::Shl { .. });
                    let count = reg!(b) as i64;
                    let bits = w.bits();
                    if count < 0 || count >= i64::from(bits) {
                        trap!(Trap::InvalidShift {
                            count,
                            width: bits,
                            left
                        });
                    }
                    let x = reg!(a);
                    let c = count as u32;
                    reg!(d) = match (w, left) {
                        (Width::I32, true) => {
                            let v = x as i32;
                            let r = i64::from(v) << c;
                            if v < 0 || r > i64::from(i32::MAX) {
                                trap!(Trap::ShiftOverflow {
                                    a: i64::from(v),
                                    count,
                                    ty: "int"
                                });
                            }
                            r as u64
                        }
                        (Width::I64, true) => {
                            let v = x as i64;
                            let r = i128::from(v) << c;
                            if v < 0 || r > i128::from(i64::MAX) {
                                trap!(Trap::ShiftOverflow {
                                    a: v,
                                    count,
                                    ty: "long"
                                });
                            }
                            r as u64
                        }
                        (Width::U32, true) => u64::from((x as u32) << c),
                        (Width::U64, true) => x << c,
                        (Width::I32, false) => ((x as i32) >> c) as i64 as u64,
                        (Width::I64, false) => ((x as i64) >> c) as u64,
                        (Width::U32, false) => u64::from((x as u32) >> c),
                        (Width::U64, false) => x >> c,
                    };
                }
                Insn::And { d, a, b } => reg!(d) = reg!(a) & reg!(b),
                Insn::Or { d, a, b } => reg!(d) = reg!(a) | reg!(b),
                Insn::Xor { d, a, b } => reg!(d) = reg!(a) ^ reg!(b),
                Insn::NegI32 { d, s } => {
                    let x = reg!(s) as i32;
                    match x.checked_neg() {
                        Some(v) => reg!(d) = v as i64 as u64,
                        None => trap!(Trap::SignedOverflow {
                            op: "-",
                            a: 0,
                            b: i64::from(x),
                            ty: "int"
                        }),
                    }
                }
                Insn::NegI64 { d, s } => {
                    let x = reg!(s) as i64;
                    match x.checked_neg() {
                        Some(v) => reg!(d) = v as u64,
                        None => trap!(Trap::SignedOverflow {
                            op: "-",
                            a: 0,
                            b: x,
                            ty: "long"
                        }),
                    }
                }
                Insn::NegU32 { d, s } => reg!(d) = u64::from((reg!(s) as u32).wrapping_neg()),
                Insn::NegU64 { d, s } => reg!(d) = reg!(s).wrapping_neg(),
                Insn::Not64 { d, s } => reg!(d) = !reg!(s),
                Insn::NotU32 { d, s } => reg!(d) = u64::from(!(reg!(s) as u32)),
                Insn::LNot { d, s } => reg!(d) = u64::from(reg!(s) == 0),
                Insn::Eq { d, a, b } => reg!(d) = u64::from(reg!(a) == reg!(b)),
                Insn::Ne { d, a, b } => reg!(d) = u64::from(reg!(a) != reg!(b)),
                Insn::LtS { d, a, b } => reg!(d) = u64::from((reg!(a) as i64) < (reg!(b) as i64)),
                Insn::LeS { d, a, b } => reg!(d) = u64::from((reg!(a) as i64) <= (reg!(b) as i64)),
                Insn::LtU { d, a, b } => reg!(d) = u64::from(reg!(a) < reg!(b)),
                Insn::LeU { d, a, b } => reg!(d) = u64::from(reg!(a) <= reg!(b)),
                Insn::EqP { d, a, b } => reg!(d) = u64::from(self.ptr_eq(reg!(a), reg!(b))),
                Insn::NeP { d, a, b } => reg!(d) = u64::from(!self.ptr_eq(reg!(a), reg!(b))),
                Insn::LtP { d, a, b } => reg!(d) = u64::from(self.ptr_before(a, b, false, bp)),
                Insn::LeP { d, a, b } => reg!(d) = u64::from(self.ptr_before(a, b, true, bp)),
                Insn::AddF64 { d, a, b } => f64op!(d, a, b, +),
                Insn::SubF64 { d, a, b } => f64op!(d, a, b, -),
                Insn::MulF64 { d, a, b } => f64op!(d, a, b, *),
                Insn::DivF64 { d, a, b } => f64op!(d, a, b, /),
                Insn::NegF64 { d, s } => reg!(d) = (-f64::from_bits(reg!(s))).to_bits(),
                Insn::AddF32 { d, a, b } => f32op!(d, a, b, +),
                Insn::SubF32 { d, a, b } => f32op!(d, a, b, -),
                Insn::MulF32 { d, a, b } => f32op!(d, a, b, *),
                Insn::DivF32 { d, a, b } => f32op!(d, a, b, /),
                Insn::NegF32 { d, s } => {
                    reg!(d) = u64::from((-f32::from_bits(reg!(s) as u32)).to_bits())
                }
                Insn::EqF64 { d, a, b } => fcmp!(d, a, b, f64, ==),
                Insn::NeF64 { d, a, b } => fcmp!(d, a, b, f64, !=),
                Insn::LtF64 { d, a, b } => fcmp!(d, a, b, f64, <),
                Insn::LeF64 { d, a, b } => fcmp!(d, a, b, f64, <=),
                Insn::EqF32 { d, a, b } => fcmp!(d, a, b, f32, ==),
                Insn::NeF32 { d, a, b } => fcmp!(d, a, b, f32, !=),
                Insn::LtF32 { d, a, b } => fcmp!(d, a, b, f32, <),
                Insn::LeF32 { d, a, b } => fcmp!(d, a, b, f32, <=),
                Insn::Sext8 { d, s } => reg!(d) = reg!(s) as i8 as i64 as u64,
                Insn::Zext8 { d, s } => reg!(d) = reg!(s) as u8 as u64,
                Insn::Sext16 { d, s } => reg!(d) = reg!(s) as i16 as i64 as u64,
                Insn::Zext16 { d, s } => reg!(d) = reg!(s) as u16 as u64,
                Insn::Sext32 { d, s } => reg!(d) = reg!(s) as i32 as i64 as u64,
                Insn::Zext32 { d, s } => reg!(d) = reg!(s) as u32 as u64,
                Insn::ToBool { d, s } => reg!(d) = u64::from(reg!(s) != 0),
                Insn::ToBoolF64 { d, s } => reg!(d) = u64::from(f64::from_bits(reg!(s)) != 0.0),
                Insn::ToBoolF32 { d, s } => {
                    reg!(d) = u64::from(f32::from_bits(reg!(s) as u32) != 0.0)
                }
                Insn::I2F64 { d, s } => reg!(d) = (reg!(s) as i64 as f64).to_bits(),
                Insn::U2F64 { d, s } => reg!(d) = (reg!(s) as f64).to_bits(),
                Insn::I2F32 { d, s } => reg!(d) = u64::from((reg!(s) as i64 as f32).to_bits()),
                Insn::U2F32 { d, s } => reg!(d) = u64::from((reg!(s) as f32).to_bits()),
                Insn::F64ToF32 { d, s } => {
                    reg!(d) = u64::from((f64::from_bits(reg!(s)) as f32).to_bits())
                }
                Insn::F32ToF64 { d, s } => {
                    reg!(d) = f64::from(f32::from_bits(reg!(s) as u32)).to_bits()
                }
                Insn::F2I { d, s, to, from32 } => {
                    let x = if from32 {
                        f64::from(f32::from_bits(reg!(s) as u32))
                    } else {
                        f64::from_bits(reg!(s))
                    };
                    reg!(d) = float_to_int_x86(x, to);
                }
                Insn::PtrAdd { d, p, i, size } => {
                    reg!(d) = ptr!(p).offset_by_elems(reg!(i) as i64, size).to_bits();
                }
                Insn::PtrAddImm { d, p, off } => {
                    reg!(d) = ptr!(p).offset_by(i64::from(off)).to_bits()
                }
                Insn::BoundIdx { d, p, i, n, .. } if reg!(i) < u64::from(n) => reg!(d) = reg!(p),
                Insn::BoundIdx { d, p, sub, .. } => reg!(d) = self.narrow(ptr!(p), sub),
                Insn::PtrDiff { d, a, b, size } => reg!(d) = self.ptr_diff(a, b, size, bp),
                Insn::Load { d, a, off, sc } => {
                    let p = ptr!(a).offset_by(i64::from(off));
                    reg!(d) = mem_try!(self.mem.load(p, sc), false);
                }
                Insn::Store { a, off, s, sc } => {
                    let p = ptr!(a).offset_by(i64::from(off));
                    let v = reg!(s);
                    let site = prog_funcs[fidx].site_base + pc as u32;
                    mem_try!(self.mem.store(p, sc, v, site), true);
                }
                Insn::LoadBits { d, a, off, bf } => {
                    let p = ptr!(a).offset_by(i64::from(off));
                    reg!(d) = mem_try!(self.mem.load_bits(p, bf), false);
                }
                Insn::StoreBits { a, off, s, bf } => {
                    let p = ptr!(a).offset_by(i64::from(off));
                    let v = reg!(s);
                    let site = prog_funcs[fidx].site_base + pc as u32;
                    mem_try!(self.mem.store_bits(p, bf, v, site), true);
                }
                Insn::LoadIdx { d, p, i, sc, size } => {
                    let addr = ptr!(p).offset_by_elems(reg!(i) as i64, u32::from(size));
                    reg!(d) = mem_try!(self.mem.load(addr, sc), false);
                }
                Insn::StoreIdx { p, i, s, sc, size } => {
                    let addr = ptr!(p).offset_by_elems(reg!(i) as i64, u32::from(size));
                    let v = reg!(s);
                    let site = prog_funcs[fidx].site_base + pc as u32;
                    mem_try!(self.mem.store(addr, sc, v, site), true);
                }
                Insn::Copy { dst, src, size } => {
                    let (dp, sp) = (ptr!(dst), ptr!(src));
                    let site = prog_funcs[fidx].site_base + pc as u32;
                    let n = Size::from_bytes(u64::from(size));
                    if let Err(e) = self.mem.copy(dp, sp, n, site) {
                        trap!(Trap::Mem {
                            err: e.err,
                            write: e.write,
                            via: None
                        });
                    }
                }
                Insn::Zero { a, size } => {
                    let site = prog_funcs[fidx].site_base + pc as u32;
                    let n = Size::from_bytes(u64::from(size));
                    mem_try!(self.mem.fill(ptr!(a), 0, n, site), true);
                }
                Insn::Uninit { a, size } => {
                    let site = prog_funcs[fidx].site_base + pc as u32;
                    let n = Size::from_bytes(u64::from(size));
                    mem_try!(self.mem.mark_uninit(ptr!(a), n, site), true);
                }
                Insn::InitBytes { a, off, s, n } => {
                    let p = ptr!(a).offset_by(i64::from(off));
                    let site = prog_funcs[fidx].site_base + pc as u32;
                    let bytes = self.prog.string_bytes(s, n);
                    mem_try!(self.mem.write_bytes(p, &bytes, site), true);
                }
                Insn::Jmp { t } => {
                    skip!(t);
                    pc = t as usize;
                    continue;
                }
                Insn::Jz { c, t } => {
                    if reg!(c) == 0 {
                        skip!(t);
                        pc = t as usize;
                        continue;
                    }
                }
                Insn::Jnz { c, t } => {
                    if reg!(c) != 0 {
                        skip!(t);
                        pc = t as usize;
                        continue;
                    }
                }
                Insn::Loop { t } => {
                    // A backward jump accounts for the instructions of the loop body that
                    // ran: its length less what forward jumps skipped (a `switch` in a loop
                    // runs one case of many).
                    tick!((pc as u32).saturating_sub(t).saturating_sub(skipped).max(1));
                    skipped = 0;
                    pc = t as usize;
                    continue;
                }
                Insn::JLtS { a, b, t, neg } => {
                    if ((reg!(a) as i64) < (reg!(b) as i64)) != neg {
                        skip!(t);
                        pc = t as usize;
                        continue;
                    }
                }
                Insn::JLeS { a, b, t, neg } => {
                    if ((reg!(a) as i64) <= (reg!(b) as i64)) != neg {
                        skip!(t);
                        pc = t as usize;
                        continue;
                    }
                }
                Insn::JLtSImm { a, k, t, neg } => {
                    if ((reg!(a) as i64) < i64::from(k)) != neg {
                        skip!(t);
                        pc = t as usize;
                        continue;
                    }
                }
                Insn::JLeSImm { a, k, t, neg } => {
                    if ((reg!(a) as i64) <= i64::from(k)) != neg {
                        skip!(t);
                        pc = t as usize;
                        continue;
                    }
                }
                Insn::JEqImm { a, k, t, neg } => {
                    if (reg!(a) == i64::from(k) as u64) != neg {
                        skip!(t);
                        pc = t as usize;
                        continue;
                    }
                }
                Insn::JEq { a, b, t, neg } => {
                    if (reg!(a) == reg!(b)) != neg {
                        skip!(t);
                        pc = t as usize;
                        continue;
                    }
                }
                Insn::JEqP { a, b, t, neg } => {
                    if self.ptr_eq(reg!(a), reg!(b)) != neg {
                        skip!(t);
                        pc = t as usize;
                        continue;
                    }
                }
                Insn::Switch { c, table } => {
                    let v = reg!(c);
                    let tbl = &prog_funcs[fidx].switches[table as usize];
                    let t = tbl.target(v);
                    skip!(t);
                    pc = t as usize;
                    continue;
                }
                Insn::Call { f, args, nargs, ra } => {
                    tick!(1);
                    let ret_addr = if ra == NO_REG {
                        Pointer::NULL
                    } else {
                        ptr!(ra)
                    };
                    save_pc!();
                    invoke!(f, args, nargs, ret_addr, true);
                }
                Insn::CallIndirect {
                    p,
                    args,
                    nargs,
                    ra,
                    sig,
                } => {
                    tick!(1);
                    let target = ptr!(p);
                    let ret_addr = if ra == NO_REG {
                        Pointer::NULL
                    } else {
                        ptr!(ra)
                    };
                    save_pc!();
                    let f = match self.prog.func_of_ptr(target) {
                        Some(f) => f,
                        None => {
                            let why = if target.is_null() {
                                "call through a NULL function pointer".to_string()
                            } else {
                                "call through a pointer that does not point to a function"
                                    .to_string()
                            };
                            trap!(Trap::BadCall { why });
                        }
                    };
                    if !self.prog.sig_matches(sig, f) {
                        let name = self.prog.funcs[f as usize].name.clone();
                        trap!(Trap::BadCall {
                            why: format!("`{name}` is called through a function pointer of an incompatible type")
                        });
                    }
                    // The signature matched, so the number of arguments did too.
                    invoke!(f, args, nargs, ret_addr, false);
                }
                Insn::Builtin {
                    b: Builtin::Longjmp,
                    args,
                    ..
                } => {
                    save_pc!();
                    self.longjmp(bp + args as usize, depth)?;
                    // Back in the frame of the `setjmp`, just after it.
                    fr = *self.frames.last().expect("the setjmp's frame");
                    (pc, bp, fidx) = (fr.pc as usize + 1, fr.bp as usize, fr.func as usize);
                    code = self.prog.funcs[fidx].code.clone();
                    continue;
                }
                Insn::Builtin { b, args, nargs, d } => {
                    save_pc!();
                    let v = self.builtin(b, bp + args as usize, nargs as usize)?;
                    if d != NO_REG {
                        reg!(d) = v;
                    }
                    tick!(self.library_steps(b));
                }
                Insn::Ret { .. } | Insn::RetVoid | Insn::RetRecord { .. } => {
                    let site = prog_funcs[fidx].site_base + pc as u32;
                    let returns_ptr = prog_funcs[fidx].returns_ptr;
                    let value = self.ret(insn, bp, returns_ptr, site)?;
                    self.regs[bp] = value;
                    if self.frames.len() <= depth {
                        let used = u64::try_from(chunk_start - chunk.max(0)).unwrap_or(0);
                        self.steps_left = self.steps_left.saturating_sub(used);
                        return Ok(());
                    }
                    fr = *self.frames.last().expect("caller frame");
                    pc = fr.pc as usize + 1;
                    bp = fr.bp as usize;
                    fidx = fr.func as usize;
                    code = self.prog.funcs[fidx].code.clone();
                    continue;
                }
                Insn::Discard { s } => {
                    let site = prog_funcs[fidx].site_base + pc as u32;
                    self.mem.note_discarded(ptr!(s), site);
                }
                // The rest: the `long double` instructions (`ConstX` to `StoreX`),
                // `Narrow` and `Widen`.
                rare => {
                    let site = prog_funcs[fidx].site_base + pc as u32;
                    if let Err(e) = self.rare_insn(rare, bp, site) {
                        trap!(e);
                    }
                }
            }
            pc += 1;
        }
    }
}

/// Accounts the `used` steps of a chunk; checks the step limit and interrupts.
#[cold]
fn refuel(
    interrupt: &AtomicBool,
    steps_left: &mut u64,
    used: u64,
    max_steps: u64,
) -> Result<(), Trap> {
    if interrupt.swap(false, Ordering::Relaxed) {
        return Err(Trap::Interrupted);
    }
    *steps_left = steps_left.saturating_sub(used);
    if *steps_left == 0 {
        return Err(Trap::StepLimit { steps: max_steps });
    }
    Ok(())
}
