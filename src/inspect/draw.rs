//! A picture of the heap, as Python Tutor draws one: the variables of each frame and the
//! globals on the left, heap blocks as boxes of their bytes or fields, pointers as arrows.
//! Lost blocks are red, indirectly lost ones orange, freed blocks (still pointed to) grey
//! with a dashed arrow.
//!
//! [`HeapGraph::capture`] reads a paused machine into a small graph model; the model is
//! written as Graphviz DOT ([`HeapGraph::to_dot`]) or laid out and rendered to SVG by
//! `svg.rs` ([`HeapGraph::to_svg`]). Both come from the same model, so the DOT file and
//! the SVG show the same picture.
//!
//! A heap block has no type of its own; it is drawn with the type of the first typed
//! pointer found to its start (a `struct node *` makes it a `struct node`), so a linked
//! list shows its fields. A block no typed pointer reaches (a lost one, at exit) takes
//! the type its allocation was converted to; one with neither is drawn as 8-byte words.
//!
//! Invariants: capturing reads memory only through the model's accessors; the picture is
//! bounded (at most [`MAX_BLOCKS`] blocks, [`MAX_ROWS`] rows each) whatever the program did.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::Inspector;
use crate::bytecode::LocalLoc;
use crate::eval::format::shortest_long_double;
use crate::mem::leaks::LeakKind;
use crate::mem::Scalar;
use crate::mem::{AllocId, Allocation, Memory, Origin, Pointer, Site, Slot};
use crate::sema::types::{Type, TypeId};

/// At most this many heap blocks are drawn (the rest are counted in `omitted`).
pub const MAX_BLOCKS: usize = 120;
/// At most this many rows per box.
pub const MAX_ROWS: usize = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// The variables of a function's frame.
    Frame,
    Globals,
    /// A live heap block some variable can still reach.
    Live,
    /// A live heap block nothing reaches any more.
    Lost,
    /// A live block reachable only from lost blocks.
    IndirectlyLost,
    /// A freed block a pointer still points to.
    Freed,
    /// The result of `malloc(0)`.
    ZeroSize,
    /// A local of a returned function that a pointer still points to.
    DeadLocal,
    /// A string literal.
    Literal,
}

impl NodeKind {
    pub(super) fn fill(self) -> &'static str {
        match self {
            NodeKind::Frame | NodeKind::Globals => "#dfe9f7",
            NodeKind::Live | NodeKind::ZeroSize => "#fff6d5",
            NodeKind::Lost => "#f8c4c4",
            NodeKind::IndirectlyLost => "#fbdcb8",
            NodeKind::Freed | NodeKind::DeadLocal => "#dddddd",
            NodeKind::Literal => "#e4f4e0",
        }
    }
}

/// A box: a title and rows of `name | value`.
#[derive(Clone, Debug)]
pub struct Node {
    /// The identifier in DOT (`f0`, `globals`, `b5`, `s3`).
    pub key: String,
    pub kind: NodeKind,
    pub title: String,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug)]
pub struct Row {
    pub name: String,
    pub value: String,
    /// The bytes of the object this row shows (for pointers stored in memory).
    start: u64,
    end: u64,
}

impl Row {
    /// A row with no bytes behind it (for pictures made by hand in tests).
    #[cfg(test)]
    pub(super) fn text(name: &str, value: &str) -> Row {
        Row {
            name: name.into(),
            value: value.into(),
            start: 0,
            end: 0,
        }
    }
}

/// An arrow from a row to a box (or to a row of a box, for a pointer to a variable).
#[derive(Clone, Debug)]
pub struct Edge {
    pub from: String,
    pub from_row: usize,
    pub to: String,
    pub to_row: Option<usize>,
    /// `+8` for a pointer into the middle of a block.
    pub label: String,
    /// The target was freed or its function returned.
    pub dangling: bool,
}

/// The heap and the variables that point into it, at one moment.
#[derive(Clone, Debug, Default)]
pub struct HeapGraph {
    /// Frames (innermost first) and globals.
    pub vars: Vec<Node>,
    /// Heap blocks, tombstones and string literals.
    pub blocks: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Heap blocks left out of the picture (beyond [`MAX_BLOCKS`]).
    pub omitted: usize,
    /// The key of the block the error that stopped the program is about, drawn marked.
    pub culprit: Option<String>,
}

/// Where an allocation is drawn: its box, and the row of that box where it starts (for a
/// variable inside a frame or the globals box).
#[derive(Clone, Copy)]
struct Place {
    node: usize,
    row: Option<usize>,
    /// The box is a variables box (index into `vars`), not a block.
    var: bool,
}

struct Builder<'a> {
    ins: Inspector<'a>,
    g: HeapGraph,
    place: HashMap<u32, Place>,
    /// Heap block id -> the type it is drawn with.
    hint: HashMap<u32, TypeId>,
    leak: HashMap<u32, LeakKind>,
    /// Allocations whose pointer words become edges: (alloc id, node, var box).
    sources: Vec<(u32, usize, bool)>,
    /// Pointers held in registers (not memory): (vars box, row, value).
    reg_ptrs: Vec<(usize, usize, u64)>,
}

impl HeapGraph {
    /// Reads the machine's variables and heap into a picture.
    pub fn capture(ins: Inspector<'_>) -> HeapGraph {
        let m = ins.m;
        let roots = m.register_roots();
        let leaks = crate::mem::leaks::find_leaks(&m.mem, !m.frames.is_empty(), &roots);
        let mut b = Builder {
            ins,
            g: HeapGraph::default(),
            place: HashMap::new(),
            hint: HashMap::new(),
            leak: leaks.iter().map(|l| (l.id.get(), l.kind)).collect(),
            sources: Vec::new(),
            reg_ptrs: Vec::new(),
        };
        let mut typed: Vec<(u64, TypeId)> = Vec::new();
        b.frames(&mut typed);
        b.globals(&mut typed);
        b.infer_types(typed);
        b.heap_blocks();
        b.edges();
        b.g
    }

    /// The picture as a Graphviz DOT graph.
    pub fn to_dot(&self) -> String {
        let mut out = String::from(
            "digraph heap {\n  rankdir=LR;\n  node [shape=record, fontname=\"monospace\", fontsize=11, style=filled];\n",
        );
        for n in self.vars.iter().chain(&self.blocks) {
            let mut label = dot_escape(&n.title);
            for (i, r) in n.rows.iter().enumerate() {
                let _ = write!(
                    label,
                    "|{{<n{i}> {}|<v{i}> {}}}",
                    dot_escape(&r.name),
                    dot_escape(&r.value)
                );
            }
            let mark = if self.culprit.as_ref() == Some(&n.key) {
                ", color=\"#d00000\", penwidth=3"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  {} [label=\"{}\", fillcolor=\"{}\"{mark}];",
                n.key,
                label,
                n.kind.fill()
            );
        }
        for e in &self.edges {
            let to = match e.to_row {
                Some(r) => format!("{}:n{r}", e.to),
                None => e.to.clone(),
            };
            let mut attrs = Vec::new();
            if !e.label.is_empty() {
                attrs.push(format!("label=\"{}\"", dot_escape(&e.label)));
            }
            if e.dangling {
                attrs.push("style=dashed".into());
            }
            // A pointer to the block the error is about is drawn like that block.
            if self.culprit.as_ref() == Some(&e.to) {
                attrs.push("color=\"#d00000\", penwidth=3".into());
            } else if e.dangling {
                attrs.push("color=\"#c03030\"".into());
            }
            let attrs = if attrs.is_empty() {
                String::new()
            } else {
                format!(" [{}]", attrs.join(", "))
            };
            let _ = writeln!(out, "  {}:v{} -> {to}{attrs};", e.from, e.from_row);
        }
        if self.omitted > 0 {
            let _ = writeln!(
                out,
                "  omitted [shape=plaintext, style=\"\", label=\"... and {} more heap blocks\"];",
                self.omitted
            );
        }
        out.push_str("}\n");
        out
    }
}

/// Escapes text for a DOT record label.
fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '{' | '}' | '|' | '<' | '>' | '"' | '\\') {
            out.push('\\');
        }
        if c == '\n' {
            out.push_str("\\n");
        } else {
            out.push(c);
        }
    }
    out
}

impl Builder<'_> {
    /// The variables of each live frame, innermost first: the locals in scope at the point
    /// the frame has reached (declared before it, and their block not left).
    fn frames(&mut self, typed: &mut Vec<(u64, TypeId)>) {
        let m = self.ins.m;
        let prog = self.ins.prog;
        for (fi, fr) in m.frames.iter().enumerate().rev() {
            let cf = m.func(fr.func);
            let Some(func) = prog.functions.get(fr.func as usize) else {
                continue;
            };
            if cf.library || func.name.starts_with('<') {
                continue;
            }
            let here = m.prog.site(cf.site_base + fr.pc).map(|s| s.span);
            let line = here.map_or(String::from("?"), |s| self.ins.sm.locate(s).1.to_string());
            let node = self.g.vars.len();
            let mut rows = Vec::new();
            for (li, local) in func.locals.iter().enumerate() {
                let name = self.ins.interner.resolve(local.name);
                if name.is_empty() {
                    continue;
                }
                if !super::in_scope(local, here) {
                    continue;
                }
                let Some(loc) = cf.locals.get(li) else {
                    continue;
                };
                let bp = fr.bp as usize;
                match *loc {
                    LocalLoc::Mem(r) => {
                        let p = m.regs.get(bp + r as usize).copied().unwrap_or(0);
                        if !blk(&m.mem, ptr_id(p)).is_some_and(|a| a.is_live()) {
                            continue;
                        }
                        self.add_var(node, &mut rows, name, local.ty, p, typed);
                    }
                    LocalLoc::Reg(r) => {
                        let bits = m.regs.get(bp + r as usize).copied().unwrap_or(0);
                        let value = match prog.types.scalar(local.ty) {
                            Some(Scalar::Ptr) => {
                                typed.push((bits, local.ty));
                                self.pointer_cell(bits)
                            }
                            Some(Scalar::F80) => shortest_long_double(m.xreg(bp + r as usize)),
                            Some(sc) => self.ins.format_scalar(local.ty, sc, bits),
                            None => "?".into(),
                        };
                        if prog.types.is_pointer(local.ty) && bits != 0 {
                            let bits = canon(&self.ins.m.mem, bits);
                            self.reg_ptrs.push((node, rows.len(), bits));
                        }
                        rows.push(Row {
                            name: name.to_string(),
                            value,
                            start: 0,
                            end: 0,
                        });
                    }
                }
            }
            self.g.vars.push(Node {
                key: format!("f{fi}"),
                kind: NodeKind::Frame,
                title: format!("{} (line {line})", func.name),
                rows,
            });
        }
    }

    /// A variable (an allocation) as one row of box `node`.
    fn add_var(
        &mut self,
        node: usize,
        rows: &mut Vec<Row>,
        name: &str,
        ty: TypeId,
        p: u64,
        typed: &mut Vec<(u64, TypeId)>,
    ) {
        let id = ptr_id(p);
        let size = blk(&self.ins.m.mem, id).map_or(0, |a| a.size());
        self.place.insert(
            id,
            Place {
                node,
                row: Some(rows.len()),
                var: true,
            },
        );
        self.sources.push((id, node, true));
        self.collect_typed(ty, p, typed, 0);
        rows.push(Row {
            name: name.to_string(),
            value: self.cell(ty, p),
            start: 0,
            end: size,
        });
    }

    fn globals(&mut self, typed: &mut Vec<(u64, TypeId)>) {
        let prog = self.ins.prog;
        let m = self.ins.m;
        let node = self.g.vars.len();
        let mut rows = Vec::new();
        for (gi, g) in prog.globals.iter().enumerate() {
            if g.library || g.name.is_empty() || g.kind != crate::sema::program::GlobalKind::User {
                continue;
            }
            let Some(&p) = m.prog.global_ptrs.get(gi) else {
                continue;
            };
            let p = p.to_bits();
            if !blk(&m.mem, ptr_id(p)).is_some_and(|a| a.is_live()) {
                continue;
            }
            let name = match g.local_of.and_then(|f| prog.functions.get(f.0 as usize)) {
                Some(f) => format!("{} (static in {})", g.name, f.name),
                None => g.name.clone(),
            };
            self.add_var(node, &mut rows, &name, g.ty, p, typed);
        }
        if !rows.is_empty() {
            self.g.vars.push(Node {
                key: "globals".into(),
                kind: NodeKind::Globals,
                title: "globals".into(),
                rows,
            });
        }
    }

    /// The typed pointers stored in an object of type `ty` at `p` (bounded).
    fn collect_typed(&self, ty: TypeId, p: u64, out: &mut Vec<(u64, TypeId)>, depth: usize) {
        if depth > 4 || out.len() > 4096 {
            return;
        }
        let types = &self.ins.prog.types;
        let mem = &self.ins.m.mem;
        match types.get(ty) {
            Type::Record(_) => {
                if let Some(rec) = types.record_of(ty) {
                    for f in &rec.fields {
                        self.collect_typed(f.ty.ty, ptr_add(p, f.offset as i64), out, depth + 1);
                    }
                }
            }
            Type::Array(elem, Some(n)) => {
                let es = types.size_of(elem.ty).unwrap_or(0);
                if es == 0 {
                    return;
                }
                for i in 0..(*n).min(64) {
                    self.collect_typed(elem.ty, ptr_add(p, (i * es) as i64), out, depth + 1);
                }
            }
            _ if types.is_pointer(ty) => {
                if let Ok(v) = mem.load(Pointer::from_bits(p), Scalar::Ptr) {
                    out.push((canon(mem, v), ty));
                }
            }
            _ => {}
        }
    }

    /// Gives heap blocks the types of the pointers that reach their start, breadth first.
    fn infer_types(&mut self, queue: Vec<(u64, TypeId)>) {
        self.propagate(queue);
        let mem = &self.ins.m.mem;
        // A block no typed pointer reaches (a lost one) is drawn with the type of a block
        // from the same allocation site, when it has one of the same size...
        let mut by_site: HashMap<(Option<Site>, u64), TypeId> = HashMap::new();
        for (&id, &t) in &self.hint {
            if let Some(a) = blk(mem, id) {
                by_site.entry((a.origin.site(), a.size())).or_insert(t);
            }
        }
        for (id, a) in mem.live_heap() {
            if let Some(&t) = by_site.get(&(a.origin().site(), a.size().bytes())) {
                self.hint.entry(id.get()).or_insert(t);
            }
        }
        // ... or with the type its allocation was converted to (`struct node *n =
        // malloc(sizeof *n)`), and what it points to with theirs.
        let prog = self.ins.prog;
        let seeds: Vec<(u64, TypeId)> = mem
            .live_heap()
            .filter(|(id, _)| !self.hint.contains_key(&id.get()))
            .filter_map(|(id, a)| {
                let span = self.ins.m.prog.site(a.origin().site()?)?.span;
                let &(_, ty) = prog.alloc_types.iter().find(|(s, _)| *s == span)?;
                Some((Pointer::start(id).to_bits(), ty))
            })
            .collect();
        self.propagate(seeds);
    }

    /// Types the blocks the typed pointers of `queue` reach, and what those point to.
    fn propagate(&mut self, mut queue: Vec<(u64, TypeId)>) {
        let types = &self.ins.prog.types;
        let mem = &self.ins.m.mem;
        let mut i = 0;
        while i < queue.len() && i < 100_000 {
            let (p, pty) = queue[i];
            i += 1;
            let id = ptr_id(p);
            if ptr_off(p) != 0 || self.hint.contains_key(&id) {
                continue;
            }
            let Some(a) = blk(mem, id) else {
                continue;
            };
            if !matches!(a.origin, Origin::Heap { .. }) || !a.is_live() {
                continue;
            }
            let Some(t) = types.pointee(pty).map(|q| q.ty) else {
                continue;
            };
            let es = types.size_of(t).unwrap_or(0);
            if es == 0 || a.size() % es != 0 || types.is_void(t) {
                continue;
            }
            self.hint.insert(id, t);
            let mut found = Vec::new();
            for k in 0..(a.size() / es).min(64) {
                self.collect_typed(t, ptr_add(p, (k * es) as i64), &mut found, 0);
            }
            queue.extend(found);
        }
    }

    /// Boxes for heap blocks: every live one, and tombstones that a pointer still names.
    fn heap_blocks(&mut self) {
        let mem = &self.ins.m.mem;
        let mut wanted: Vec<u32> = mem.live_heap().map(|(id, _)| id.get()).collect();
        // Dangling targets: freed blocks and dead locals pointed to from anything drawn.
        let mut dangling = Vec::new();
        let mut targets: Vec<u64> = Vec::new();
        for &(id, _, _) in &self.sources {
            if let Some(a) = blk(mem, id) {
                targets.extend(
                    a.pointer_words()
                        .into_iter()
                        .map(|o| canon(mem, a.read_u64(o))),
                );
            }
        }
        for &id in &wanted {
            if let Some(a) = blk(mem, id) {
                targets.extend(
                    a.pointer_words()
                        .into_iter()
                        .map(|o| canon(mem, a.read_u64(o))),
                );
            }
        }
        targets.extend(self.reg_ptrs.iter().map(|r| r.2));
        for t in targets {
            let id = ptr_id(t);
            if let Some(a) = blk(mem, id) {
                let dead = !a.is_live()
                    && matches!(
                        a.origin,
                        Origin::Heap { .. } | Origin::ZeroSize { .. } | Origin::Local { .. }
                    );
                if dead && !dangling.contains(&id) {
                    dangling.push(id);
                }
            }
        }
        wanted.extend(dangling);
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.len() > MAX_BLOCKS {
            self.g.omitted = wanted.len() - MAX_BLOCKS;
            wanted.truncate(MAX_BLOCKS);
        }
        for id in wanted {
            self.block(id);
        }
    }

    fn block(&mut self, id: u32) {
        let ins = self.ins;
        let Some(a) = blk(&ins.m.mem, id) else {
            return;
        };
        let kind = match (a.origin, a.is_live()) {
            (Origin::Local { .. }, _) => NodeKind::DeadLocal,
            (_, false) => NodeKind::Freed,
            (Origin::ZeroSize { .. }, _) => NodeKind::ZeroSize,
            _ => match self.leak.get(&id) {
                Some(LeakKind::DefinitelyLost) => NodeKind::Lost,
                Some(LeakKind::IndirectlyLost) => NodeKind::IndirectlyLost,
                _ => NodeKind::Live,
            },
        };
        let ty = self.hint.get(&id).copied();
        let what = match ty {
            Some(t) => {
                let name = ins.prog.types.display(t, ins.interner);
                let n = a.size() / ins.prog.types.size_of(t).unwrap_or(1).max(1);
                if n > 1 {
                    format!("{name}[{n}]")
                } else {
                    name
                }
            }
            None => format!("{} bytes", a.size()),
        };
        let from = a.origin.site().map_or("?".into(), |s| ins.site_short(s));
        let title = match kind {
            NodeKind::DeadLocal => format!("#{id} dead local (declared at {from})"),
            NodeKind::ZeroSize => format!("#{id} malloc(0) at {from}"),
            NodeKind::Lost => format!("LOST #{id} {what}, from {from}"),
            NodeKind::IndirectlyLost => format!("lost #{id} {what}, from {from}"),
            NodeKind::Freed => format!(
                "FREED #{id} {what}, freed at {}",
                a.ended_at.map_or("?".into(), |s| ins.site_short(s))
            ),
            _ => format!("#{id} {what}, from {from}"),
        };
        let node = self.g.blocks.len();
        let rows = if a.is_live() {
            match ty {
                Some(t) => self.typed_rows(id, t),
                None => self.word_rows(id),
            }
        } else {
            Vec::new()
        };
        self.place.insert(
            id,
            Place {
                node,
                row: None,
                var: false,
            },
        );
        if a.is_live() {
            self.sources.push((id, node, false));
        }
        self.g.blocks.push(Node {
            key: format!("b{id}"),
            kind,
            title,
            rows,
        });
    }

    /// Rows of a block drawn with type `t` (one element, or an array of them).
    fn typed_rows(&self, id: u32, t: TypeId) -> Vec<Row> {
        let ins = self.ins;
        let types = &ins.prog.types;
        let Some(a) = blk(&ins.m.mem, id) else {
            return Vec::new();
        };
        let base = make_ptr(id, 0);
        let es = types.size_of(t).unwrap_or(1).max(1);
        let n = a.size() / es;
        let mut rows = Vec::new();
        if n == 1 {
            if let Some(rec) = types.record_of(t) {
                for f in &rec.fields {
                    let size = types.size_of(f.ty.ty).unwrap_or(0);
                    let name = f
                        .name
                        .map_or(String::new(), |s| ins.interner.resolve(s).to_string());
                    let p = ptr_add(base, f.offset as i64);
                    rows.push(Row {
                        name,
                        value: self.cell(f.ty.ty, p),
                        start: f.offset,
                        end: f.offset + size,
                    });
                }
                return rows;
            }
        }
        if matches!(t, TypeId::CHAR | TypeId::SCHAR | TypeId::UCHAR) {
            let text = ins
                .c_string_at(Pointer::from_bits(base), a.size())
                .unwrap_or_default();
            return vec![Row {
                name: String::new(),
                value: text,
                start: 0,
                end: a.size(),
            }];
        }
        for i in 0..n {
            if rows.len() + 1 == MAX_ROWS && n > MAX_ROWS as u64 {
                rows.push(Row {
                    name: format!("[{i}..{}]", n - 1),
                    value: "...".into(),
                    start: i * es,
                    end: a.size(),
                });
                break;
            }
            let p = ptr_add(base, (i * es) as i64);
            rows.push(Row {
                name: format!("[{i}]"),
                value: self.cell(t, p),
                start: i * es,
                end: (i + 1) * es,
            });
        }
        rows
    }

    /// Rows of an untyped block: 8-byte words, `??` for unwritten bytes.
    fn word_rows(&self, id: u32) -> Vec<Row> {
        let ins = self.ins;
        let Some(a) = blk(&ins.m.mem, id) else {
            return Vec::new();
        };
        let mut rows = Vec::new();
        let mut off = 0;
        while off < a.size() {
            if rows.len() + 1 == MAX_ROWS {
                rows.push(Row {
                    name: format!("+{off}"),
                    value: format!("... {} more bytes", a.size() - off),
                    start: off,
                    end: a.size(),
                });
                break;
            }
            let end = (off + 8).min(a.size());
            let value = if off % 8 == 0 && end - off == 8 && a.holds_pointer(off) {
                self.pointer_cell(canon(&self.ins.m.mem, a.read_u64(off)))
            } else {
                let mut s = String::new();
                for i in off..end {
                    if !s.is_empty() {
                        s.push(' ');
                    }
                    if a.is_init(i) {
                        let _ = write!(s, "{:02x}", a.bytes()[i as usize]);
                    } else {
                        s.push_str("??");
                    }
                }
                s
            };
            rows.push(Row {
                name: format!("+{off}"),
                value,
                start: off,
                end,
            });
            off = end;
        }
        rows
    }

    /// The text of a cell holding a value of type `ty` at `p`: pointers become arrows, so
    /// their cell only says whether the arrow dangles.
    fn cell(&self, ty: TypeId, p: u64) -> String {
        if self.ins.prog.types.is_pointer(ty) {
            return match self.ins.m.mem.load(Pointer::from_bits(p), Scalar::Ptr) {
                Ok(v) => self.pointer_cell(canon(&self.ins.m.mem, v)),
                Err(crate::mem::MemError::Uninit { .. }) => "??".into(),
                Err(_) => "?".into(),
            };
        }
        let v = self.ins.format_value(ty, Pointer::from_bits(p), 1);
        if v.chars().count() > 40 {
            let cut: String = v.chars().take(37).collect();
            format!("{cut}...")
        } else {
            v
        }
    }

    fn pointer_cell(&self, v: u64) -> String {
        if v == 0 {
            return "NULL".into();
        }
        if let Some(f) = self.ins.m.prog.func_of_ptr(Pointer::from_bits(v)) {
            let name = self
                .ins
                .prog
                .functions
                .get(f as usize)
                .map_or("?", |f| f.name.as_str());
            return format!("&{name}");
        }
        match blk(&self.ins.m.mem, ptr_id(v)) {
            Some(a) if a.freed => "• (dangling: freed)".into(),
            Some(a) if !a.is_live() => "• (dangling: returned)".into(),
            Some(a) if matches!(a.origin, Origin::Stream { .. }) => "FILE".into(),
            Some(_) => "•".into(),
            None => format!("0x{v:x} (no object)"),
        }
    }

    /// Turns pointer words (and pointer registers) into arrows between boxes.
    fn edges(&mut self) {
        let mem = &self.ins.m.mem;
        let mut raw: Vec<(usize, bool, usize, u64)> = self
            .reg_ptrs
            .iter()
            .map(|&(node, row, t)| (node, true, row, t))
            .collect();
        for &(id, node, var) in &self.sources {
            let Some(a) = blk(mem, id) else {
                continue;
            };
            let rows = if var {
                None
            } else {
                self.g.blocks.get(node).map(|n| &n.rows)
            };
            let var_row = self.place.get(&id).and_then(|p| p.row);
            for off in a.pointer_words() {
                let target = canon(mem, a.read_u64(off));
                let row = match (rows, var_row) {
                    (_, Some(r)) => r,
                    (Some(rows), None) => {
                        match rows.iter().position(|r| r.start <= off && off < r.end) {
                            Some(r) => r,
                            None => continue,
                        }
                    }
                    (None, None) => continue,
                };
                raw.push((node, var, row, target));
            }
        }
        // String literals pointed to by a drawn pointer get a small box of their own.
        for &(_, _, _, target) in &raw {
            let tid = ptr_id(target);
            if self.place.contains_key(&tid) {
                continue;
            }
            let Some(a) = blk(mem, tid) else {
                continue;
            };
            if !matches!(a.origin, Origin::Literal { .. }) || !a.is_live() {
                continue;
            }
            let text = self
                .ins
                .c_string_at(Pointer::from_bits(make_ptr(tid, 0)), a.size())
                .unwrap_or_default();
            let node = self.g.blocks.len();
            self.g.blocks.push(Node {
                key: format!("s{tid}"),
                kind: NodeKind::Literal,
                title: "string literal".into(),
                rows: vec![Row {
                    name: String::new(),
                    value: text,
                    start: 0,
                    end: a.size(),
                }],
            });
            self.place.insert(
                tid,
                Place {
                    node,
                    row: None,
                    var: false,
                },
            );
        }
        for (node, var, row, target) in raw {
            let tid = ptr_id(target);
            let Some(place) = self.place.get(&tid).copied() else {
                continue;
            };
            let Some(a) = blk(mem, tid) else {
                continue;
            };
            let from = if var {
                &self.g.vars[node].key
            } else {
                &self.g.blocks[node].key
            };
            let to_node = if place.var {
                &self.g.vars[place.node]
            } else {
                &self.g.blocks[place.node]
            };
            let off = ptr_off(target);
            let label = if !place.var && off != 0 {
                format!("+{off}")
            } else {
                String::new()
            };
            self.g.edges.push(Edge {
                from: from.clone(),
                from_row: row,
                to: to_node.key.clone(),
                to_row: place.row,
                label,
                dangling: !a.is_live(),
            });
        }
    }
}

/// A pointer's bits as the plain pointer to the same byte (a pointer bounded to a
/// sub-object points into its allocation's box).
fn canon(mem: &Memory, v: u64) -> u64 {
    mem.canonical(Pointer::from_bits(v)).to_bits()
}

/// The allocation id a pointer's bits name (the picture keys its boxes by id).
fn ptr_id(p: u64) -> u32 {
    (p >> 32) as u32
}

/// The offset a pointer's bits carry (0 for a wild pointer, which draws no label).
fn ptr_off(p: u64) -> i64 {
    Pointer::from_bits(p).offset_bytes().unwrap_or(0)
}

fn ptr_add(p: u64, delta: i64) -> u64 {
    Pointer::from_bits(p).offset_by(delta).to_bits()
}

fn make_ptr(id: u32, off: i64) -> u64 {
    Pointer::new(AllocId::from_raw(id), off).to_bits()
}

/// An allocation as the picture sees it, live or ended.
struct Blk<'a> {
    origin: Origin,
    size: u64,
    live: Option<&'a Allocation>,
    freed: bool,
    ended_at: Option<Site>,
}

fn blk(mem: &Memory, id: u32) -> Option<Blk<'_>> {
    let slot = mem.slot(AllocId::from_raw(id))?;
    Some(Blk {
        origin: slot.origin()?,
        size: slot.size()?.bytes(),
        live: slot.live(),
        freed: matches!(slot, Slot::Freed(_)),
        ended_at: slot.ended_at(),
    })
}

impl Blk<'_> {
    fn is_live(&self) -> bool {
        self.live.is_some()
    }

    fn size(&self) -> u64 {
        self.size
    }

    fn pointer_words(&self) -> Vec<u64> {
        self.live
            .map_or(Vec::new(), |a| a.pointer_words().collect())
    }

    fn read_u64(&self, off: u64) -> u64 {
        self.live.map_or(0, |a| a.pointer_at(off).to_bits())
    }

    fn is_init(&self, i: u64) -> bool {
        self.live.is_some_and(|a| a.is_init(i))
    }

    fn holds_pointer(&self, off: u64) -> bool {
        self.live.is_some_and(|a| a.holds_pointer(off))
    }

    fn bytes(&self) -> &[u8] {
        self.live.map_or(&[], |a| a.bytes())
    }
}
