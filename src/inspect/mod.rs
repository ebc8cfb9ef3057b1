//! Read-only views of a paused machine, for people: C values as the REPL prints them, hex
//! dumps with `??` for unwritten bytes, the table of live heap blocks, and (in [`draw`]) a
//! picture of the heap.
//!
//! Invariant: nothing here changes the machine; every byte is read through the memory
//! model's accessors, so looking never counts as a read of uninitialised memory.

pub mod draw;
mod svg;

use std::fmt::Write as _;

use crate::eval::format::shortest_long_double;
use crate::eval::Machine;
use crate::mem::{AllocId, Allocation, MemError, Offset, Origin, Pointer, Scalar, Site, Slot};
use crate::sema::program::Program;
use crate::sema::types::{Type, TypeId};
use crate::source::{Interner, SourceMap};

/// `:heap` lists at most this many blocks.
pub const HEAP_TABLE_ROWS: usize = 200;

/// Whether a local is in scope at `here` (where its frame stopped): a parameter, or
/// declared before that point with its block not yet left (a loop's variable is gone
/// after its loop).
pub fn in_scope(local: &crate::sema::program::Local, here: Option<crate::source::Span>) -> bool {
    local.kind == crate::sema::program::LocalKind::Param
        || here.is_none_or(|h| {
            local.span.file != h.file || (local.span.lo <= h.lo && h.lo < local.scope_end)
        })
}

/// A paused program, seen through its source.
#[derive(Clone, Copy)]
pub struct Inspector<'a> {
    pub prog: &'a Program,
    pub m: &'a Machine,
    pub sm: &'a SourceMap,
    pub interner: &'a Interner,
}

impl Inspector<'_> {
    /// Where a site is, as `file:line:col` (`?` when it has none).
    pub fn site_text(&self, site: Site) -> String {
        match self.m.prog.site(site) {
            Some(s) => {
                let (f, l, c) = self.sm.locate(s.span);
                format!("{f}:{l}:{c}")
            }
            None => "?".into(),
        }
    }

    /// A site as `file:line`, the file without its folders (`?` when it has none).
    pub fn site_short(&self, site: Site) -> String {
        match self.m.prog.site(site) {
            Some(s) => {
                let (f, l, _) = self.sm.locate(s.span);
                let base = f.rsplit('/').next().unwrap_or(&f);
                format!("{base}:{l}")
            }
            None => "?".into(),
        }
    }

    /// One line about an allocation: what it is, its size, where it came from, its state.
    pub fn describe_block(&self, id: AllocId) -> String {
        let Some(slot) = self.m.mem.slot(id) else {
            return "no object".into();
        };
        let (Some(origin), Some(size)) = (slot.origin(), slot.size()) else {
            return "no object".into();
        };
        let kind = match origin {
            Origin::Heap { .. } | Origin::Scratch { .. } => "heap block",
            Origin::ZeroSize { .. } => "zero-size heap block",
            Origin::Local { .. } => "local variable",
            Origin::Global { .. } | Origin::Argv => "variable",
            Origin::Literal { .. } => "string literal",
            Origin::Function => "function",
            Origin::Stream { .. } => "FILE stream",
        };
        let state = match slot {
            Slot::Freed(t) => format!(", freed at {}", self.site_text(t.ended_at())),
            Slot::Dead(_) => ", dead (its function returned)".into(),
            _ => String::new(),
        };
        let at = origin
            .site()
            .map(|s| format!(", allocated at {}", self.site_text(s)))
            .unwrap_or_default();
        format!("block #{}: {kind}, {size} bytes{at}{state}", id.get())
    }

    /// A hex dump of `len` bytes at `p`, 16 to a line, `??` for bytes never written.
    pub fn hex_dump(&self, p: Pointer, len: u64) -> String {
        let p = self.m.mem.canonical(p);
        if p.is_null() {
            return "NULL: no object\n".into();
        }
        let Some((id, slot)) = p.alloc_id().and_then(|id| Some((id, self.m.mem.slot(id)?))) else {
            return format!("0x{:x}: no object at this address\n", p.to_bits());
        };
        let mut out = format!("{}\n", self.describe_block(id));
        let Some(a) = slot.live().filter(|a| a.size().bytes() > 0) else {
            return out;
        };
        let size = a.size().bytes();
        let start = match p.offset() {
            Offset::At(off) => (off.max(0) as u64).min(size),
            Offset::Wild => size,
        };
        let end = start.saturating_add(len).min(size);
        let bytes = a.bytes();
        let mut off = start - start % 16;
        while off < end {
            let _ = write!(
                out,
                "  0x{:x}  +{:<5}",
                Pointer::new(id, off as i64).to_bits(),
                off
            );
            let mut ascii = String::new();
            for i in off..off + 16 {
                if i < start || i >= end {
                    out.push_str("   ");
                    ascii.push(' ');
                } else if a.is_init(i) {
                    let b = bytes[i as usize];
                    let _ = write!(out, " {b:02x}");
                    ascii.push(if b.is_ascii_graphic() || b == b' ' {
                        b as char
                    } else {
                        '.'
                    });
                } else {
                    out.push_str(" ??");
                    ascii.push('?');
                }
            }
            let _ = writeln!(out, "  |{ascii}|");
            off += 16;
        }
        if start.saturating_add(len) > size {
            let _ = writeln!(
                out,
                "  (stopped at the block's end: {len} bytes asked for, bytes {start}..{end} of {size} shown)"
            );
        } else if end < size || start > 0 {
            let _ = writeln!(out, "  (bytes {start}..{end} of {size})");
        }
        out
    }

    /// The live heap blocks as a table: id, address, size, bytes written, allocation site.
    pub fn heap_table(&self) -> String {
        let blocks: Vec<(AllocId, &Allocation)> = self.m.mem.live_heap().collect();
        if blocks.is_empty() {
            return "no live heap blocks\n".into();
        }
        let mut out = format!(
            "{:>5}  {:<14} {:>8} {:>12}  {}\n",
            "block", "address", "size", "written", "allocated at"
        );
        let total: u64 = blocks.iter().map(|(_, a)| a.size().bytes()).sum();
        for (shown, (id, a)) in blocks.iter().enumerate() {
            if shown == HEAP_TABLE_ROWS {
                let _ = writeln!(out, "  ... and {} more", blocks.len() - shown);
                break;
            }
            let _ = writeln!(
                out,
                "{:>5}  0x{:<12x} {:>8} {:>12}  {}",
                format!("#{}", id.get()),
                Pointer::start(*id).to_bits(),
                a.size(),
                format!("{}/{}", a.init_count(), a.size()),
                a.origin().site().map_or("?".into(), |s| self.site_text(s))
            );
        }
        let _ = writeln!(out, "{} live block(s), {} bytes", blocks.len(), total);
        out
    }

    /// The value of type `ty` stored at `p`, as the REPL shows it: `42`, `0x... -> "hello"`,
    /// `{x = 1, y = 2}`; `??` for bytes never written.
    pub fn format_value(&self, ty: TypeId, p: Pointer, depth: usize) -> String {
        let types = &self.prog.types;
        match types.get(ty) {
            Type::Record(_) => {
                let Some(rec) = types.record_of(ty) else {
                    return "?".into();
                };
                if depth > 3 {
                    return "{...}".into();
                }
                let parts: Vec<String> = rec
                    .fields
                    .iter()
                    .map(|f| {
                        let v = self.format_value(f.ty.ty, p.offset_by(f.offset as i64), depth + 1);
                        match f.name {
                            Some(n) => format!("{} = {v}", self.interner.resolve(n)),
                            None => v,
                        }
                    })
                    .collect();
                format!("{{{}}}", parts.join(", "))
            }
            Type::Array(elem, Some(n)) => {
                let (elem, n) = (elem.ty, *n);
                if matches!(elem, TypeId::CHAR | TypeId::SCHAR | TypeId::UCHAR) {
                    if let Some(s) = self.c_string_at(p, n) {
                        return s;
                    }
                }
                let es = types.size_of(elem).unwrap_or(1);
                let shown = n.min(16);
                let mut parts: Vec<String> = (0..shown)
                    .map(|i| self.format_value(elem, p.offset_by((i * es) as i64), depth + 1))
                    .collect();
                if n > shown {
                    parts.push(format!("... ({} more)", n - shown));
                }
                format!("{{{}}}", parts.join(", "))
            }
            _ => {
                let Some(sc) = types.scalar(ty) else {
                    return "?".into();
                };
                if sc == Scalar::F80 {
                    return match self.m.mem.load_wide(p, crate::num::F80_BYTES) {
                        Ok(bits) => shortest_long_double(crate::num::F80(bits)),
                        Err(MemError::Uninit { .. }) => "??".into(),
                        Err(_) => "?".into(),
                    };
                }
                match self.m.mem.load(p, sc) {
                    Ok(bits) => self.format_scalar(ty, sc, bits),
                    Err(MemError::Uninit { .. }) => "??".into(),
                    Err(_) => "?".into(),
                }
            }
        }
    }

    /// A scalar value of type `ty` (already loaded).
    pub fn format_scalar(&self, ty: TypeId, sc: Scalar, bits: u64) -> String {
        match sc {
            Scalar::F64 => format!("{:?}", f64::from_bits(bits)),
            Scalar::F32 => format!("{:?}", f32::from_bits(bits as u32)),
            Scalar::Bool => bits.to_string(),
            Scalar::I8 | Scalar::U8 => {
                let v = if sc == Scalar::I8 {
                    (bits as i64).to_string()
                } else {
                    bits.to_string()
                };
                let c = bits as u8;
                if c.is_ascii_graphic() || c == b' ' {
                    format!("{v} '{}'", c as char)
                } else {
                    v
                }
            }
            s if s.is_signed_int() => (bits as i64).to_string(),
            Scalar::Ptr => self.format_pointer(ty, Pointer::from_bits(bits)),
            _ => bits.to_string(),
        }
    }

    /// A pointer value: its address and what it points to (a string, a value, or why it
    /// dangles).
    pub fn format_pointer(&self, ty: TypeId, p: Pointer) -> String {
        let p = self.m.mem.canonical(p);
        if p.is_null() {
            return "NULL".into();
        }
        if let Some(f) = self.m.prog.func_of_ptr(p) {
            let name = self
                .prog
                .functions
                .get(f as usize)
                .map_or("?", |f| f.name.as_str());
            return format!("0x{:x} (function `{name}`)", p.to_bits());
        }
        let s = format!("0x{:x}", p.to_bits());
        let a = match p.alloc_id().and_then(|id| self.m.mem.slot(id)) {
            None | Some(Slot::Vacant | Slot::View(_)) => return format!("{s} (no object)"),
            Some(Slot::Freed(_)) => return format!("{s} (dangling: the block was freed)"),
            Some(Slot::Dead(_)) => return format!("{s} (dangling: the local's function returned)"),
            Some(Slot::Live(a)) => a,
        };
        if matches!(a.origin(), Origin::ZeroSize { .. }) {
            return format!("{s} (a zero-size block)");
        }
        let mut s = s;
        match self.prog.types.pointee(ty).map(|q| q.ty) {
            Some(TypeId::CHAR | TypeId::SCHAR | TypeId::UCHAR) => {
                let off = p.offset_bytes().unwrap_or(i64::MAX).max(0) as u64;
                let rest = a.size().bytes().saturating_sub(off);
                if let Some(text) = self.c_string_at(p, rest) {
                    let _ = write!(s, " -> {text}");
                }
            }
            Some(t) if self.prog.types.is_scalar(t) => {
                let _ = write!(s, " -> {}", self.format_value(t, p, 3));
            }
            _ => {}
        }
        s
    }

    /// The C string at `p` (at most `max` bytes, 80 shown), quoted and escaped; `None` when
    /// `p` is not inside a live object.
    pub fn c_string_at(&self, p: Pointer, max: u64) -> Option<String> {
        let p = self.m.mem.canonical(p);
        let a = self.m.mem.live(p.alloc_id()?)?;
        let start = u64::try_from(p.offset_bytes()?).ok()?;
        let mut out = String::from("\"");
        for i in start..start.saturating_add(max.min(80)).min(a.size().bytes()) {
            if !a.is_init(i) {
                out.push_str("??");
                continue;
            }
            let b = a.bytes()[i as usize];
            if b == 0 {
                out.push('"');
                return Some(out);
            }
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                b'\n' => out.push_str("\\n"),
                b'\t' => out.push_str("\\t"),
                32..=126 => out.push(b as char),
                _ => {
                    let _ = write!(out, "\\x{b:02x}");
                }
            }
        }
        out.push_str("\"...");
        Some(out)
    }
}
