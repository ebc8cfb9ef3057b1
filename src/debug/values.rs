//! What a paused program holds, for the debugger's faces: its frames, each frame's locals
//! in scope, the globals, a value's children (a struct's members, an array's elements,
//! what a pointer points at), and the lvalue paths a user types (`p`, `*p`, `n->next->value`,
//! `a[3].name`) evaluated in the selected frame.
//!
//! Every value is read through `inspect` from memory (a program compiled for the debugger
//! keeps its named locals there), so unwritten bytes show as `??` and a pointer says when
//! it dangles.

use super::Debugger;
use crate::bytecode::LocalLoc;
use crate::inspect::Inspector;
use crate::mem::{Pointer, Scalar, Slot};
use crate::sema::program::{GlobalKind, LocalKind};
use crate::sema::types::{Type, TypeId};

/// A C object (or a value without a place).
#[derive(Clone, Debug)]
pub struct Value {
    pub name: String,
    pub ty: TypeId,
    /// Where it is; `None` for a value that is not in memory.
    pub place: Option<Pointer>,
}

/// One frame of the call stack.
#[derive(Clone, Debug)]
pub struct FrameInfo {
    /// 0 for the innermost.
    pub index: usize,
    pub func: String,
    pub file: String,
    pub line: u32,
    pub col: u32,
}

/// At most this many elements of an array are listed as its children.
pub const MAX_CHILDREN: u64 = 100;

impl Debugger {
    pub fn inspector(&self) -> Inspector<'_> {
        Inspector {
            prog: &self.fe.program,
            m: &self.m,
            sm: &self.fe.sm,
            interner: &self.fe.interner,
        }
    }
}

/// The frames, innermost first (the library's own C functions included, by name).
pub fn frames(d: &Debugger) -> Vec<FrameInfo> {
    let n = d.m.frames.len();
    (0..n)
        .filter_map(|i| {
            let fr = d.m.frames[n - 1 - i];
            let func = d.m.prog.funcs.get(fr.func as usize)?.name.clone();
            let (file, line, col) = d.location(i)?;
            Some(FrameInfo {
                index: i,
                func,
                file,
                line,
                col,
            })
        })
        .collect()
}

/// The locals of frame `frame` in scope where it stopped, in declaration order.
pub fn locals(d: &Debugger, frame: usize) -> Vec<Value> {
    let m = &d.m;
    let Some(fr) = m.frames.len().checked_sub(frame + 1).map(|i| m.frames[i]) else {
        return Vec::new();
    };
    let Some(func) = d.fe.program.functions.get(fr.func as usize) else {
        return Vec::new();
    };
    let cf = &m.prog.funcs[fr.func as usize];
    let here = m.prog.site(cf.site_base + fr.pc).map(|s| s.span);
    let mut out = Vec::new();
    for (li, local) in func.locals.iter().enumerate() {
        let name = d.fe.interner.resolve(local.name);
        if name.is_empty() || local.kind == LocalKind::Temp {
            continue;
        }
        if !crate::inspect::in_scope(local, here) {
            continue;
        }
        if let Some(LocalLoc::Mem(r)) = cf.locals.get(li) {
            let p = Pointer::from_bits(m.regs[fr.bp as usize + *r as usize]);
            out.push(Value {
                name: name.to_string(),
                ty: local.ty,
                place: Some(p),
            });
        }
    }
    out
}

/// The program's own globals.
pub fn globals(d: &Debugger) -> Vec<Value> {
    d.fe.program
        .globals
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.library && g.kind == GlobalKind::User && g.local_of.is_none())
        .filter_map(|(i, g)| {
            Some(Value {
                name: g.name.clone(),
                ty: g.ty,
                place: Some(*d.m.prog.global_ptrs.get(i)?),
            })
        })
        .collect()
}

impl Value {
    /// The pointer this value holds, if it is a written pointer.
    pub fn pointer_value(&self, d: &Debugger) -> Option<Pointer> {
        if !d.fe.program.types.is_pointer(self.ty) {
            return None;
        }
        let bits = d.m.mem.load(self.place?, Scalar::Ptr).ok()?;
        Some(Pointer::from_bits(bits))
    }

    /// The value as the REPL prints it (`??` for unwritten bytes; a pointer says what it
    /// points to or why it dangles).
    pub fn text(&self, d: &Debugger) -> String {
        let Some(p) = self.place else {
            return "?".into();
        };
        let canon = d.m.mem.canonical(p);
        match canon.alloc_id().and_then(|id| d.m.mem.slot(id)) {
            Some(Slot::Live(_)) => d.inspector().format_value(self.ty, p, 0),
            Some(Slot::Freed(_)) => "(in a freed block)".into(),
            Some(Slot::Dead(_)) => "(in a returned function's local)".into(),
            _ if canon.is_null() => "(NULL)".into(),
            _ => "(no object)".into(),
        }
    }

    /// The type's name.
    pub fn type_name(&self, d: &Debugger) -> String {
        d.fe.program.types.display(self.ty, &d.fe.interner)
    }

    /// A struct's members, an array's elements (the first `MAX_CHILDREN`), or what a
    /// pointer points to (one value, `*name`); none for a NULL or dangling pointer.
    pub fn children(&self, d: &Debugger) -> Vec<Value> {
        let types = &d.fe.program.types;
        let Some(place) = self.place else {
            return Vec::new();
        };
        match types.get(self.ty) {
            Type::Record(_) => types
                .record_of(self.ty)
                .map(|rec| {
                    rec.fields
                        .iter()
                        .filter_map(|f| {
                            Some(Value {
                                name: d.fe.interner.resolve(f.name?).to_string(),
                                ty: f.ty.ty,
                                place: Some(place.offset_by(f.offset as i64)),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default(),
            Type::Array(elem, Some(n)) => {
                let es = types.size_of(elem.ty).unwrap_or(1);
                (0..(*n).min(MAX_CHILDREN))
                    .map(|i| Value {
                        name: format!("[{i}]"),
                        ty: elem.ty,
                        place: Some(place.offset_by((i * es) as i64)),
                    })
                    .collect()
            }
            _ => {
                let Some(target) = types.pointee(self.ty).map(|q| q.ty) else {
                    return Vec::new();
                };
                if target == TypeId::VOID || types.size_of(target).is_none() {
                    return Vec::new();
                }
                match self.pointer_value(d) {
                    Some(p) if points_to_live(d, p) => vec![Value {
                        name: format!("*{}", self.name),
                        ty: target,
                        place: Some(p),
                    }],
                    _ => Vec::new(),
                }
            }
        }
    }

    /// Whether it has children to expand.
    pub fn expandable(&self, d: &Debugger) -> bool {
        !self.children(d).is_empty()
    }
}

fn points_to_live(d: &Debugger, p: Pointer) -> bool {
    let p = d.m.mem.canonical(p);
    p.alloc_id()
        .and_then(|id| d.m.mem.slot(id))
        .is_some_and(|s| matches!(s, Slot::Live(_)))
}

/// Evaluates an lvalue path in the selected frame: a name (a local in scope, else a
/// global), then `.member`, `->member`, `[index]`, with any number of leading `*`.
pub fn eval_path(d: &Debugger, text: &str) -> Result<Value, String> {
    let text = text.trim();
    let derefs = text.chars().take_while(|&c| c == '*').count();
    let rest = text[derefs..].trim_start();
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let name = &rest[..name_len];
    if name.is_empty() {
        return Err(format!(
            "`{text}`: the debugger reads names, members (`.m`, `->m`), elements (`[i]`) and `*`"
        ));
    }
    let mut v = locals(d, d.frame)
        .into_iter()
        .rev()
        .find(|v| v.name == name)
        .or_else(|| globals(d).into_iter().find(|v| v.name == name))
        .ok_or(format!("no variable `{name}` here"))?;
    let mut rest = &rest[name_len..];
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if let Some(r) = rest.strip_prefix("->") {
            v = deref(d, &v)?;
            let (m, r) = ident(r);
            v = member(d, &v, m)?;
            rest = r;
        } else if let Some(r) = rest.strip_prefix('.') {
            let (m, r) = ident(r);
            v = member(d, &v, m)?;
            rest = r;
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').ok_or("a `[` without its `]`")?;
            let i: i64 = r[..end]
                .trim()
                .parse()
                .map_err(|_| format!("`{}`: an index must be a number here", &r[..end]))?;
            v = index(d, &v, i)?;
            rest = &r[end + 1..];
        } else {
            return Err(format!("`{text}`: cannot read `{rest}`"));
        }
    }
    for _ in 0..derefs {
        v = deref(d, &v)?;
    }
    Ok(v)
}

fn ident(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    let n = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    (&s[..n], &s[n..])
}

fn deref(d: &Debugger, v: &Value) -> Result<Value, String> {
    let types = &d.fe.program.types;
    let target = types
        .pointee(v.ty)
        .map(|q| q.ty)
        .ok_or(format!("`{}` is not a pointer", v.name))?;
    let p = v
        .pointer_value(d)
        .ok_or(format!("`{}` has no value yet", v.name))?;
    if p.is_null() {
        return Err(format!("`{}` is NULL", v.name));
    }
    Ok(Value {
        name: format!("*{}", v.name),
        ty: target,
        place: Some(p),
    })
}

fn member(d: &Debugger, v: &Value, m: &str) -> Result<Value, String> {
    let types = &d.fe.program.types;
    let rec = types
        .record_of(v.ty)
        .ok_or(format!("`{}` is not a struct or union", v.name))?;
    let f = rec
        .fields
        .iter()
        .find(|f| f.name.is_some_and(|n| d.fe.interner.resolve(n) == m))
        .ok_or(format!("`{}` has no member `{m}`", v.name))?;
    Ok(Value {
        name: format!("{}.{m}", v.name),
        ty: f.ty.ty,
        place: v.place.map(|p| p.offset_by(f.offset as i64)),
    })
}

fn index(d: &Debugger, v: &Value, i: i64) -> Result<Value, String> {
    let types = &d.fe.program.types;
    let (elem, base) = match types.get(v.ty) {
        Type::Array(e, _) => (e.ty, v.place),
        _ => match types.pointee(v.ty) {
            Some(q) => (q.ty, v.pointer_value(d)),
            None => return Err(format!("`{}` is not an array or a pointer", v.name)),
        },
    };
    let size = types.size_of(elem).unwrap_or(1) as i64;
    Ok(Value {
        name: format!("{}[{i}]", v.name),
        ty: elem,
        place: base.map(|p| p.offset_by(i.saturating_mul(size))),
    })
}
