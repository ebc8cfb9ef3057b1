//! Initializers: brace lists with designators and brace elision (C11 6.7.9), string
//! literals into char arrays, and the lowering of static initializers to bytes.

use super::check::Checker;
use super::program::*;
use super::types::*;
use crate::mem::Scalar;
use crate::source::Span;
use crate::syntax::ast;

/// The most elements a GNU range designator (`[0 ... 9] = 1`) may cover.
const MAX_RANGE: i64 = 1 << 20;

/// A value known when the program is loaded.
enum StaticVal {
    Int(u64),
    Float(f64),
    F80(crate::num::F80),
    Complex(f64, f64),
    Addr(RelocTarget, i64),
}

impl Checker<'_> {
    /// Checks an initializer for an object of type `ty`. For an array of unknown length
    /// (`int a[] = {...}`) the returned type is completed from the initializer.
    pub(crate) fn initializer_for(
        &mut self,
        ty: TypeId,
        init: &ast::Initializer,
    ) -> (Init, TypeId) {
        match init {
            ast::Initializer::Expr(e) => {
                if let Some(r) = self.string_into_array(ty, e) {
                    return r;
                }
                let t = &self.prog.types;
                if t.is_array(ty) {
                    self.type_error(
                        e.span,
                        "an array must be initialized with a brace-enclosed list",
                    )
                    .help = Some("write `= { ... }`".into());
                    return (
                        Init::Aggregate {
                            zero: true,
                            items: Vec::new(),
                        },
                        ty,
                    );
                }
                let v = self.expr(e);
                let v = self.assign_convert(v, ty, "initialization");
                (Init::Expr(v), ty)
            }
            ast::Initializer::List(items, span) => self.initializer_list_for(ty, items, *span),
        }
    }

    /// `char s[] = "abc"`: the literal's bytes (and the completed length).
    fn string_into_array(&mut self, ty: TypeId, e: &ast::Expr) -> Option<(Init, TypeId)> {
        let ast::ExprKind::Str(_) = e.kind else {
            return None;
        };
        let (elem, len) = match self.prog.types.get(ty) {
            Type::Array(elem, len) if self.prog.types.is_integer(elem.ty) => (*elem, *len),
            _ => return None,
        };
        let s = self.expr(e);
        let ExprKind::Str(id) = s.kind else {
            return None;
        };
        // The literal's units must be the array's elements: `char` for a plain string,
        // `wchar_t` (`int`) for `L"..."`, and so on.
        let unit = self.prog.types.element(s.ty).map_or(TypeId::CHAR, |q| q.ty);
        let narrow = |t| matches!(t, TypeId::CHAR | TypeId::SCHAR | TypeId::UCHAR);
        let fits = if narrow(unit) {
            narrow(elem.ty)
        } else {
            self.prog.types.size_of(elem.ty) == self.prog.types.size_of(unit)
        };
        if !fits {
            return None;
        }
        let size = self.prog.types.size_of(unit).unwrap_or(1).max(1);
        let n = self.prog.string(id).bytes.len() as u64 / size;
        let len = len.unwrap_or(n);
        if n - 1 > len {
            self.type_error(e.span, format!("the string is longer than the array (it needs {n} elements with its terminating zero, the array has {len})"));
        }
        let ty = self.prog.types.array(elem, Some(len));
        Some((
            Init::Aggregate {
                zero: true,
                items: vec![(0, InitItem::Bytes(id, n.min(len) * size))],
            },
            ty,
        ))
    }

    /// A brace-enclosed initializer list for an object of type `ty`.
    pub(crate) fn initializer_list_for(
        &mut self,
        ty: TypeId,
        items: &[ast::InitItem],
        span: Span,
    ) -> (Init, TypeId) {
        if ty == TypeId::ERROR {
            return (
                Init::Aggregate {
                    zero: true,
                    items: Vec::new(),
                },
                ty,
            );
        }
        if self.prog.types.is_scalar(ty) {
            let Some(first) = items.first() else {
                return (
                    Init::Aggregate {
                        zero: true,
                        items: Vec::new(),
                    },
                    ty,
                );
            };
            if !first.designators.is_empty() {
                self.type_error(span, "a designator cannot be used to initialize a scalar");
            }
            if items.len() > 1 {
                self.type_error(
                    items[1].init.span(),
                    "excess elements in a scalar initializer",
                );
            }
            return self.initializer_for(ty, &first.init);
        }
        if !self.prog.types.is_array(ty) && !self.prog.types.is_record(ty) {
            let t = self.show(ty);
            self.type_error(
                span,
                format!("an object of type `{t}` cannot be initialized with a list"),
            );
            return (
                Init::Aggregate {
                    zero: true,
                    items: Vec::new(),
                },
                ty,
            );
        }
        if self.prog.types.is_record(ty) && !self.prog.types.is_complete(ty) {
            let t = self.show(ty);
            self.type_error(span, format!("initializing the incomplete type `{t}`"));
            return (
                Init::Aggregate {
                    zero: true,
                    items: Vec::new(),
                },
                ty,
            );
        }
        let mut out = Vec::new();
        let mut pos = 0;
        let mut pending = None;
        let n = self.init_aggregate(ty, 0, items, &mut pos, &mut out, true, &mut pending);
        let ty = match self.prog.types.get(ty).clone() {
            Type::Array(elem, None) => self.prog.types.array(elem, Some(n)),
            _ => ty,
        };
        (
            Init::Aggregate {
                zero: true,
                items: out,
            },
            ty,
        )
    }

    /// Initializes the members of an aggregate from `items[*pos..]`. `braced`: the items are
    /// this aggregate's own brace list (otherwise brace elision: stop when full). Returns the
    /// number of array elements initialized.
    #[allow(clippy::too_many_arguments)]
    fn init_aggregate(
        &mut self,
        ty: TypeId,
        off: u64,
        items: &[ast::InitItem],
        pos: &mut usize,
        out: &mut Vec<(u64, InitItem)>,
        braced: bool,
        pending: &mut Option<Expr>,
    ) -> u64 {
        match self.prog.types.get(ty).clone() {
            Type::Array(elem, len) => {
                self.init_array(elem.ty, len, off, items, pos, out, braced, pending)
            }
            Type::Record(rid) => self.init_record(ty, rid, off, items, pos, out, braced, pending),
            _ => 0,
        }
    }

    /// [`Self::init_aggregate`] of an array of `len` (if known) elements of type `elem`.
    #[allow(clippy::too_many_arguments)]
    fn init_array(
        &mut self,
        elem: TypeId,
        len: Option<u64>,
        off: u64,
        items: &[ast::InitItem],
        pos: &mut usize,
        out: &mut Vec<(u64, InitItem)>,
        braced: bool,
        pending: &mut Option<Expr>,
    ) -> u64 {
        let esz = self.prog.types.size_of(elem).unwrap_or(1);
        let mut idx = 0u64;
        let mut max = 0u64;
        let mut reported = false;
        while let Some(item) = items.get(*pos) {
            if !item.designators.is_empty() {
                if !braced {
                    break;
                }
                let (index, last) = match &item.designators[0] {
                    ast::Designator::Range(lo, hi, dspan) => {
                        let in_bounds = |v: i64| v >= 0 && len.is_none_or(|l| (v as u64) < l);
                        match (self.const_int_expr(lo), self.const_int_expr(hi)) {
                            (Some(a), Some(b))
                                if in_bounds(a) && in_bounds(b) && a <= b && b - a < MAX_RANGE =>
                            {
                                (a as u64, b as u64)
                            }
                            _ => {
                                self.type_error(*dspan, format!("a range designator needs constants `[first ... last]` with first <= last, within the array's bounds and fewer than {MAX_RANGE} apart"));
                                *pos += 1;
                                continue;
                            }
                        }
                    }
                    ast::Designator::Index(e, dspan) => match self.const_int_expr(e) {
                        Some(v) if v >= 0 && len.is_none_or(|l| (v as u64) < l) => {
                            (v as u64, v as u64)
                        }
                        Some(_) => {
                            self.type_error(
                                *dspan,
                                "array index in initializer is out of the array's bounds",
                            );
                            *pos += 1;
                            continue;
                        }
                        None => {
                            self.type_error(*dspan, "array index in initializer is not a constant");
                            *pos += 1;
                            continue;
                        }
                    },
                    ast::Designator::Field(n) => {
                        self.type_error(
                            n.span,
                            "a field designator cannot initialize an array element",
                        );
                        *pos += 1;
                        continue;
                    }
                };
                for i in index..=last {
                    let at = Member {
                        ty: elem,
                        off: off + i * esz,
                        bits: None,
                    };
                    self.init_designated(at, &item.designators[1..], item, out);
                }
                *pos += 1;
                idx = last + 1;
                max = max.max(idx);
                continue;
            }
            if len.is_some_and(|l| idx >= l) {
                if braced {
                    if !reported {
                        self.type_error(item.init.span(), "excess elements in array initializer");
                        reported = true;
                    }
                    *pos += 1;
                    continue;
                }
                break;
            }
            let at = Member {
                ty: elem,
                off: off + idx * esz,
                bits: None,
            };
            self.init_member(at, items, pos, out, pending);
            idx += 1;
            max = max.max(idx);
        }
        max
    }

    /// [`Self::init_aggregate`] of struct or union `ty` (record `rid`).
    #[allow(clippy::too_many_arguments)]
    fn init_record(
        &mut self,
        ty: TypeId,
        rid: RecordId,
        off: u64,
        items: &[ast::InitItem],
        pos: &mut usize,
        out: &mut Vec<(u64, InitItem)>,
        braced: bool,
        pending: &mut Option<Expr>,
    ) -> u64 {
        let Some(rec) = self.prog.types.record(rid).cloned() else {
            return 0;
        };
        let mut fi = 0usize;
        let mut reported = false;
        while let Some(item) = items.get(*pos) {
            if !item.designators.is_empty() {
                if !braced {
                    break;
                }
                let ast::Designator::Field(name) = &item.designators[0] else {
                    self.type_error(
                        item.init.span(),
                        "an array index cannot initialize a struct member",
                    );
                    *pos += 1;
                    continue;
                };
                let Some((foff, fty, bits)) = self.find_field(ty, name.sym) else {
                    self.no_member(ty, *name);
                    *pos += 1;
                    continue;
                };
                let at = Member {
                    ty: fty.ty,
                    off: off + foff,
                    bits,
                };
                self.init_designated(at, &item.designators[1..], item, out);
                *pos += 1;
                // Positional initializers continue after the designated top-level member.
                fi = rec
                    .fields
                    .iter()
                    .position(|f| f.offset > foff || (f.offset == foff && f.name == Some(name.sym)))
                    .map_or(rec.fields.len(), |i| i + 1);
                if rec.is_union {
                    fi = rec.fields.len();
                }
                continue;
            }
            let limit = if rec.is_union {
                1.min(rec.fields.len())
            } else {
                rec.fields.len()
            };
            if fi >= limit {
                if braced {
                    if !reported {
                        self.type_error(item.init.span(), "excess elements in struct initializer");
                        reported = true;
                    }
                    *pos += 1;
                    continue;
                }
                break;
            }
            let f = rec.fields[fi].clone();
            let at = Member {
                ty: f.ty.ty,
                off: off + f.offset,
                bits: f.bits,
            };
            self.init_member(at, items, pos, out, pending);
            fi += 1;
        }
        0
    }

    /// Initializes one member of type `ty` from `items[*pos]`, with brace elision.
    fn init_member(
        &mut self,
        at: Member,
        items: &[ast::InitItem],
        pos: &mut usize,
        out: &mut Vec<(u64, InitItem)>,
        pending: &mut Option<Expr>,
    ) {
        let Member { ty, off, bits } = at;
        let scalar = |v: Expr| match bits {
            Some(bf) => InitItem::Bits(v, bf),
            None => InitItem::Expr(v),
        };
        let Some(item) = items.get(*pos) else { return };
        match &item.init {
            ast::Initializer::List(sub, span) => {
                *pos += 1;
                if self.prog.types.is_scalar(ty) {
                    if let Some(first) = sub.first() {
                        let (init, _) = self.initializer_for(ty, &first.init);
                        if let Init::Expr(e) = init {
                            out.push((off, scalar(e)));
                        }
                        if sub.len() > 1 {
                            self.type_error(
                                sub[1].init.span(),
                                "excess elements in a scalar initializer",
                            );
                        }
                    }
                    return;
                }
                if !self.prog.types.is_array(ty) && !self.prog.types.is_record(ty) {
                    self.type_error(*span, "unexpected brace-enclosed list");
                    return;
                }
                let mut p = 0;
                let mut pend = None;
                self.init_aggregate(ty, off, sub, &mut p, out, true, &mut pend);
            }
            ast::Initializer::Expr(e) => {
                if self.prog.types.is_scalar(ty) || ty == TypeId::ERROR {
                    let v = match pending.take() {
                        Some(v) => v,
                        None => self.expr(e),
                    };
                    let v = self.assign_convert(v, ty, "initialization");
                    out.push((off, scalar(v)));
                    *pos += 1;
                    return;
                }
                if pending.is_none() {
                    if let Some((Init::Aggregate { items: bytes, .. }, _)) =
                        self.string_into_array(ty, e)
                    {
                        for (o, b) in bytes {
                            out.push((off + o, b));
                        }
                        *pos += 1;
                        return;
                    }
                }
                if self.prog.types.is_record(ty) {
                    let v = match pending.take() {
                        Some(v) => v,
                        None => self.expr(e),
                    };
                    if v.ty == ty || v.ty == TypeId::ERROR {
                        out.push((off, InitItem::Expr(v)));
                        *pos += 1;
                        return;
                    }
                    *pending = Some(v);
                }
                // Brace elision: this aggregate takes its members from the following items.
                let before = *pos;
                self.init_aggregate(ty, off, items, pos, out, false, pending);
                if *pos == before {
                    let t = self.show(ty);
                    self.type_error(
                        e.span,
                        format!("cannot initialize an object of type `{t}` with this expression"),
                    );
                    *pending = None;
                    *pos += 1;
                }
            }
        }
    }

    /// `.a.b[2] = init`: follows the rest of a designator chain, then initializes.
    fn init_designated(
        &mut self,
        at: Member,
        rest: &[ast::Designator],
        item: &ast::InitItem,
        out: &mut Vec<(u64, InitItem)>,
    ) {
        let Member {
            mut ty,
            mut off,
            mut bits,
        } = at;
        for d in rest {
            match d {
                ast::Designator::Field(name) => match self.find_field(ty, name.sym) {
                    Some((foff, fty, b)) if self.prog.types.is_record(ty) => {
                        off += foff;
                        ty = fty.ty;
                        bits = b;
                    }
                    _ => {
                        self.no_member(ty, *name);
                        return;
                    }
                },
                ast::Designator::Range(_, _, dspan) => {
                    self.error(
                        crate::diag::Code::Unsupported,
                        *dspan,
                        "a range designator after another designator is not supported by cmem",
                    );
                    return;
                }
                ast::Designator::Index(e, dspan) => {
                    let Some((elem, len)) = (match self.prog.types.get(ty) {
                        Type::Array(el, len) => Some((el.ty, *len)),
                        _ => None,
                    }) else {
                        self.type_error(*dspan, "an array index designator needs an array");
                        return;
                    };
                    let Some(v) = self
                        .const_int_expr(e)
                        .filter(|v| *v >= 0 && len.is_none_or(|l| (*v as u64) < l))
                    else {
                        self.type_error(*dspan, "array index in initializer is not a constant within the array's bounds");
                        return;
                    };
                    off += v as u64 * self.prog.types.size_of(elem).unwrap_or(1);
                    ty = elem;
                    bits = None;
                }
            }
        }
        let mut pos = 0;
        let mut pending = None;
        let at = Member { ty, off, bits };
        self.init_member(at, std::slice::from_ref(item), &mut pos, out, &mut pending);
    }

    // ---- static initializers ---------------------------------------------------------------------

    /// The initial bytes of an object with static storage.
    pub(crate) fn static_initializer(
        &mut self,
        ty: TypeId,
        init: &ast::Initializer,
    ) -> (StaticInit, TypeId) {
        let (typed, ty) = self.initializer_for(ty, init);
        (self.lower_static(ty, &typed), ty)
    }

    pub(crate) fn lower_static(&mut self, ty: TypeId, init: &Init) -> StaticInit {
        let size = self.prog.types.size_of(ty).unwrap_or(0) as usize;
        let mut data = StaticInit {
            bytes: vec![0; size],
            relocs: Vec::new(),
        };
        match init {
            Init::Expr(e) => self.write_static(&mut data, 0, e),
            Init::Aggregate { items, .. } => {
                for (off, item) in items {
                    match item {
                        InitItem::Expr(e) => self.write_static(&mut data, *off, e),
                        InitItem::Bits(e, bf) => self.write_static_bits(&mut data, *off, e, *bf),
                        InitItem::Bytes(sid, n) => {
                            let bytes = self.prog.string(*sid).bytes.clone();
                            for (i, b) in bytes.iter().take(*n as usize).enumerate() {
                                if let Some(slot) = data.bytes.get_mut(*off as usize + i) {
                                    *slot = *b;
                                }
                            }
                        }
                    }
                }
            }
        }
        data
    }

    /// A bit-field's constant into its bits of the unit at `off`.
    fn write_static_bits(&mut self, data: &mut StaticInit, off: u64, e: &Expr, bf: BitField) {
        if e.ty == TypeId::ERROR {
            return;
        }
        let Some(v) = e.as_int() else {
            self.type_error(e.span, "initializer element is not a compile-time constant")
                .help = Some(
                "a global or static bit-field can only be initialized with an integer constant"
                    .into(),
            );
            return;
        };
        let off = off as usize;
        let n = usize::from(bf.unit);
        let Some(bytes) = data.bytes.get_mut(off..off + n) else {
            return;
        };
        let mut word = [0u8; 8];
        word[..n].copy_from_slice(bytes);
        let old = u64::from_le_bytes(word);
        let new = (old & !bf.mask()) | ((v << bf.bit) & bf.mask());
        bytes.copy_from_slice(&new.to_le_bytes()[..n]);
    }

    fn write_static(&mut self, data: &mut StaticInit, off: u64, e: &Expr) {
        if e.ty == TypeId::ERROR {
            return;
        }
        if self.prog.types.is_record(e.ty) {
            self.type_error(e.span, "initializer element is not a compile-time constant")
                .help =
                Some("a global or static object can only be initialized with constants".into());
            return;
        }
        let Some(scalar) = self.prog.types.scalar(e.ty) else {
            return;
        };
        let Some(v) = self.static_value(e) else {
            self.type_error(e.span, "initializer element is not a compile-time constant")
                .help = Some("a global or static object can only be initialized with constants and addresses of globals".into());
            return;
        };
        let size = scalar.size() as usize;
        let bits: u128 = match v {
            StaticVal::Int(x) => u128::from(x),
            StaticVal::F80(x) => x.0,
            StaticVal::Complex(re, im) if scalar == Scalar::C32 => {
                u128::from((re as f32).to_bits()) | u128::from((im as f32).to_bits()) << 32
            }
            StaticVal::Complex(re, im) => u128::from(re.to_bits()) | u128::from(im.to_bits()) << 64,
            StaticVal::Float(f) => {
                if scalar == Scalar::F32 {
                    u128::from((f as f32).to_bits())
                } else {
                    u128::from(f.to_bits())
                }
            }
            StaticVal::Addr(target, addend) => {
                if size != 8 {
                    self.type_error(e.span, "an address does not fit in this type");
                    return;
                }
                data.relocs.push(Reloc {
                    offset: off,
                    target,
                    addend,
                });
                0
            }
        };
        let bytes = bits.to_le_bytes();
        for (i, b) in bytes.iter().take(size).enumerate() {
            if let Some(slot) = data.bytes.get_mut(off as usize + i) {
                *slot = *b;
            }
        }
    }

    fn static_value(&self, e: &Expr) -> Option<StaticVal> {
        match &e.kind {
            ExprKind::Int(v) => Some(StaticVal::Int(*v)),
            ExprKind::Float(f) => Some(StaticVal::Float(*f)),
            ExprKind::F80(x) => Some(StaticVal::F80(*x)),
            ExprKind::Complex(re, im) => Some(StaticVal::Complex(*re, *im)),
            ExprKind::Cast(CastKind::Bits | CastKind::Widen, x) | ExprKind::Narrow(x, _) => {
                self.static_value(x)
            }
            ExprKind::Cast(CastKind::IntToInt, x) => match self.static_value(x)? {
                StaticVal::Int(v) => Some(StaticVal::Int(super::check::truncate_to(
                    &self.prog.types,
                    v,
                    e.ty,
                ))),
                StaticVal::Addr(t, a) if self.prog.types.size_of(e.ty) == Some(8) => {
                    Some(StaticVal::Addr(t, a))
                }
                _ => None,
            },
            ExprKind::Decay(lv) | ExprKind::AddrOf(lv) => {
                let (t, a) = self.static_addr(lv)?;
                Some(StaticVal::Addr(t, a))
            }
            ExprKind::FuncAddr(f) => Some(StaticVal::Addr(RelocTarget::Func(*f), 0)),
            ExprKind::PtrAdd(p, i, size) => {
                let StaticVal::Int(i) = self.static_value(i)? else {
                    return None;
                };
                match self.static_value(p)? {
                    StaticVal::Addr(t, a) => Some(StaticVal::Addr(
                        t,
                        a.wrapping_add((i as i64).wrapping_mul(*size as i64)),
                    )),
                    StaticVal::Int(v) => {
                        Some(StaticVal::Int(v.wrapping_add(i.wrapping_mul(*size))))
                    }
                    StaticVal::Float(_) | StaticVal::F80(_) | StaticVal::Complex(..) => None,
                }
            }
            ExprKind::Cond(c, a, b) => match self.static_value(c)? {
                StaticVal::Int(v) => self.static_value(if v != 0 { a } else { b }),
                _ => None,
            },
            _ => None,
        }
    }

    fn static_addr(&self, lv: &Expr) -> Option<(RelocTarget, i64)> {
        match &lv.kind {
            ExprKind::Global(g) => Some((RelocTarget::Global(*g), 0)),
            ExprKind::Str(s) => Some((RelocTarget::Str(*s), 0)),
            ExprKind::Member(b, off, _) => {
                let (t, a) = self.static_addr(b)?;
                Some((t, a + *off as i64))
            }
            ExprKind::Deref(p) => match self.static_value(p)? {
                StaticVal::Addr(t, a) => Some((t, a)),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Where an initializer's value goes: a member or element of type `ty` at byte `off` of
/// the object, and a bit-field's bits there.
#[derive(Clone, Copy)]
struct Member {
    ty: TypeId,
    off: u64,
    bits: Option<BitField>,
}
