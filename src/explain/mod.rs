//! Runtime diagnostics: turns a [`Trap`], a run warning or a leak into a [`Diagnostic`],
//! with the story told by secondary labels (allocated here, freed here, lost here), the
//! call stack, a help line and the C11 clause.

use crate::bytecode::insn::Insn;
use crate::bytecode::{CompileError, SiteKind};
use crate::diag::{Code, Diagnostic, Label, LeakInfo, LeakKind, Severity, StackFrame};
use crate::eval::vm::{RunWarning, Trap};
use crate::eval::Machine;
use crate::mem::leaks::{Leak, LeakKind as Reach};
use crate::mem::{AllocId, Allocation, MemError, Offset, Origin, Site, Size, Slot};
use crate::sema::builtins::Builtin;
use crate::sema::program::Program;
use crate::source::{Interner, SourceMap, Span};

mod bounds;
mod declarations;
mod format_args;
mod leaks;
mod streams;

/// An allocation as the explanations see it (see [`Explain::obj`]).
struct Obj<'a> {
    size: u64,
    origin: Origin,
    ended_at: Option<Site>,
    live: Option<&'a Allocation>,
}

/// What the explanations need to know.
pub struct Explain<'a> {
    pub prog: &'a Program,
    pub m: &'a Machine,
    pub sm: &'a SourceMap,
    pub interner: &'a Interner,
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

fn bytes(n: u64) -> String {
    plural(n, "byte", "bytes")
}

/// "a 4-byte" / "an 8-byte": the article English wants before a number.
/// Where an access at `off` lies against an object of `len` bytes: before its start, just
/// or some bytes past its end, or (`starts_inside`) starting inside and running past it.
fn outside(off: i64, len: u64, starts_inside: impl FnOnce() -> String) -> String {
    if off < 0 {
        format!("{} before its start", bytes(off.unsigned_abs()))
    } else if off as u64 == len {
        "just past its end".to_string()
    } else if off as u64 > len {
        format!("{} past its end", bytes(off as u64 - len))
    } else {
        starts_inside()
    }
}

fn a_an(n: u64) -> &'static str {
    let s = n.to_string();
    let an = s.starts_with('8')
        || s == "11"
        || s == "18"
        || (s.len() % 3 == 2 && (s.starts_with("11") || s.starts_with("18")));
    if an {
        "an"
    } else {
        "a"
    }
}

impl Explain<'_> {
    pub fn site_span(&self, s: Site) -> Option<Span> {
        self.m.prog.site(s).map(|i| i.span)
    }

    fn func_name(&self, f: u32) -> String {
        self.m
            .prog
            .funcs
            .get(f as usize)
            .map(|f| f.name.clone())
            .unwrap_or_else(|| "?".into())
    }

    /// The call stack, innermost first, without library frames.
    pub fn stack(&self) -> Vec<StackFrame> {
        let mut out = Vec::new();
        for fr in self.m.frames.iter().rev() {
            let f = &self.m.prog.funcs[fr.func as usize];
            if f.library {
                continue;
            }
            if let Some(span) = self.site_span(f.site_base + fr.pc) {
                out.push(StackFrame::new(f.name.clone(), span));
            }
        }
        crate::diag::compress_stack(out)
    }

    /// The span of the faulting operation (at the user's call for library code).
    fn primary_span(&self) -> Span {
        self.site_span(self.m.user_site()).unwrap_or_default()
    }

    fn local_name(&self, func: u32, local: u32) -> String {
        self.prog
            .functions
            .get(func as usize)
            .and_then(|f| f.locals.get(local as usize))
            .map(|l| self.interner.resolve(l.name).to_string())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "a temporary".into())
    }

    /// An allocation, live or ended: its size, origin and, once ended, where.
    fn obj(&self, id: AllocId) -> Option<Obj<'_>> {
        let slot = self.m.mem.slot(id)?;
        Some(Obj {
            size: slot.size()?.bytes(),
            origin: slot.origin()?,
            ended_at: slot.ended_at(),
            live: slot.live(),
        })
    }

    /// A phrase for an allocation ("a 16-byte block", "the local array `counts`") and the
    /// labels that locate it.
    fn describe(&self, id: AllocId) -> (String, Vec<Label>) {
        let Some(a) = self.obj(id) else {
            return ("an unknown object".into(), Vec::new());
        };
        let mut labels = Vec::new();
        let mut label = |site: Site, message: String| {
            if let Some(span) = self.site_span(site) {
                labels.push(Label { span, message });
            }
        };
        let size = a.size;
        let what = match a.origin {
            Origin::Heap { site } => {
                let call = self.alloc_call_name(site);
                let by = call.map(|c| format!(" by {c}")).unwrap_or_default();
                label(site, format!("{} allocated here{by}", bytes(size)));
                format!("{} {size}-byte block", a_an(size))
            }
            Origin::Scratch { .. } => format!("{} {size}-byte block of the library", a_an(size)),
            Origin::ZeroSize { site } => {
                label(site, "zero-size block allocated here".into());
                "a zero-size block".into()
            }
            Origin::Local { decl, local } if local == crate::mem::ALLOCA_LOCAL => {
                let func = self.m.prog.site(decl).map(|s| s.func);
                label(decl, format!("{} allocated here by alloca", bytes(size)));
                let owner = func.map_or_else(|| "?".into(), |f| self.func_name(f));
                format!("the `alloca` block of `{owner}`")
            }
            Origin::Local { decl, local } => {
                let func = self.m.prog.site(decl).map(|s| s.func);
                let name = func.map_or_else(|| "a local".into(), |f| self.local_name(f, local));
                label(decl, format!("`{name}` ({}) is declared here", bytes(size)));
                let owner = func.map_or_else(|| "?".into(), |f| self.func_name(f));
                format!("the local `{name}` of `{owner}`")
            }
            Origin::Global { decl, global } => {
                let name = self
                    .prog
                    .globals
                    .get(global as usize)
                    .map(|g| g.name.clone());
                let name = name.unwrap_or_default();
                label(decl, format!("`{name}` ({}) is declared here", bytes(size)));
                format!("the global `{name}`")
            }
            Origin::Argv => "a program argument".into(),
            Origin::Literal { string } => {
                if let Some(s) = self.prog.strings.get(string as usize) {
                    labels.push(Label {
                        span: s.span,
                        message: format!("this string literal ({})", bytes(size)),
                    });
                }
                "a string literal".into()
            }
            Origin::Function => "a function".into(),
            Origin::Stream { site } => {
                let call = self.alloc_call_name(site).unwrap_or("fopen");
                label(site, format!("opened here by {call}"));
                "a FILE stream".into()
            }
        };
        (what, labels)
    }

    /// The name of the library call at an allocation site (`malloc`, `strdup`...).
    fn alloc_call_name(&self, site: Site) -> Option<&'static str> {
        match self.insn_at(site)? {
            Insn::Builtin { b, .. } => Some(b.name()),
            _ => None,
        }
    }

    fn insn_at(&self, site: Site) -> Option<Insn> {
        let info = self.m.prog.site(site)?;
        if info.kind != SiteKind::Insn {
            return None;
        }
        let f = self.m.prog.funcs.get(info.func as usize)?;
        f.code.get((site - f.site_base) as usize).copied()
    }

    fn via(b: Option<Builtin>) -> String {
        match b {
            Some(b) => format!("`{}` ", b.name()),
            None => String::new(),
        }
    }

    fn access_word(write: bool) -> &'static str {
        if write {
            "write"
        } else {
            "read"
        }
    }

    /// Builds the diagnostic of an error that stopped the program.
    pub fn trap(&self, t: &Trap) -> Diagnostic {
        let span = self.primary_span();
        let mut d = match t {
            Trap::Mem { err, write, via } => self.mem_error(*err, *write, *via, span),
            Trap::Free { err, via } => self.free_error(*err, *via, span),
            Trap::FormatArg { check, arg, want } => self.format_arg(*check, *arg, want, span),
            Trap::SignedOverflow { op, a, b, ty } => {
                let expr = match *op {
                    "abs" => format!("abs({a})"),
                    "-" if *a == 0 => format!("-({b})"),
                    _ => format!("{a} {op} {b}"),
                };
                Diagnostic::new(Code::SignedOverflow, span, format!("signed integer overflow: {expr} does not fit in `{ty}`"))
                    .primary(format!("`{ty}` overflows here"))
                    .note(format!("the range of `{ty}` is {}", if *ty == "int" { "-2147483648..=2147483647" } else { "-9223372036854775808..=9223372036854775807" }))
                    .help("use a wider type (e.g. `long long`) or an unsigned type, or check the operands before computing")
                    .standard("C11 §6.5p5")
            }
            Trap::DivByZero { ty, rem } => {
                let what = if *rem { "remainder" } else { "division" };
                Diagnostic::new(
                    Code::DivisionByZero,
                    span,
                    format!("integer {what} by zero"),
                )
                .primary(format!(
                    "the right operand of `{}` is 0",
                    if *rem { "%" } else { "/" }
                ))
                .note(format!("the operands have type `{ty}`"))
                .help("check that the divisor is not zero before dividing")
                .standard("C11 §6.5.5p5")
            }
            Trap::InvalidShift { count, width, left } => {
                let op = if *left { "<<" } else { ">>" };
                let why = if *count < 0 {
                    "a negative amount".to_string()
                } else {
                    format!("{count}, which is not less than the width ({width} bits)")
                };
                Diagnostic::new(Code::InvalidShift, span, format!("shift `{op}` by {why}"))
                    .primary("invalid shift amount")
                    .help(format!("shift by 0 to {} only", width - 1))
                    .standard("C11 §6.5.7p3")
            }
            Trap::ShiftOverflow { a, count, ty } => {
                let msg = if *a < 0 {
                    format!("left shift of the negative value {a}")
                } else {
                    format!("signed integer overflow: {a} << {count} does not fit in `{ty}`")
                };
                Diagnostic::new(Code::SignedOverflow, span, msg)
                    .primary("undefined left shift")
                    .help("shift an unsigned value instead (e.g. `1u << 31`)")
                    .standard("C11 §6.5.7p4")
            }
            Trap::Overlap { dst, src, n, via } => {
                let name = via.name();
                let (do_, so) = (
                    dst.offset_bytes().unwrap_or(0),
                    src.offset_bytes().unwrap_or(0),
                );
                let mut d = Diagnostic::new(
                    Code::OverlappingCopy,
                    span,
                    format!("`{name}` with overlapping source and destination"),
                )
                .primary(format!(
                    "copies {} from offset {so} to offset {do_} of the same object",
                    bytes(*n)
                ))
                .note(format!(
                    "source bytes {so}..{}, destination bytes {do_}..{}",
                    so + *n as i64,
                    do_ + *n as i64
                ))
                .standard("C11 §7.24.2.1p2");
                let (what, labels) = match self.m.mem.canonical(*dst).alloc_id() {
                    Some(id) => self.describe(id),
                    None => ("an unknown object".into(), Vec::new()),
                };
                d.notes.push(format!("both ranges are in {what}"));
                d.labels.extend(labels);
                d.help(if matches!(via, Builtin::Memcpy) {
                    "use memmove, which handles overlapping ranges".to_string()
                } else {
                    format!(
                        "`{name}` needs separate buffers; use memmove to shift a string in place"
                    )
                })
            }
            Trap::Abort => Diagnostic::new(Code::Abort, span, "the program called abort()")
                .primary("aborted here"),
            Trap::Unreachable { trap: true } => {
                Diagnostic::new(Code::Abort, span, "the program called `__builtin_trap()`")
                    .primary("it stops here")
            }
            Trap::Unreachable { trap: false } => Diagnostic::new(
                Code::Abort,
                span,
                "`__builtin_unreachable()` was reached",
            )
            .primary("the program said this point is never reached")
            .note("reaching it is undefined behaviour: a compiled program may do anything here")
            .help("check the conditions that were meant to rule this path out"),
            Trap::AssertFail {
                expr,
                file,
                line,
                func,
            } => Diagnostic::new(Code::Abort, span, format!("assertion failed: {expr}"))
                .primary("this assertion is false")
                .note(format!("{file}:{line}: {func}: Assertion `{expr}' failed."))
                .standard("C11 §7.2.1.1p2"),
            Trap::VaArg { .. } | Trap::VlaSize { .. } | Trap::LongjmpReturned { .. } => {
                self.declaration_trap(t, span)
            }
            Trap::BadCall { why } => {
                Diagnostic::new(Code::BadCall, span, format!("invalid call: {why}"))
                    .primary("this call")
                    .standard("C11 §6.5.2.2p9")
            }
            Trap::StackOverflow { .. }
            | Trap::StepLimit { .. }
            | Trap::OutputLimit { .. }
            | Trap::MemoryLimit { .. }
            | Trap::Interrupted
            | Trap::Pause => self.limit_trap(t, span),
            Trap::Unsupported { via, what } => Diagnostic::new(
                Code::Unsupported,
                span,
                format!("`{}`: {what} is not supported by cmem", via.name()),
            )
            .primary("in this call"),
            Trap::BadArgument { via, what } => Diagnostic::new(
                Code::BadCall,
                span,
                format!("invalid call to `{}`: {what}", via.name()),
            )
            .primary("in this call"),
            Trap::Exit(code) => Diagnostic::new(Code::Abort, span, format!("exit({code})")),
        };
        if let Trap::Mem { via: Some(b), .. } | Trap::Free { via: b, .. } = t {
            self.name_library_entry(&mut d, *b);
        }
        d.stack = self.stack();
        d
    }

    /// An error met by a builtin that a library function written in C called (`wcscpy`
    /// copies with `memcpy`): the report names the function the program called.
    fn name_library_entry(&self, d: &mut Diagnostic, b: Builtin) {
        let frames = &self.m.frames;
        let user = frames.iter().rposition(|f| {
            self.m
                .prog
                .funcs
                .get(f.func as usize)
                .is_some_and(|f| !f.library)
        });
        let Some(entry) = user.and_then(|u| frames.get(u + 1)) else {
            return;
        };
        let entry = self.func_name(entry.func);
        let inner = format!("`{}`", b.name());
        if let Some(rest) = d.message.strip_prefix(&inner) {
            d.message = format!("`{entry}`{rest}");
            let behalf = format!("{inner} accessed the memory on the program's behalf");
            d.notes.retain(|n| *n != behalf);
            d.notes.push(format!(
                "`{entry}` called {inner}, which accessed the memory on the program's behalf"
            ));
        }
    }

    fn mem_error(
        &self,
        err: MemError,
        write: bool,
        via: Option<Builtin>,
        span: Span,
    ) -> Diagnostic {
        let rw = Self::access_word(write);
        let v = Self::via(via);
        match err {
            MemError::Null { off } => {
                let target = if off == 0 { "a NULL pointer".to_string() } else { format!("a NULL pointer (at offset {off})") };
                let mut d = Diagnostic::new(Code::NullDereference, span, format!("{v}{rw} through {target}"))
                    .primary("this pointer is NULL")
                    .help("check the pointer against NULL before using it")
                    .standard("C11 §6.5.3.2p4");
                if via.is_none() {
                    if let Some(l) = self.null_origin() {
                        d.labels.push(l);
                    }
                }
                d
            }
            MemError::Invalid { ptr } => Diagnostic::new(Code::InvalidPointer, span, format!("{v}{rw} through an invalid pointer (0x{:x})", ptr.to_bits()))
                .primary("no object is at this address")
                .note("the pointer was not obtained from an object (for example, it was made from an integer)")
                .standard("C11 §6.5.3.2p4"),
            MemError::NotData { id } => {
                let (what, labels) = self.describe(id);
                let mut d = Diagnostic::new(Code::InvalidPointer, span, format!("{v}{rw} through a pointer to {what}"))
                    .primary("this is not data memory")
                    .standard("C11 §6.5.3.2p4");
                d.labels.extend(labels);
                d
            }
            MemError::UseAfterFree { id, off, size } => {
                let (what, mut labels) = self.describe(id);
                let mut d = Diagnostic::new(Code::UseAfterFree, span, format!("{v}{rw} of memory that was already freed"))
                    .primary(format!("{}-byte {rw} at {off} of {what}, after it was freed", size))
                    .help("do not use a block after passing it to free (or after realloc moved it); set the pointer to NULL after freeing")
                    .standard("C11 §6.2.4p2");
                if let Some(end) = self.obj(id).and_then(|a| a.ended_at) {
                    if let Some(sp) = self.site_span(end) {
                        let by = match self.insn_at(end) {
                            Some(Insn::Builtin { b: Builtin::Realloc, .. }) => "freed here by realloc (the block moved)",
                            _ => "freed here",
                        };
                        labels.push(Label { span: sp, message: by.into() });
                    }
                }
                d.labels.extend(labels);
                d
            }
            MemError::Dangling { id, off, size } => {
                let (what, mut labels) = self.describe(id);
                let mut d = Diagnostic::new(Code::DanglingStack, span, format!("{v}{rw} of {what} after `{}` returned", self.owner_func(id)))
                    .primary(format!("{}-byte {rw} at {off} through a dangling pointer", size))
                    .note("a local variable lives only until its function returns; a pointer to it then dangles")
                    .help("return the value itself, or allocate the object with malloc (and free it later), or let the caller provide the storage")
                    .standard("C11 §6.2.4p2");
                if let Some(end) = self.obj(id).and_then(|a| a.ended_at) {
                    if let Some(sp) = self.site_span(end) {
                        labels.push(Label { span: sp, message: format!("`{}` returned here", self.owner_func(id)) });
                    }
                }
                d.labels.extend(labels);
                d
            }
            MemError::OutOfBounds { id, off, size } => self.out_of_bounds(id, off, size, write, via, span),
            MemError::OutOfSubobject { .. } => self.out_of_subobject(err, write, via, span),
            MemError::Wild { id, size } => {
                let (what, labels) = self.describe(id);
                let mut d = Diagnostic::new(Code::OutOfBounds, span, format!("{v}{rw} out of bounds of {what}"))
                    .primary(format!("{}-byte {rw} through a pointer moved 2 GiB or more outside {what}", size.bytes()))
                    .note("pointer arithmetic took the pointer far outside the object it was derived from")
                    .help("keep indexes within 0..length-1; check the arithmetic that computed the index")
                    .standard("C11 §6.5.6p8");
                d.labels.extend(labels);
                d
            }
            MemError::ZeroSize { id } => {
                let (_, labels) = self.describe(id);
                let mut d = Diagnostic::new(Code::ZeroSizeAccess, span, format!("{v}{rw} through the result of a zero-size allocation"))
                    .primary("the block has no bytes to access")
                    .note("malloc(0) returns either NULL or a pointer that must not be used to access an object")
                    .help("check the size before allocating, and do not access the block when it is 0")
                    .standard("C11 §7.22.3p1");
                d.labels.extend(labels);
                d
            }
            MemError::Uninit { id, off, size, first } => self.uninit_read(id, off, size, first, via, span),
            MemError::ReadOnly { id, .. } => {
                let (what, labels) = self.describe(id);
                let mut d = Diagnostic::new(Code::ReadOnlyWrite, span, format!("{v}write to {what}, which is read-only"))
                    .primary("string literals cannot be modified")
                    .help("copy the string into an array (`char s[] = \"...\";`) to modify it")
                    .standard("C11 §6.4.5p7");
                d.labels.extend(labels);
                d
            }
            MemError::UseAfterClose { id } | MemError::DoubleClose { id } => {
                self.closed_stream(err, id, via, span)
            }
            MemError::NotStream { .. } => Diagnostic::new(
                Code::BadCall,
                span,
                format!("{v}a pointer that is not a FILE stream"),
            )
            .primary("this is not a stream that fopen returned"),
            other => self.free_error(other, via.unwrap_or(Builtin::Free), span),
        }
    }

    /// A read of bytes never written: what was read, in C terms when the type is known.
    fn uninit_read(
        &self,
        id: AllocId,
        off: u64,
        size: Size,
        first: u64,
        via: Option<Builtin>,
        span: Span,
    ) -> Diagnostic {
        let v = Self::via(via);
        let (what, labels) = self.describe(id);
        let info = self.obj(id);
        // (A global is unwritten only in the REPL, where a variable declared at the prompt
        // starts so, as a local would in a file.)
        let is_local = info
            .as_ref()
            .is_some_and(|a| matches!(a.origin, Origin::Local { .. } | Origin::Global { .. }));
        let size = size.bytes();
        let end = off + size;
        let live = info.as_ref().and_then(|a| a.live);
        let unwritten: Vec<u64> = (off..end)
            .filter(|&i| live.is_some_and(|a| !a.is_init(i)))
            .collect();
        let all = unwritten.len() as u64 == size;
        let bytes_text = if size == 1 {
            format!("byte {first}")
        } else {
            format!("bytes {off}..{end}")
        };
        // The C name of what is read, when the object's type is known (`s.age`).
        let part = self
            .object_name(id)
            .map(|n| format!("{n}{}", self.member_path_of(id, off, size)));
        let primary = match (&part, all, via) {
            (Some(p), true, None) => format!("`{p}` is read here, but it was never given a value"),
            (Some(p), false, None) => format!(
                "this {size}-byte read of `{p}` uses {} {} that were never written",
                if unwritten.len() == 1 { "byte" } else { "bytes" },
                join_ranges(&unwritten)
            ),
            (_, true, Some(_)) => format!("reads {bytes_text} of {what}, which {} never written", if size == 1 { "was" } else { "were" }),
            (_, false, Some(_)) => format!("reads bytes {} of {what}, which were never written", join_ranges(&unwritten)),
            (None, true, None) => format!(
                "this {size}-byte read uses {bytes_text} of {what}, which {} never written",
                if size == 1 { "was" } else { "were" }
            ),
            (None, false, None) => format!(
                "this {size}-byte read (bytes {off}..{end} of {what}) uses {} {} that were never written",
                if unwritten.len() == 1 { "byte" } else { "bytes" },
                join_ranges(&unwritten)
            ),
        };
        let (help, clause) = if is_local {
            (
                "give the variable a value before reading it (initialize it where it is declared)",
                "C11 §6.7.9p10",
            )
        } else {
            ("write the memory before reading it, or allocate it with calloc to get zeroed memory", "C11 §7.22.3.4p2")
        };
        let mut d = Diagnostic::new(
            Code::UninitRead,
            span,
            format!("{v}read of uninitialized memory"),
        )
        .primary(primary)
        .help(help)
        .standard(clause);
        let heap_site = match info.as_ref().map(|a| a.origin) {
            Some(Origin::Heap { site }) => Some(site),
            _ => None,
        };
        if heap_site.and_then(|s| self.alloc_call_name(s)) == Some("realloc") {
            d.notes
                .push("realloc does not initialize the bytes it adds to a block".into());
        }
        d.labels.extend(labels);
        d
    }

    /// An access outside its object, before its start or past its end.
    fn out_of_bounds(
        &self,
        id: AllocId,
        off: i64,
        size: Size,
        write: bool,
        via: Option<Builtin>,
        span: Span,
    ) -> Diagnostic {
        let v = Self::via(via);
        let rw = Self::access_word(write);
        let (what, labels) = self.describe(id);
        let obj = self.obj(id).map_or(0, |a| a.size);
        let where_ = outside(off, obj, || "running past its end".into());
        let mut d = Diagnostic::new(
            Code::OutOfBounds,
            span,
            format!("{v}{rw} out of bounds of {what}"),
        )
        .primary(format!(
            "{}-byte {rw} at offset {off} of {} {}-byte object ({where_})",
            size,
            a_an(obj),
            obj
        ))
        .help("keep indexes within 0..length-1; remember the terminating '\\0' of strings")
        .standard("C11 §6.5.6p8");
        if let Some(b) = via {
            d.notes.push(format!(
                "`{}` accessed the memory on the program's behalf",
                b.name()
            ));
        }
        d.labels.extend(labels);
        d
    }

    /// Where the pointer variable an instruction dereferenced got its NULL value, if the
    /// variable is a named local in a register (the machine remembers that site).
    fn null_origin(&self) -> Option<Label> {
        let fr = self.m.frames.last()?;
        let f = self.m.prog.funcs.get(fr.func as usize)?;
        let base = match f.code.get(fr.pc as usize)? {
            Insn::Load { a, .. } | Insn::Store { a, .. } => *a,
            Insn::LoadIdx { p, .. } | Insn::StoreIdx { p, .. } => *p,
            _ => return None,
        };
        let local = f
            .locals
            .iter()
            .position(|l| *l == crate::bytecode::LocalLoc::Reg(base))?;
        let name = self.local_name(fr.func, local as u32);
        let site = *self.m.reg_sites.get(fr.bp as usize + base as usize)?;
        let span = self.site_span(site)?;
        let message = match self.insn_at(site)? {
            Insn::Ret { .. } => {
                let callee = self
                    .m
                    .prog
                    .site(site)
                    .map(|i| self.func_name(i.func))
                    .unwrap_or_default();
                format!("`{callee}` returned NULL here, and `{name}` kept it")
            }
            Insn::Builtin { b, .. } => {
                format!("`{}` returned NULL here, and `{name}` kept it", b.name())
            }
            Insn::Call { .. } | Insn::CallIndirect { .. } => {
                format!("`{name}` is a parameter, and this call passed NULL")
            }
            _ => format!("`{name}` was set to NULL here"),
        };
        Some(Label { span, message })
    }

    /// The member or element of an object of type `ty` at byte `off`, as C writes it
    /// (`.age`, `[3].x`), when the object's type is known.
    fn member_path(
        &self,
        ty: crate::sema::types::TypeId,
        off: u64,
        bits: Option<crate::mem::BitField>,
    ) -> String {
        use crate::sema::types::Type;
        let types = &self.prog.types;
        let mut path = String::new();
        let mut ty = ty;
        let mut off = off;
        for _ in 0..16 {
            match types.get(ty) {
                Type::Array(elem, Some(n)) => {
                    let es = types.size_of(elem.ty).unwrap_or(1).max(1);
                    let i = off / es;
                    if i >= *n {
                        break;
                    }
                    path.push_str(&format!("[{i}]"));
                    off -= i * es;
                    ty = elem.ty;
                }
                Type::Record(_) => {
                    let Some(rec) = types.record_of(ty) else {
                        break;
                    };
                    // (A bit-field shares its offset with its neighbours: it is found by
                    // its bits.)
                    let bit_field = bits.and_then(|bf| {
                        rec.fields
                            .iter()
                            .find(|f| f.offset == off && f.bits == Some(bf))
                    });
                    let field = bit_field.or_else(|| {
                        rec.fields.iter().rev().find(|f| {
                            f.offset <= off && off < f.offset + types.size_of(f.ty.ty).unwrap_or(0)
                        })
                    });
                    let Some(f) = field else { break };
                    if let Some(n) = f.name {
                        path.push('.');
                        path.push_str(self.interner.resolve(n));
                    }
                    off -= f.offset;
                    ty = f.ty.ty;
                }
                _ => break,
            }
        }
        path
    }

    /// The name of a local or global object.
    fn object_name(&self, id: AllocId) -> Option<String> {
        self.object_name_and_type(id).map(|x| x.0)
    }

    /// The member path (`.age`, `[2]`) of an access of `size` bytes at `off` of a local or
    /// global (empty when the access is the whole object or the type is unknown).
    fn member_path_of(&self, id: AllocId, off: u64, size: u64) -> String {
        let Some((_, ty)) = self.object_name_and_type(id) else {
            return String::new();
        };
        // A bit-field read names its field.
        let bits = match self.insn_at(self.m.user_site()) {
            Some(Insn::LoadBits { bf, .. }) => Some(bf),
            _ => None,
        };
        if off == 0 && Some(size) == self.prog.types.size_of(ty) && bits.is_none() {
            return String::new();
        }
        self.member_path(ty, off, bits)
    }

    fn object_name_and_type(&self, id: AllocId) -> Option<(String, crate::sema::types::TypeId)> {
        Some(match self.obj(id)?.origin {
            Origin::Local { decl, local: l } => {
                let f = self.m.prog.site(decl)?.func;
                let local = self
                    .prog
                    .functions
                    .get(f as usize)?
                    .locals
                    .get(l as usize)?;
                (self.local_name(f, l), local.ty)
            }
            Origin::Global { global, .. } => {
                let g = self.prog.globals.get(global as usize)?;
                (g.name.clone(), g.ty)
            }
            _ => return None,
        })
    }

    fn owner_func(&self, id: AllocId) -> String {
        self.obj(id)
            .and_then(|a| a.origin.site())
            .and_then(|s| self.m.prog.site(s))
            .map(|s| self.func_name(s.func))
            .unwrap_or_else(|| "?".into())
    }

    fn free_error(&self, err: MemError, via: Builtin, span: Span) -> Diagnostic {
        let name = via.name();
        match err {
            MemError::DoubleFree { id } => {
                let (_, mut labels) = self.describe(id);
                if let Some(end) = self.obj(id).and_then(|a| a.ended_at) {
                    if let Some(sp) = self.site_span(end) {
                        labels.push(Label {
                            span: sp,
                            message: "first freed here".into(),
                        });
                    }
                }
                let mut d = Diagnostic::new(
                    Code::DoubleFree,
                    span,
                    format!("`{name}` of a block that was already freed"),
                )
                .primary("freed a second time here")
                .help("free each block exactly once; set the pointer to NULL after freeing it")
                .standard("C11 §7.22.3.3p2");
                d.labels.extend(labels);
                d
            }
            MemError::ZeroSizeFree { id } => {
                let (_, labels) = self.describe(id);
                let mut d = Diagnostic::new(Code::ZeroSizeFree, span, format!("`{name}` of the result of a zero-size allocation"))
                    .primary("this pointer came from malloc(0)")
                    .note("this is the course's rule, not C's: C11 allows passing the result of malloc(0) to free (`--allow zero-size-free` lets it free the block)")
                    .help("do not allocate 0 bytes: check the size first (or grow the block with realloc before using it)")
                    .standard("C11 §7.22.3p1");
                d.labels.extend(labels);
                d
            }
            MemError::InvalidFree { ptr } => {
                let slot = self
                    .m
                    .mem
                    .canonical(ptr)
                    .alloc_id()
                    .and_then(|id| Some((id, self.m.mem.slot(id)?)));
                let (what, labels) = match slot {
                    Some((id, _)) => self.describe(id),
                    None => (String::new(), Vec::new()),
                };
                let not_malloc = || {
                    format!(
                        "0x{:x} was not returned by malloc, calloc or realloc",
                        ptr.to_bits()
                    )
                };
                let detail = match slot {
                    Some((_, Slot::Live(a))) => match (a.origin(), ptr.offset()) {
                        (Origin::Heap { .. } | Origin::Scratch { .. }, Offset::At(off)) => format!(
                            "this points {} into {what}, not to its start",
                            bytes(off.unsigned_abs())
                        ),
                        (Origin::Local { .. } | Origin::Global { .. } | Origin::Argv, _) => {
                            format!("this points to {what}, which is not on the heap")
                        }
                        (Origin::Literal { .. }, _) => {
                            "this points to a string literal, which is not on the heap".into()
                        }
                        (Origin::Function, _) => "this points to a function".into(),
                        _ => not_malloc(),
                    },
                    Some((_, Slot::Dead(_))) => {
                        format!("this points to {what}, which is not on the heap")
                    }
                    _ => not_malloc(),
                };
                let mut d = Diagnostic::new(Code::InvalidFree, span, format!("`{name}` of a pointer that was not returned by malloc"))
                    .primary(detail)
                    .help("pass to free exactly the pointer that malloc, calloc, realloc or strdup returned")
                    .standard("C11 §7.22.3.3p2");
                d.labels.extend(labels);
                d
            }
            other => self.mem_error(other, false, Some(via), span),
        }
    }

    /// A run stopped by one of its limits (each names the flag that raises it).
    fn limit_trap(&self, t: &Trap, span: Span) -> Diagnostic {
        match t {
            Trap::StackOverflow { frames } => Diagnostic::new(
                Code::StackOverflow,
                span,
                format!("stack overflow: more than {frames} nested calls"),
            )
            .primary("this call goes too deep")
            .note("the recursion probably never reaches its base case")
            .help("check the base case; to allow deeper recursion use `--stack-limit FRAMES`"),
            Trap::StepLimit { steps } => Diagnostic::new(
                Code::StepLimit,
                span,
                format!("the program ran for more than {steps} steps"),
            )
            .primary("still running here")
            .note("the program may be stuck in an endless loop")
            .help("check the loop's exit condition; to allow longer runs use `--max-steps N`"),
            Trap::OutputLimit { limit } => Diagnostic::new(
                Code::OutputLimit,
                span,
                format!("the program wrote more than {limit} bytes of output"),
            )
            .primary("writing here")
            .note("the program may be printing in an endless loop")
            .help("to allow more output use `--output-limit BYTES`"),
            Trap::MemoryLimit { size, limit } => Diagnostic::new(
                Code::MemoryLimit,
                span,
                format!("the locals of this call ({size} bytes) do not fit in the memory limit"),
            )
            .primary("this call needs the memory")
            .note(format!(
                "heap blocks, locals and globals share a limit of {limit} bytes, bookkeeping included"
            ))
            .help("to allow more memory use `--heap-limit BYTES`"),
            Trap::Interrupted => Diagnostic::new(Code::Interrupted, span, "interrupted")
                .primary("the program was running here"),
            // Only a debugger's run pauses, and it resumes instead of reporting.
            Trap::Pause => Diagnostic::new(Code::Interrupted, span, "paused by the debugger")
                .primary("the program paused here"),
            _ => crate::bug!("{t:?} is not a limit"),
        }
    }

    /// A warning raised while running (zero-size allocations, allocations refused by the
    /// memory limit).
    pub fn warning(&self, w: &RunWarning) -> Diagnostic {
        let span = self.site_span(w.site).unwrap_or_default();
        let name = w.builtin.name();
        let mut d = if w.code == Code::MemoryLimit {
            Diagnostic::new(
                Code::MemoryLimit,
                span,
                format!("`{name}` returned NULL: the memory limit was reached"),
            )
            .primary("this allocation was refused")
            .note(format!(
                "heap blocks, locals and globals share a limit of {} bytes, bookkeeping included",
                self.m.limits.memory_bytes
            ))
            .help("free blocks no longer needed; to allow more memory use `--heap-limit BYTES`")
        } else {
            let call = match w.builtin {
                Builtin::Realloc => "realloc(p, 0)".to_string(),
                Builtin::Calloc => "calloc with a zero size".to_string(),
                _ => format!("{name}(0)"),
            };
            Diagnostic::new(Code::ZeroSizeAlloc, span, format!("{call} allocates a zero-size block"))
                .primary("the size is 0 here")
                .note("the result is unspecified: it may be NULL or a pointer that must not be used to access an object")
                .help("check for a zero size before allocating")
                .standard("C11 §7.22.3p1")
        };
        d.severity = Severity::Warning;
        if w.repeats > 1 {
            d.notes
                .push(format!("this happened {} times here", w.repeats));
        }
        d.stack = w
            .stack
            .iter()
            .filter_map(|s| {
                let info = self.m.prog.site(*s)?;
                let f = self.m.prog.funcs.get(info.func as usize)?;
                (!f.library).then(|| StackFrame::new(f.name.clone(), info.span))
            })
            .collect();
        d
    }

    fn reg_name(&self, func: u32, r: u16) -> Option<String> {
        let f = self.m.prog.funcs.get(func as usize)?;
        let idx = f
            .locals
            .iter()
            .position(|l| *l == crate::bytecode::LocalLoc::Reg(r))?;
        let n = self.local_name(func, idx as u32);
        (n != "a temporary").then_some(n)
    }
}

/// "4..8, 12" style list of byte offsets.
fn join_ranges(v: &[u64]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let start = v[i];
        let mut end = start;
        while i + 1 < v.len() && v[i + 1] == end + 1 {
            i += 1;
            end = v[i];
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}..{}", end + 1)
        });
        i += 1;
    }
    parts.join(", ")
}

/// The diagnostic for a program that could not be compiled or loaded.
pub fn compile_error(e: &CompileError) -> Diagnostic {
    if e.memory_limit {
        Diagnostic::new(Code::MemoryLimit, e.span, e.message.clone())
            .primary("declared here")
            .help("to allow more memory use `--heap-limit BYTES`")
    } else {
        Diagnostic::new(Code::Unsupported, e.span, e.message.clone())
    }
}
