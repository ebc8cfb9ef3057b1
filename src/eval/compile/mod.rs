//! Compiles the checked program to register bytecode.
//!
//! Decisions made here, once, so that the evaluator never makes them per step:
//! * where each local lives: a register, or (when its address is taken, it is an aggregate,
//!   or it may be read before it is written) an object in the memory model, so that every
//!   byte of it has an init bit;
//! * frame layout: parameters in registers `0..n`, then named locals, then the base
//!   pointers of memory locals, then temporaries allocated like a stack;
//! * addresses of globals, literals and functions (allocated before compiling, so they are
//!   constants in the code);
//! * C's evaluation order as gcc implements it: call arguments right to left, operands
//!   left to right, `a = b` address first, `a op= b` value first.

use std::collections::HashMap;

use crate::bytecode::insn::{Insn, Width, NO_REG, R};
use crate::bytecode::*;
use crate::mem::Scalar;
use crate::sema::program::*;
use crate::sema::types::{TypeId, Types};
use crate::source::Span;

mod call;
mod defassign;
mod expr;
mod frame;
mod place;
mod stmt;

/// The place an lvalue designates.
#[derive(Clone, Copy, Debug)]
enum Place {
    Reg(R),
    Mem {
        base: R,
        off: i32,
    },
    Idx {
        p: R,
        i: R,
        size: u16,
    },
    /// A bit-field: bits of the storage unit at `base + off`.
    Bits {
        base: R,
        off: i32,
        bf: BitField,
    },
}

/// Compiles one function.
pub struct FnCompiler<'a> {
    prog: &'a Program,
    cp: &'a mut CompiledProgram,
    fid: u32,
    code: Vec<Insn>,
    spans: Vec<Span>,
    locs: Vec<LocalLoc>,
    ptr_locals: Vec<bool>,
    temp_top: u32,
    max_reg: u32,
    labels: Vec<Option<u32>>,
    fixups: Vec<usize>,
    user_labels: HashMap<LabelId, usize>,
    loops: Vec<(usize, usize)>,
    switches: Vec<SwitchTable>,
    switch_fixups: Vec<SwitchFixup>,
    span: Span,
    error: Option<CompileError>,
    /// The first register that is a temporary (below it: parameters, locals, bases).
    base_temp: u32,
    /// Where the last label was bound (see `label_at_end`).
    last_bound: Option<u32>,
}

type Label = usize;

/// A switch table to resolve once labels are bound: (table, case labels, default label).
type SwitchFixup = (usize, Vec<(u64, Label)>, Label);

impl<'a> FnCompiler<'a> {
    fn types(&self) -> &'a Types {
        &self.prog.types
    }

    fn scalar(&self, ty: TypeId) -> Scalar {
        self.prog.types.scalar(ty).unwrap_or(Scalar::I64)
    }

    fn emit(&mut self, i: Insn) {
        // Instructions that do nothing cost a dispatch each: leave them out.
        match i {
            Insn::Nop => return,
            Insn::Mov { d, s } if d == s => return,
            _ => {}
        }
        self.code.push(i);
        self.spans.push(self.span);
    }

    fn fail(&mut self, msg: &str) {
        if self.error.is_none() {
            self.error = Some(CompileError {
                span: self.span,
                message: msg.to_string(),
                ..CompileError::default()
            });
        }
    }

    fn temp(&mut self) -> R {
        let r = self.temp_top;
        self.temp_top += 1;
        if self.temp_top > self.max_reg {
            self.max_reg = self.temp_top;
        }
        if r >= u32::from(NO_REG) - 1 {
            self.fail("this function needs more than 65,000 registers (it is too large for cmem)");
            return 0;
        }
        r as R
    }

    fn mark(&self) -> u32 {
        self.temp_top
    }

    fn release(&mut self, m: u32) {
        self.temp_top = m;
    }

    fn new_label(&mut self) -> Label {
        self.labels.push(None);
        self.labels.len() - 1
    }

    fn bind(&mut self, l: Label) {
        let pos = self.code.len() as u32;
        self.labels[l] = Some(pos);
        self.last_bound = Some(pos);
    }

    /// Whether a label is bound after the last instruction (control may arrive there from
    /// elsewhere). Labels bind at the end of the code, and the code never shrinks below
    /// one, so the last one bound is the only candidate.
    fn label_at_end(&self) -> bool {
        self.last_bound == Some(self.code.len() as u32)
    }

    fn jump(&mut self, i: Insn) {
        self.fixups.push(self.code.len());
        self.emit(i);
    }

    fn is_ptr_local_reg(&self, r: R) -> bool {
        self.locs
            .iter()
            .enumerate()
            .any(|(i, l)| *l == LocalLoc::Reg(r) && self.ptr_locals[i])
    }

    // ---- places --------------------------------------------------------------------------

    fn first_temp(&self) -> u32 {
        self.base_temp
    }

    // ---- values ----------------------------------------------------------------------------

    // ---- conditions ------------------------------------------------------------------------

    // ---- statements ------------------------------------------------------------------------
}

/// Where a loop's back edge is reported (a step limit hit inside the loop): its condition,
/// or its keyword when it has none.
fn loop_span(stmt: Span, cond: Option<&Expr>) -> Span {
    match cond {
        Some(c) => c.span,
        None => Span {
            file: stmt.file,
            lo: stmt.lo,
            hi: (stmt.lo + 3).min(stmt.hi),
        },
    }
}

/// Compiles function `fid` of `prog` into `cp.funcs[fid]`.
pub fn compile_function(
    prog: &Program,
    cp: &mut CompiledProgram,
    fid: u32,
) -> Result<(), CompileError> {
    let f = &prog.functions[fid as usize];
    for s in &prog.subobjects[cp.subobject_lens.len().min(prog.subobjects.len())..] {
        cp.subobject_lens
            .push(u32::try_from(s.len).unwrap_or(crate::mem::TO_END - 1));
    }
    let sig = call_sig(&prog.types, f.ty);
    let sig = cp.sig_id(sig);
    let returns_ptr = prog.types.is_pointer(f.ret);
    let nparams = f.params.len() as u32;
    while cp.funcs.len() <= fid as usize {
        cp.funcs.push(CFunc::default());
    }
    let Some(body) = &f.body else {
        cp.funcs[fid as usize] = CFunc {
            name: f.name.clone(),
            nparams,
            variadic: prog.types.fn_sig(f.ty).is_some_and(|s| s.variadic),
            defined: false,
            builtin: f.builtin,
            library: f.library,
            sig,
            returns_ptr,
            span: f.span,
            end_span: f.end_span,
            site_base: cp.sites.len() as u32,
            ..CFunc::default()
        };
        return Ok(());
    };
    let frame::Layout {
        locs,
        ptr_locals,
        mem_locals,
        first_temp: next,
    } = frame::layout(prog, cp, fid, body)?;
    let mut c = FnCompiler {
        prog,
        cp,
        fid,
        code: Vec::new(),
        spans: Vec::new(),
        locs,
        ptr_locals,
        temp_top: next,
        max_reg: next,
        labels: Vec::new(),
        fixups: Vec::new(),
        user_labels: HashMap::new(),
        loops: Vec::new(),
        switches: Vec::new(),
        switch_fixups: Vec::new(),
        span: f.span,
        error: None,
        base_temp: next,
        last_bound: None,
    };
    c.prologue(f);
    c.stmt(body);
    // Falling off the end.
    c.span = f.end_span;
    c.mark_stmt();
    if prog.main.map(|m| m.0) == Some(fid) || f.ret != TypeId::VOID {
        let z = c.konst(0);
        c.emit(Insn::Ret { s: z });
    } else {
        c.emit(Insn::RetVoid);
    }
    c.finish_labels();
    if let Some(e) = c.error.take() {
        return Err(e);
    }
    let ptr_regs: Vec<R> = c
        .locs
        .iter()
        .enumerate()
        .filter(|(i, _)| c.ptr_locals[*i])
        .filter_map(|(_, l)| match l {
            LocalLoc::Reg(r) => Some(*r),
            LocalLoc::Mem(_) => None,
        })
        .collect();
    let ptr_params: Vec<R> = f
        .params
        .iter()
        .enumerate()
        .filter(|(_, p)| c.ptr_locals[p.0 as usize])
        .map(|(i, _)| i as R)
        .collect();
    let code: std::sync::Arc<[Insn]> = std::mem::take(&mut c.code).into();
    let spans = std::mem::take(&mut c.spans);
    let switches = std::mem::take(&mut c.switches);
    let locs = c.locs.clone();
    let nregs = c.max_reg + 1;
    let site_base = cp.sites.len() as u32;
    for sp in &spans {
        cp.sites.push(SiteInfo {
            span: *sp,
            func: fid,
            kind: SiteKind::Insn,
        });
    }
    cp.funcs[fid as usize] = CFunc {
        name: f.name.clone(),
        code,
        site_base,
        nregs,
        nparams,
        variadic: prog.types.fn_sig(f.ty).is_some_and(|s| s.variadic),
        defined: true,
        builtin: None,
        library: f.library,
        mem_locals,
        ptr_regs,
        ptr_params,
        switches,
        returns_ptr,
        sig,
        locals: locs,
        span: f.span,
        end_span: f.end_span,
    };
    Ok(())
}
