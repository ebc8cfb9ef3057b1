//! Sub-object bounds, the checker's half: which pointers are narrowed to an array inside a
//! larger object, and which casts widen them back.
//!
//! The rule (README, "Sub-object bounds"):
//! * **Narrowing**: an array that is part of a larger object — a struct's member array
//!   (`s.name`), a row of an array of arrays (`m[1]`), the array a pointer to an array
//!   points at (`*p`) — gives a pointer bounded by that array where it decays or its address
//!   is taken (`ExprKind::Narrow`). Arithmetic on the pointer keeps the bounds.
//! * **Not narrowed**: a whole object (a variable, `&s`, a heap block), an array member of a
//!   union (bounded by the union), a flexible array member (bounded by the end of its
//!   object), a variable-length array type.
//! * **Widening**: an explicit cast to a pointer to a struct or union (the container_of
//!   idiom) and a conversion to an integer give a pointer to the whole object again
//!   (`CastKind::Widen`); implicit conversions (to `void *` for `memcpy`, say) keep them.

use super::*;
use crate::source::Symbol;

impl Checker<'_> {
    /// The pointer of type `pty` to lvalue `lv` (its decay, or with `addr_of` its address),
    /// bounded by `lv` when it is an array that is part of a larger object.
    pub(super) fn bounded(&mut self, lv: Expr, pty: TypeId, span: Span, addr_of: bool) -> Expr {
        let sub = self.subobject(&lv);
        let ptr = mk(
            pty,
            span,
            if addr_of {
                ExprKind::AddrOf(Box::new(lv))
            } else {
                ExprKind::Decay(Box::new(lv))
            },
        );
        match sub {
            Some(sub) => {
                let id = self.prog.subobjects.len() as u32;
                self.prog.subobjects.push(sub);
                mk(pty, span, ExprKind::Narrow(Box::new(ptr), id))
            }
            None => ptr,
        }
    }

    /// The sub-object array lvalue `lv` designates, if it is one.
    fn subobject(&self, lv: &Expr) -> Option<Subobject> {
        let types = &self.prog.types;
        // (A flexible array member reaches to the end of its object: not narrowed.)
        let len = match types.get(lv.ty) {
            Type::Array(_, Some(n)) if *n > 0 => types.size_of(lv.ty)?,
            _ => return None,
        };
        let kind = match &lv.kind {
            ExprKind::Member(base, offset, _) => {
                let rec = types.record_of(base.ty)?;
                if rec.is_union {
                    return Some(Subobject {
                        len: rec.size,
                        array: lv.ty,
                        span: lv.span,
                        kind: SubobjectKind::Union { record: base.ty },
                    });
                }
                let (name, decl) = self.field_at(base.ty, *offset, lv.ty)?;
                SubobjectKind::Member {
                    record: base.ty,
                    name,
                    offset: *offset,
                    decl,
                }
            }
            ExprKind::Deref(_) => SubobjectKind::Element { array: lv.ty },
            _ => return None,
        };
        Some(Subobject {
            len,
            array: lv.ty,
            span: lv.span,
            kind,
        })
    }

    /// The name and declaration of the member of type `ty` at `offset` of a record
    /// (looking into anonymous members, as `find_field` does).
    fn field_at(&self, rec_ty: TypeId, offset: u64, ty: TypeId) -> Option<(Symbol, Span)> {
        let rec = self.prog.types.record_of(rec_ty)?;
        for f in &rec.fields {
            match f.name {
                Some(name) if f.offset == offset && f.ty.ty == ty => return Some((name, f.span)),
                None if f.bits.is_none() && offset >= f.offset => {
                    if let Some(found) = self.field_at(f.ty.ty, offset - f.offset, ty) {
                        return Some(found);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// An explicit cast's result `r` (of type `to`): widened back to the whole object when
    /// `to` points to a struct or union.
    pub(super) fn widen_cast(&self, r: Expr, to: TypeId) -> Expr {
        let types = &self.prog.types;
        let to_record = types
            .pointee(to)
            .is_some_and(|q| types.record_of(q.ty).is_some());
        if to_record && types.is_pointer(r.ty) && !matches!(r.kind, ExprKind::Int(_)) {
            mk(to, r.span, ExprKind::Cast(CastKind::Widen, Box::new(r)))
        } else {
            r
        }
    }

    /// `offsetof` as `<stddef.h>` spells it, `(size_t) &((T *)0)->m`: the member's offset,
    /// when `addr` is the address of a member path from a null pointer constant.
    pub(super) fn null_based_offset(addr: &Expr) -> Option<u64> {
        fn path(e: &Expr) -> Option<u64> {
            match &e.kind {
                ExprKind::Member(b, off, _) => path(b)?.checked_add(*off),
                ExprKind::Deref(p) => match &p.kind {
                    ExprKind::Int(v) => Some(*v),
                    ExprKind::Cast(CastKind::Bits, x) => match x.kind {
                        ExprKind::Int(v) => Some(v),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            }
        }
        match &addr.kind {
            ExprKind::AddrOf(lv) | ExprKind::Decay(lv) => path(lv),
            ExprKind::Narrow(p, _) => Self::null_based_offset(p),
            _ => None,
        }
    }
}
