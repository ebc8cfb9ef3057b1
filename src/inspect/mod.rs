//! Read-only views of a paused machine, for people: C values as the REPL prints them, hex
//! dumps with `??` for unwritten bytes, the table of live heap blocks, and (in [`draw`]) a
//! picture of the heap.
//!
//! Invariant: nothing here changes the machine; every byte is read through the memory
//! model's accessors, so looking never counts as a read of uninitialised memory.

pub mod draw;

use std::fmt::Write as _;

use crate::eval::Machine;
use crate::mem::{make_ptr, ptr_add, ptr_id, ptr_off, AllocKind, MemError, Ptr, Site, State};
use crate::sema::program::Program;
use crate::sema::types::{Scalar, Type, TypeId};
use crate::source::{Interner, SourceMap};

/// `:heap` lists at most this many blocks.
pub const HEAP_TABLE_ROWS: usize = 200;

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
    pub fn describe_block(&self, id: u32) -> String {
        let Some(a) = self.m.mem.alloc_info(id) else {
            return "no object".into();
        };
        let kind = match a.kind {
            AllocKind::Heap | AllocKind::Scratch => "heap block",
            AllocKind::ZeroSize => "zero-size heap block",
            AllocKind::Stack => "local variable",
            AllocKind::Global => "variable",
            AllocKind::Literal => "string literal",
            AllocKind::Function => "function",
            AllocKind::Stream => "FILE stream",
        };
        let state = match a.state {
            State::Live => String::new(),
            State::Freed => format!(", freed at {}", self.site_text(a.end_site)),
            State::Dead => ", dead (its function returned)".into(),
        };
        format!(
            "block #{id}: {kind}, {} bytes, allocated at {}{state}",
            a.size(),
            self.site_text(a.site)
        )
    }

    /// A hex dump of `len` bytes at `p`, 16 to a line, `??` for bytes never written.
    pub fn hex_dump(&self, p: Ptr, len: u64) -> String {
        if p == 0 {
            return "NULL: no object\n".into();
        }
        let id = ptr_id(p);
        let Some(a) = self.m.mem.alloc_info(id) else {
            return format!("0x{p:x}: no object at this address\n");
        };
        let mut out = format!("{}\n", self.describe_block(id));
        if a.state != State::Live || a.size() == 0 {
            return out;
        }
        let start = (ptr_off(p).max(0) as u64).min(a.size());
        let end = start.saturating_add(len).min(a.size());
        let bytes = a.bytes();
        let mut off = start - start % 16;
        while off < end {
            let _ = write!(out, "  0x{:x}  +{:<5}", make_ptr(id, off as i64), off);
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
        if end < a.size() || start > 0 {
            let _ = writeln!(out, "  (bytes {start}..{end} of {})", a.size());
        }
        out
    }

    /// The live heap blocks as a table: id, address, size, bytes written, allocation site.
    pub fn heap_table(&self) -> String {
        let blocks: Vec<(u32, &crate::mem::Alloc)> = self.m.mem.live_heap().collect();
        if blocks.is_empty() {
            return "no live heap blocks\n".into();
        }
        let mut out = format!(
            "{:>5}  {:<14} {:>8} {:>12}  {}\n",
            "block", "address", "size", "written", "allocated at"
        );
        let total: u64 = blocks.iter().map(|(_, a)| a.size()).sum();
        for (shown, (id, a)) in blocks.iter().enumerate() {
            if shown == HEAP_TABLE_ROWS {
                let _ = writeln!(out, "  ... and {} more", blocks.len() - shown);
                break;
            }
            let _ = writeln!(
                out,
                "{:>5}  0x{:<12x} {:>8} {:>12}  {}",
                format!("#{id}"),
                make_ptr(*id, 0),
                a.size(),
                format!("{}/{}", a.init_count(), a.size()),
                self.site_text(a.site)
            );
        }
        let _ = writeln!(out, "{} live block(s), {} bytes", blocks.len(), total);
        out
    }

    /// The value of type `ty` stored at `p`, as the REPL shows it: `42`, `0x... -> "hello"`,
    /// `{x = 1, y = 2}`; `??` for bytes never written.
    pub fn format_value(&self, ty: TypeId, p: Ptr, depth: usize) -> String {
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
                        let v = self.format_value(f.ty.ty, ptr_add(p, f.offset as i64), depth + 1);
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
                    .map(|i| self.format_value(elem, ptr_add(p, (i * es) as i64), depth + 1))
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
            Scalar::Ptr => self.format_pointer(ty, bits),
            _ => bits.to_string(),
        }
    }

    /// A pointer value: its address and what it points to (a string, a value, or why it
    /// dangles).
    pub fn format_pointer(&self, ty: TypeId, p: Ptr) -> String {
        if p == 0 {
            return "NULL".into();
        }
        if let Some(f) = self.m.prog.func_of_ptr(p) {
            let name = self
                .prog
                .functions
                .get(f as usize)
                .map_or("?", |f| f.name.as_str());
            return format!("0x{p:x} (function `{name}`)");
        }
        let mut s = format!("0x{p:x}");
        let Some(a) = self.m.mem.alloc_info(ptr_id(p)) else {
            s.push_str(" (no object)");
            return s;
        };
        match a.state {
            State::Freed => return format!("{s} (dangling: the block was freed)"),
            State::Dead => return format!("{s} (dangling: the local's function returned)"),
            State::Live => {}
        }
        if a.kind == AllocKind::ZeroSize {
            return format!("{s} (a zero-size block)");
        }
        match self.prog.types.pointee(ty).map(|q| q.ty) {
            Some(TypeId::CHAR | TypeId::SCHAR | TypeId::UCHAR) => {
                let rest = a.size().saturating_sub(ptr_off(p).max(0) as u64);
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
    pub fn c_string_at(&self, p: Ptr, max: u64) -> Option<String> {
        let a = self.m.mem.alloc_info(ptr_id(p)).filter(|a| a.is_live())?;
        let start = u64::try_from(ptr_off(p)).ok()?;
        let mut out = String::from("\"");
        for i in start..start.saturating_add(max.min(80)).min(a.size()) {
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
