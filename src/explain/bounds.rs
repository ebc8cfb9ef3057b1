//! An access outside the sub-object array a pointer was derived from (`mem::View`): the
//! member (or row) named, with its size and place in its object, what the access would
//! have touched instead, and where the array and its struct are declared.

use super::{bytes, outside, Explain};
use crate::diag::{Code, Diagnostic, Label};
use crate::mem::{MemError, TO_END};
use crate::sema::builtins::Builtin;
use crate::sema::program::SubobjectKind;
use crate::sema::types::TypeId;
use crate::source::Span;

impl Explain<'_> {
    /// `MemError::OutOfSubobject`: `off..off + size` (offsets in allocation `id`) is
    /// outside view `view`.
    pub(super) fn out_of_subobject(
        &self,
        err: MemError,
        write: bool,
        via: Option<Builtin>,
        span: Span,
    ) -> Diagnostic {
        let MemError::OutOfSubobject {
            id,
            off,
            size,
            view,
        } = err
        else {
            crate::bug!("out_of_subobject of {err:?}")
        };
        let v = Self::via(via);
        let rw = Self::access_word(write);
        let sub = self.prog.subobjects.get(view.tag as usize);
        let name = sub
            .map(|s| self.sm.snippet(s.span))
            .filter(|t| !t.is_empty() && t.len() <= 40 && !t.contains('\n'))
            .map_or_else(|| "the array".to_string(), |t| format!("`{t}`"));
        let len = if view.len == TO_END {
            self.obj(id)
                .map_or(0, |a| a.size)
                .saturating_sub(u64::from(view.lo))
        } else {
            u64::from(view.len)
        };
        let types = &self.prog.types;
        let show = |t| types.display(t, self.interner);
        let (place, decl) = match sub.map(|s| s.kind) {
            Some(SubobjectKind::Member {
                record,
                name,
                offset,
                decl,
            }) => (
                format!("member of `{}` at offset {offset}", show(record)),
                Some(Label {
                    span: decl,
                    message: format!(
                        "`{}` is declared here, {} in `{}`",
                        self.interner.resolve(name),
                        bytes(len),
                        show(record)
                    ),
                }),
            ),
            Some(SubobjectKind::Union { record }) => {
                (format!("bounded by its `{}`", show(record)), None)
            }
            Some(SubobjectKind::Element { array }) => {
                (format!("one `{}` of an array of arrays", show(array)), None)
            }
            None => ("part of a larger object".into(), None),
        };
        let chars = sub.is_some_and(|s| {
            types
                .element(s.array)
                .is_some_and(|e| matches!(e.ty, TypeId::CHAR | TypeId::SCHAR | TypeId::UCHAR))
        });
        let rel = off - i64::from(view.lo);
        let where_ = outside(rel, len, || {
            format!(
                "runs {} past its end",
                bytes(rel as u64 + size.bytes() - len)
            )
        });
        let mut d = Diagnostic::new(
            Code::OutOfBounds,
            span,
            format!("{v}{rw} out of bounds of {name}"),
        )
        .primary(format!(
            "{}-byte {rw} {} {name} ({}, {place}) at offset {rel}: {where_}",
            size.bytes(),
            if write { "to" } else { "of" },
            bytes(len)
        ))
        .help(format!(
            "keep the access within the {} of {name}{}",
            bytes(len),
            if chars {
                "; remember the terminating '\\0' of strings"
            } else {
                ""
            }
        ))
        .standard("C11 §6.5.6p8");
        // What the bytes are instead: the object stays in bounds, which is why no checker
        // of allocations sees this.
        let inside = off >= 0
            && self
                .obj(id)
                .is_some_and(|a| (off as u64).saturating_add(size.bytes()) <= a.size);
        if inside {
            // The first byte outside the array, and what is there.
            let first = if rel < 0 || rel as u64 >= len {
                off as u64
            } else {
                u64::from(view.lo) + len
            };
            let note = match self.object_name(id) {
                Some(obj) => {
                    let path = self.member_path_of(id, first, 1);
                    let there = if path.is_empty() {
                        String::new()
                    } else {
                        format!(" (`{obj}{path}` is there)")
                    };
                    format!("the bytes are still inside `{obj}`{there}, so tools that check only whole objects (Valgrind, AddressSanitizer) see nothing wrong")
                }
                None => "the bytes are still inside the same block, so tools that check only whole blocks (Valgrind, AddressSanitizer) see nothing wrong".into(),
            };
            d.notes.push(note);
        }
        if let Some(b) = via {
            d.notes.push(format!(
                "`{}` accessed the memory on the program's behalf",
                b.name()
            ));
        }
        // Where the pointer was derived from the array, unless the access itself says so.
        let within = |s: Span| s.file == span.file && s.lo >= span.lo && s.hi <= span.hi;
        if let Some(s) = sub.filter(|s| !within(s.span)) {
            d.labels.push(Label {
                span: s.span,
                message: format!("the pointer comes from {name}, {}", bytes(len)),
            });
        }
        d.labels.extend(decl);
        let (_, labels) = self.describe(id);
        d.labels.extend(labels);
        d
    }
}
