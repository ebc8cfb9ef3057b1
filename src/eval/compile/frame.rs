//! Frame layout: which locals live in registers and which in memory objects (those whose
//! address is taken, aggregates, and scalars definite assignment cannot prove written),
//! register numbers, and the prologue that stores parameters living in memory.

use super::*;

/// Where a function's locals live.
pub(super) struct Layout {
    pub(super) locs: Vec<LocalLoc>,
    /// Locals that are pointers held in registers (their values count as references).
    pub(super) ptr_locals: Vec<bool>,
    pub(super) mem_locals: Vec<MemLocal>,
    /// The first register free for temporaries.
    pub(super) first_temp: u32,
}

/// Lays out the frame of function `fid`: parameters in registers `0..n`, then named
/// locals, then the base pointers of memory locals.
pub(super) fn layout(
    prog: &Program,
    cp: &mut CompiledProgram,
    fid: u32,
    body: &Stmt,
) -> Result<Layout, CompileError> {
    let f = &prog.functions[fid as usize];
    let types = &prog.types;
    let nparams = f.params.len() as u32;
    // Which locals need memory.
    let n = f.locals.len();
    let maybe_uninit = defassign::maybe_uninit(prog, f, body);
    let in_memory: Vec<bool> = f
        .locals
        .iter()
        .enumerate()
        .map(|(i, l)| {
            l.address_taken
                || !types.is_scalar(l.ty)
                || maybe_uninit[i]
                || (cp.debug && !f.library && l.kind != LocalKind::Temp)
        })
        .collect();

    // Frame layout.
    let mut locs = vec![LocalLoc::Reg(0); n];
    let mut ptr_locals = vec![false; n];
    let mut next: u32 = nparams;
    for (i, &p) in f.params.iter().enumerate() {
        if !in_memory[p.0 as usize] {
            locs[p.0 as usize] = LocalLoc::Reg(i as R);
        }
    }
    for (i, l) in f.locals.iter().enumerate() {
        if l.kind == LocalKind::Param && !in_memory[i] {
            continue;
        }
        if !in_memory[i] {
            locs[i] = LocalLoc::Reg(next as R);
            next += 1;
        }
    }
    let mut mem_locals = Vec::new();
    for (i, l) in f.locals.iter().enumerate() {
        if in_memory[i] {
            let size = types.size_of(l.ty).unwrap_or(0);
            let size = u32::try_from(size)
                .ok()
                .filter(|&s| u64::from(s) <= crate::mem::MAX_ALLOC)
                .ok_or_else(|| CompileError {
                    span: l.span,
                    message: format!(
                        "this local is too large ({size} bytes): cmem's objects are smaller than 2 GiB"
                    ),
                    ..CompileError::default()
                })?;
            let site = cp.add_site(SiteInfo {
                span: l.span,
                func: fid,
                kind: SiteKind::Local(i as u32),
            });
            locs[i] = LocalLoc::Mem(next as R);
            mem_locals.push(MemLocal {
                reg: next as R,
                size,
                site,
                local: i as u32,
            });
            next += 1;
        }
    }
    for (i, l) in f.locals.iter().enumerate() {
        ptr_locals[i] = !in_memory[i] && types.is_pointer(l.ty);
    }
    if next >= u32::from(NO_REG) - 2 {
        return Err(CompileError {
            span: f.span,
            message: "this function has too many local variables for cmem".into(),
            ..CompileError::default()
        });
    }
    Ok(Layout {
        locs,
        ptr_locals,
        mem_locals,
        first_temp: next,
    })
}

impl FnCompiler<'_> {
    /// Parameters that live in memory are stored into their objects.
    pub(super) fn prologue(&mut self, f: &Function) {
        let types = self.types();
        let c = self;
        for (i, &p) in f.params.iter().enumerate() {
            if let LocalLoc::Mem(base) = c.locs[p.0 as usize] {
                let l = &f.locals[p.0 as usize];
                c.span = l.span;
                if types.is_record(l.ty) {
                    let size = types.size_of(l.ty).unwrap_or(0) as u32;
                    c.emit(Insn::Copy {
                        dst: base,
                        src: i as R,
                        size,
                    });
                } else {
                    let sc = types.scalar(l.ty).unwrap_or(Scalar::I64);
                    c.store_place(Place::Mem { base, off: 0 }, i as R, sc);
                }
            }
        }
    }
}
