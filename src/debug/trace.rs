//! `cmem trace`: a whole run as Python Tutor's execution trace (its `opt-trace-format`:
//! `{"code": ..., "trace": [...]}`, one entry per statement executed, each with `event`,
//! `line`, `func_name`, `globals`/`ordered_globals`, `stack_to_render`, `heap` and
//! `stdout`), with values encoded as its C backend encodes them, so its front ends render
//! them:
//!
//! * a scalar: `["C_DATA", address, type, value]`, `"<UNINITIALIZED>"` for unwritten bytes;
//!   a pointer's value is the address it holds (a front end draws the arrow by address);
//! * a struct: `["C_STRUCT", address, "struct node", [member, value], ...]`;
//! * an array: `["C_ARRAY", address, value, ...]`;
//! * `heap`: each heap block a pointer reaches, by its address, typed by that pointer.
//!
//! The last entry is `return` (the program ended; cmem's leak report, if any, is its
//! `exception_msg`), `uncaught_exception` with cmem's report of the error, or
//! `instruction_limit_reached` when the trace reached its length limit.

use std::collections::{HashMap, VecDeque};

use serde_json::{json, Map, Value as Json};

use super::values::{self, Value};
use super::{Debugger, Motion, State};
use crate::mem::{AllocId, Origin, Pointer, Scalar, Slot};
use crate::sema::types::{Type, TypeId};

/// At most this many elements of one array or block are encoded.
const MAX_ELEMENTS: u64 = 200;
/// At most this many heap blocks are encoded per step.
const MAX_BLOCKS: usize = 200;
/// A trace stops when its entries reach this many bytes of JSON (each entry repeats the
/// output so far and the whole state, as the format wants).
pub const MAX_TRACE_BYTES: usize = 64 << 20;

/// A trace, and how the run went.
pub struct Traced {
    pub json: Json,
    /// The run ended within the trace's limit.
    pub complete: bool,
    /// An error was reported (the run stopped at one, or leaked).
    pub errors: bool,
}

/// The run from its first statement to its end (or `max_steps` entries).
pub fn trace(mut d: Debugger, max_steps: u64) -> Traced {
    let code =
        d.fe.sm
            .file(d.fe.main_file)
            .map_or(String::new(), |f| f.text.to_string());
    let mut entries = Vec::new();
    let mut depth = d.m.frames.len();
    let mut ended = false;
    let mut bytes = 0usize;
    while (entries.len() as u64) < max_steps && bytes < MAX_TRACE_BYTES {
        if d.finished() {
            entries.push(final_entry(&mut d));
            ended = true;
            break;
        }
        let frames = d.m.frames.len();
        let event = if frames > depth { "call" } else { "step_line" };
        depth = frames;
        let entry = step_entry(&mut d, event);
        bytes += entry.to_string().len();
        entries.push(entry);
        d.step(Motion::StepIn);
    }
    if !ended {
        let mut last = step_entry(&mut d, "instruction_limit_reached");
        let why = if bytes >= MAX_TRACE_BYTES {
            format!(
                "cmem stopped the trace after {} steps: it reached {} MiB of JSON",
                entries.len(),
                MAX_TRACE_BYTES >> 20
            )
        } else {
            format!(
                "cmem stopped the trace after {max_steps} steps (raise --max-trace-steps for more)"
            )
        };
        last["exception_msg"] = json!(why);
        entries.push(last);
    }
    let errors = d
        .report
        .as_ref()
        .is_some_and(|r| r.iter().any(|x| x.is_error()));
    Traced {
        json: json!({"code": code, "trace": entries}),
        complete: ended,
        errors,
    }
}

fn final_entry(d: &mut Debugger) -> Json {
    let report = d.report_text();
    let (event, line) = match &d.state {
        State::Trapped(_) => ("uncaught_exception", d.location(0).map_or(0, |l| l.1)),
        _ => ("return", 0),
    };
    let mut e = step_entry(d, event);
    if line > 0 {
        e["line"] = json!(line);
    }
    if !report.is_empty() {
        e["exception_msg"] = json!(report);
    }
    e
}

/// One trace entry for where the machine is.
fn step_entry(d: &mut Debugger, event: &str) -> Json {
    let stdout = d.stdout_so_far();
    let mut enc = Encoder {
        d,
        heap: Map::new(),
        queue: VecDeque::new(),
        typed: HashMap::new(),
    };
    let mut globals = Map::new();
    let mut ordered_globals = Vec::new();
    for g in values::globals(enc.d) {
        globals.insert(g.name.clone(), enc.value(&g));
        ordered_globals.push(g.name);
    }
    let frames = values::frames(enc.d);
    let mut stack = Vec::new();
    // Python Tutor lists frames outermost first, the current one highlighted.
    for f in frames.iter().rev() {
        let mut locals = Map::new();
        let mut names = Vec::new();
        for v in values::locals(enc.d, f.index) {
            locals.insert(v.name.clone(), enc.value(&v));
            names.push(v.name);
        }
        let id = format!("{}_{}", f.func, frames.len() - f.index);
        stack.push(json!({
            "func_name": f.func,
            "frame_id": frames.len() - f.index,
            "unique_hash": id,
            "is_highlighted": f.index == 0,
            "is_parent": false,
            "is_zombie": false,
            "parent_frame_id_list": [],
            "line": f.line,
            "encoded_locals": locals,
            "ordered_varnames": names,
        }));
    }
    enc.drain();
    let heap = std::mem::take(&mut enc.heap);
    let line = frames.first().map_or(0, |f| f.line);
    let func = frames.first().map_or(String::new(), |f| f.func.clone());
    json!({
        "event": event,
        "line": line,
        "func_name": func,
        "globals": globals,
        "ordered_globals": ordered_globals,
        "stack_to_render": stack,
        "heap": heap,
        "stdout": stdout,
    })
}

struct Encoder<'a> {
    d: &'a Debugger,
    heap: Map<String, Json>,
    /// Heap blocks reached, to encode: (block, the type its pointer gives it).
    queue: VecDeque<(AllocId, TypeId)>,
    typed: HashMap<u32, TypeId>,
}

fn addr(p: Pointer) -> String {
    format!("0x{:X}", p.to_bits())
}

impl Encoder<'_> {
    fn value(&mut self, v: &Value) -> Json {
        let Some(p) = v.place else {
            return json!(["C_DATA", "0x0", "?", "<UNALLOCATED>"]);
        };
        self.at(v.ty, p, 0)
    }

    /// The object of type `ty` at `p`.
    fn at(&mut self, ty: TypeId, p: Pointer, depth: usize) -> Json {
        let d = self.d;
        let types = &d.fe.program.types;
        if depth > 8 {
            return json!(["C_DATA", addr(p), "?", "..."]);
        }
        match types.get(ty) {
            Type::Record(_) => {
                let mut out = vec![
                    json!("C_STRUCT"),
                    json!(addr(p)),
                    json!(types.display(ty, &d.fe.interner)),
                ];
                if let Some(rec) = types.record_of(ty) {
                    for f in &rec.fields {
                        let Some(name) = f.name else { continue };
                        let v = self.at(f.ty.ty, p.offset_by(f.offset as i64), depth + 1);
                        out.push(json!([d.fe.interner.resolve(name), v]));
                    }
                }
                Json::Array(out)
            }
            Type::Array(elem, Some(n)) => {
                let es = types.size_of(elem.ty).unwrap_or(1);
                let mut out = vec![json!("C_ARRAY"), json!(addr(p))];
                for i in 0..(*n).min(MAX_ELEMENTS) {
                    out.push(self.at(elem.ty, p.offset_by((i * es) as i64), depth + 1));
                }
                Json::Array(out)
            }
            _ => self.scalar(ty, p),
        }
    }

    fn scalar(&mut self, ty: TypeId, p: Pointer) -> Json {
        let d = self.d;
        let types = &d.fe.program.types;
        let Some(sc) = types.scalar(ty) else {
            return json!(["C_DATA", addr(p), "?", "?"]);
        };
        let kind = match sc {
            Scalar::Ptr => "pointer",
            Scalar::F32 => "float",
            Scalar::F64 | Scalar::F80 => "double",
            Scalar::Bool => "bool",
            Scalar::I8 | Scalar::U8 => "char",
            _ => "int",
        };
        if sc == Scalar::F80 {
            let text = Value {
                name: String::new(),
                ty,
                place: Some(p),
            }
            .text(d);
            return json!(["C_DATA", addr(p), kind, text]);
        }
        let bits = match d.m.mem.load(p, sc) {
            Ok(b) => b,
            Err(crate::mem::MemError::Uninit { .. }) => {
                return json!(["C_DATA", addr(p), kind, "<UNINITIALIZED>"])
            }
            Err(_) => return json!(["C_DATA", addr(p), kind, "<UNALLOCATED>"]),
        };
        let value = match sc {
            Scalar::Ptr => {
                let target = d.m.mem.canonical(Pointer::from_bits(bits));
                if let Some(pointee) = types.pointee(ty).map(|q| q.ty) {
                    self.reach(target, pointee);
                }
                json!(addr(target))
            }
            Scalar::F32 => json!(f32::from_bits(bits as u32)),
            Scalar::F64 => json!(f64::from_bits(bits)),
            Scalar::I8 | Scalar::U8 => {
                let c = bits as u8;
                if c.is_ascii_graphic() || c == b' ' {
                    json!((c as char).to_string())
                } else {
                    json!(if sc == Scalar::I8 {
                        bits as i8 as i64
                    } else {
                        i64::from(c)
                    })
                }
            }
            s if s.is_signed_int() => json!(bits as i64),
            _ => json!(bits),
        };
        json!(["C_DATA", addr(p), kind, value])
    }

    /// A pointer reaches `target`: its heap block joins the heap, typed by the pointer.
    fn reach(&mut self, target: Pointer, pointee: TypeId) {
        let Some(id) = target.alloc_id() else { return };
        let heap = matches!(
            self.d.m.mem.slot(id),
            Some(Slot::Live(a)) if matches!(a.origin(), Origin::Heap { .. })
        );
        if heap && !self.typed.contains_key(&id.get()) {
            self.typed.insert(id.get(), pointee);
            self.queue.push_back((id, pointee));
        }
    }

    /// Encodes the heap blocks reached (and those they reach).
    fn drain(&mut self) {
        while let Some((id, ty)) = self.queue.pop_front() {
            if self.heap.len() >= MAX_BLOCKS {
                break;
            }
            let d = self.d;
            let Some(a) = d.m.mem.live(id) else { continue };
            let size = a.size().bytes();
            let start = Pointer::start(id);
            let types = &d.fe.program.types;
            let (elem, es) = match types.size_of(ty) {
                Some(s) if s > 0 && ty != TypeId::VOID => (ty, s),
                _ => (TypeId::UCHAR, 1),
            };
            let mut out = vec![json!("C_ARRAY"), json!(addr(start))];
            for i in 0..(size / es).min(MAX_ELEMENTS) {
                out.push(self.at(elem, start.offset_by((i * es) as i64), 1));
            }
            let value = if size == es {
                out.pop().unwrap_or(Json::Null)
            } else {
                Json::Array(out)
            };
            self.heap.insert(addr(start), value);
        }
    }
}
