//! The compiled program: what `eval::compile` produces and the machine runs — functions as
//! register bytecode ([`insn`]), frame layouts, switch tables, call signatures, and the
//! site table that maps every instruction, local and global back to its source span.
//!
//! Invariant: a plain data model; it computes nothing about C (the compiler decides, the
//! machine executes, `explain` and `inspect` read).

pub mod insn;

use std::collections::HashMap;

use crate::mem::{AllocId, Pointer, Site};
use crate::sema::builtins::Builtin;
use crate::sema::types::{Type, TypeId, Types};
use crate::source::Span;
use insn::{Insn, R};

/// What a site (an index into [`CompiledProgram::sites`]) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SiteKind {
    /// An instruction of a function.
    Insn,
    /// The declaration of a local (its stack object's "allocation" site).
    Local(u32),
    /// The declaration of a global.
    Global(u32),
}

#[derive(Clone, Copy, Debug)]
pub struct SiteInfo {
    pub span: Span,
    pub func: u32,
    pub kind: SiteKind,
}

#[derive(Clone, Debug)]
pub struct MemLocal {
    pub reg: R,
    pub size: u32,
    pub site: Site,
    pub local: u32,
}

#[derive(Clone, Debug, Default)]
pub struct SwitchTable {
    /// Case values (sorted) and their targets.
    pub cases: Vec<(u64, u32)>,
    pub default: u32,
    /// For dense cases: the target of value `lo + i` at index `i` (the default where no
    /// case matches), so dispatch is one index instead of a binary search.
    pub lo: u64,
    pub dense: Vec<u32>,
}

impl SwitchTable {
    /// The target for value `v`.
    #[inline]
    pub fn target(&self, v: u64) -> u32 {
        if !self.dense.is_empty() {
            return self
                .dense
                .get(v.wrapping_sub(self.lo) as usize)
                .copied()
                .unwrap_or(self.default);
        }
        match self.cases.binary_search_by_key(&v, |x| x.0) {
            Ok(i) => self.cases[i].1,
            Err(_) => self.default,
        }
    }
}

/// Where a local lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalLoc {
    Reg(R),
    /// A stack object whose address is in this register.
    Mem(R),
}

/// The calling convention class of a value, for checking calls through pointers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArgClass {
    Void,
    Int,
    Long,
    F32,
    F64,
    F80,
    Record(u64),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CallSig {
    pub ret: ArgClass,
    pub params: Vec<ArgClass>,
    pub variadic: bool,
    pub prototyped: bool,
}

#[derive(Debug, Default)]
pub struct CFunc {
    pub name: String,
    /// Shared, so the VM can hold the running function's code without borrowing the
    /// program.
    pub code: std::sync::Arc<[Insn]>,
    pub site_base: u32,
    pub nregs: u32,
    pub nparams: u32,
    pub variadic: bool,
    pub defined: bool,
    pub builtin: Option<Builtin>,
    pub library: bool,
    pub mem_locals: Vec<MemLocal>,
    pub ptr_regs: Vec<R>,
    pub ptr_params: Vec<R>,
    pub switches: Vec<SwitchTable>,
    pub returns_ptr: bool,
    pub sig: u32,
    pub locals: Vec<LocalLoc>,
    pub span: Span,
    pub end_span: Span,
}

/// The whole program in executable form, plus the tables that map it back to source.
#[derive(Debug, Default)]
pub struct CompiledProgram {
    pub funcs: Vec<CFunc>,
    pub sites: Vec<SiteInfo>,
    pub func_ptrs: Vec<Pointer>,
    pub global_ptrs: Vec<Pointer>,
    pub str_ptrs: Vec<Pointer>,
    pub strings: Vec<Vec<u8>>,
    ptr_to_func: HashMap<AllocId, u32>,
    pub sigs: Vec<CallSig>,
    sig_ids: HashMap<CallSig, u32>,
    /// The `long double` constants of the code (`Insn::ConstX`).
    pub wide_consts: Vec<u128>,
    /// The calls of printf and scanf whose arguments `Insn::CheckFormat` checks against
    /// their formats.
    pub format_checks: Vec<FormatCheck>,
    /// The size in bytes of each sub-object array (`Program::subobjects`), as
    /// `Insn::Narrow` bounds a pointer to it.
    pub subobject_lens: Vec<u32>,
    /// Compiled for the debugger: a `Stmt` marker starts each statement of the program's
    /// own functions, and every named local lives in memory (so its bytes, init bits
    /// included, can be read and watched at any pause).
    pub debug: bool,
}

/// A call of printf or scanf (or their kin) whose arguments are checked against its format.
#[derive(Debug, Clone)]
pub struct FormatCheck {
    pub b: Builtin,
    /// Which argument is the format.
    pub fmt: usize,
    /// The format is a string literal (checked once, then trusted).
    pub literal: bool,
    pub fmt_span: Span,
    /// The arguments after the format: their classes, types and spans.
    pub classes: Vec<crate::sema::builtins::fmt::ArgClass>,
    pub types: Vec<TypeId>,
    pub spans: Vec<Span>,
}

/// A function could not be compiled, or an object allocated: it exceeds an
/// implementation limit, or (`memory_limit`) the program's objects exceed `--heap-limit`.
#[derive(Debug, Clone, Default)]
pub struct CompileError {
    pub span: Span,
    pub message: String,
    pub memory_limit: bool,
}

impl CompiledProgram {
    pub fn site(&self, s: Site) -> Option<&SiteInfo> {
        self.sites.get(s as usize)
    }

    pub fn string_bytes(&self, s: u32, n: u32) -> Vec<u8> {
        self.strings
            .get(s as usize)
            .map(|b| b[..(n as usize).min(b.len())].to_vec())
            .unwrap_or_default()
    }

    /// The function `p` points to (only its start is a function).
    pub fn func_of_ptr(&self, p: Pointer) -> Option<u32> {
        if p.offset() != crate::mem::Offset::At(0) {
            return None;
        }
        self.ptr_to_func.get(&p.alloc_id()?).copied()
    }

    /// Records that function `f`'s address is `p` (the start of an allocation).
    pub fn register_func_ptr(&mut self, f: u32, p: Pointer) {
        if self.func_ptrs.len() <= f as usize {
            self.func_ptrs.resize(f as usize + 1, Pointer::NULL);
        }
        self.func_ptrs[f as usize] = p;
        if let Some(id) = p.alloc_id() {
            self.ptr_to_func.insert(id, f);
        }
    }

    /// Whether function `f` may be called through a pointer of signature `sig`.
    pub fn sig_matches(&self, sig: u32, f: u32) -> bool {
        let (Some(want), Some(func)) = (self.sigs.get(sig as usize), self.funcs.get(f as usize))
        else {
            return false;
        };
        let Some(have) = self.sigs.get(func.sig as usize) else {
            return false;
        };
        if !want.prototyped || !have.prototyped {
            return want.ret == have.ret
                || want.ret == ArgClass::Void
                || have.ret == ArgClass::Void;
        }
        want.ret == have.ret && want.params == have.params && want.variadic == have.variadic
    }

    pub fn sig_id(&mut self, sig: CallSig) -> u32 {
        if let Some(&id) = self.sig_ids.get(&sig) {
            return id;
        }
        let id = self.sigs.len() as u32;
        self.sigs.push(sig.clone());
        self.sig_ids.insert(sig, id);
        id
    }

    pub fn add_site(&mut self, info: SiteInfo) -> Site {
        self.sites.push(info);
        (self.sites.len() - 1) as Site
    }
}

fn arg_class(types: &Types, ty: TypeId) -> ArgClass {
    match types.get(ty) {
        Type::Void => ArgClass::Void,
        Type::Float => ArgClass::F32,
        Type::Double => ArgClass::F64,
        Type::LongDouble => ArgClass::F80,
        Type::Record(_) => ArgClass::Record(types.size_of(ty).unwrap_or(0)),
        _ => match types.size_of(ty) {
            Some(8) => ArgClass::Long,
            _ => ArgClass::Int,
        },
    }
}

pub fn call_sig(types: &Types, fn_ty: TypeId) -> CallSig {
    match types.fn_sig(fn_ty) {
        Some(s) => CallSig {
            ret: arg_class(types, s.ret),
            params: s.params.iter().map(|p| arg_class(types, *p)).collect(),
            variadic: s.variadic,
            prototyped: s.prototyped,
        },
        None => CallSig {
            ret: ArgClass::Int,
            params: Vec::new(),
            variadic: false,
            prototyped: false,
        },
    }
}
