//! Typing of expressions: name resolution, the usual conversions, lvalues, pointer
//! arithmetic, calls, and constant folding.
//!
//! [`Checker::expr`] returns an expression in "designator" form (an lvalue stays an lvalue);
//! [`Checker::rvalue`] applies lvalue conversion, array decay and function decay.
//! Constants are folded as expressions are built, except where folding would hide a
//! runtime error (a signed overflow, a division by zero, an invalid shift): those stay
//! runtime operations so that the evaluator reports them with a stack.

use super::builtins::{va, Builtin};
use super::check::{header_of, Binding, Checker};
use super::program::*;
use super::types::*;
use crate::diag::Code;
use crate::mem::Scalar;
use crate::num::F80;
use crate::source::Span;
use crate::syntax::{ast, literal};

mod assign;
mod bounds;
mod call;
mod lvalue;
mod operators;

pub(crate) fn mk(ty: TypeId, span: Span, kind: ExprKind) -> Expr {
    Expr { ty, span, kind }
}

impl Checker<'_> {
    /// A poisoned expression after an error (type `int`, value 0), marked so that later
    /// checks stay quiet about it.
    pub(crate) fn poison(&self, span: Span) -> Expr {
        mk(TypeId::ERROR, span, ExprKind::Int(0))
    }

    pub(crate) fn value(&mut self, e: &ast::Expr) -> Expr {
        let e = self.expr(e);
        self.rvalue(e)
    }

    /// Lvalue conversion, array-to-pointer decay and function-to-pointer decay.
    pub(crate) fn rvalue(&mut self, e: Expr) -> Expr {
        let span = e.span;
        match self.prog.types.get(e.ty).clone() {
            Type::Array(elem, _) | Type::Vla(elem, _) => {
                let pty = self.prog.types.pointer(elem);
                self.bounded(e, pty, span, false)
            }
            Type::Function(_) => {
                let pty = self.prog.types.pointer_to(e.ty);
                match e.kind {
                    ExprKind::FuncAddr(f) => mk(pty, span, ExprKind::FuncAddr(f)),
                    // `*fp` designates the function `fp` points to.
                    ExprKind::Deref(p) => Expr { ty: pty, ..*p },
                    _ => mk(pty, span, ExprKind::Int(0)),
                }
            }
            Type::Record(_) => e,
            // A bit-field's value is an `int` when `int` holds every value of its width
            // (C11 6.3.1.1p2, as gcc extends it to every integer type).
            _ if matches!(e.kind, ExprKind::Bits(_, bf) if bf.width < 32 || (bf.width == 32 && bf.signed)) => {
                mk(TypeId::INT, span, ExprKind::Load(Box::new(e)))
            }
            _ if e.is_lvalue() && !matches!(e.kind, ExprKind::Call { .. }) => {
                let ty = e.ty;
                mk(ty, span, ExprKind::Load(Box::new(e)))
            }
            _ => e,
        }
    }

    /// An expression evaluated for its side effects only.
    pub(crate) fn discard(&mut self, e: Expr) -> Expr {
        let span = e.span;
        let e = if matches!(self.prog.types.get(e.ty), Type::Function(_)) {
            self.rvalue(e)
        } else {
            e
        };
        mk(
            TypeId::VOID,
            span,
            ExprKind::Cast(CastKind::ToVoid, Box::new(e)),
        )
    }

    pub(crate) fn is_error(&self, e: &Expr) -> bool {
        e.ty == TypeId::ERROR
    }

    /// Whether `e` is a null pointer constant (C11 6.3.2.3p3).
    pub(crate) fn is_null_constant(&self, e: &Expr) -> bool {
        matches!(e.kind, ExprKind::Int(0))
            && (self.prog.types.is_integer(e.ty) || e.ty == TypeId::VOID_PTR)
    }

    // ---- conversions -------------------------------------------------------------------------

    /// Converts an rvalue to `to` (the conversion must be valid; see `assign_convert`).
    pub(crate) fn convert(&mut self, e: Expr, to: TypeId) -> Expr {
        if e.ty == to || self.is_error(&e) || to == TypeId::ERROR {
            return Expr { ty: to, ..e };
        }
        if let ExprKind::Call {
            callee: Callee::Direct(f),
            ..
        } = &e.kind
        {
            let allocates = matches!(
                self.prog.func(*f).builtin,
                Some(Builtin::Malloc | Builtin::Calloc | Builtin::Realloc)
            );
            let typed = self
                .prog
                .types
                .pointee(to)
                .is_some_and(|q| q.ty != TypeId::VOID);
            if allocates && typed {
                self.prog.alloc_types.push((e.span, to));
            }
        }
        let types = &self.prog.types;
        let span = e.span;
        if to == TypeId::VOID {
            return mk(to, span, ExprKind::Cast(CastKind::ToVoid, Box::new(e)));
        }
        let (fs, ts) = (types.scalar(e.ty), types.scalar(to));
        let (Some(fs), Some(ts)) = (fs, ts) else {
            return Expr { ty: to, ..e };
        };
        // Fold constants.
        if ts.is_complex() {
            let parts = match (&e.kind, fs) {
                (ExprKind::Int(v), f) if f.is_signed_int() => Some((*v as i64 as f64, 0.0)),
                (ExprKind::Int(v), f) if f != Scalar::Ptr => Some((*v as f64, 0.0)),
                (ExprKind::Float(f), _) => Some((*f, 0.0)),
                (ExprKind::F80(x), _) => Some((x.to_f64(), 0.0)),
                (ExprKind::Complex(re, im), _) => Some((*re, *im)),
                _ => None,
            };
            if let Some((re, im)) = parts {
                let (re, im) = if ts == Scalar::C32 {
                    (f64::from(re as f32), f64::from(im as f32))
                } else {
                    (re, im)
                };
                return mk(to, span, ExprKind::Complex(re, im));
            }
        }
        if let ExprKind::Complex(re, _) = e.kind {
            if ts.is_float() {
                let real = mk(types.real_of(e.ty), span, ExprKind::Float(re));
                return self.convert(real, to);
            }
        }
        match (&e.kind, fs, ts) {
            (ExprKind::Int(v), _, Scalar::F80) if !fs.is_float() => {
                let x = if fs.is_signed_int() {
                    F80::from_i64(*v as i64)
                } else {
                    F80::from_u64(*v)
                };
                return mk(to, span, ExprKind::F80(x));
            }
            (ExprKind::Float(f), _, Scalar::F80) => {
                return mk(to, span, ExprKind::F80(F80::from_f64(*f)));
            }
            (ExprKind::F80(x), _, Scalar::F64) => {
                return mk(to, span, ExprKind::Float(x.to_f64()));
            }
            (ExprKind::F80(x), _, Scalar::F32) => {
                return mk(to, span, ExprKind::Float(f64::from(x.to_f32())));
            }
            (ExprKind::Int(v), _, _) if !fs.is_float() => {
                let v = *v;
                if ts.is_float() {
                    let f = if fs.is_signed_int() {
                        v as i64 as f64
                    } else {
                        v as f64
                    };
                    let f = if ts == Scalar::F32 {
                        f64::from(f as f32)
                    } else {
                        f
                    };
                    return mk(to, span, ExprKind::Float(f));
                }
                return mk(
                    to,
                    span,
                    ExprKind::Int(crate::sema::check::truncate_to(types, v, to)),
                );
            }
            (ExprKind::Float(f), _, _) => {
                let f = *f;
                if ts.is_float() {
                    let f = if ts == Scalar::F32 {
                        f64::from(f as f32)
                    } else {
                        f
                    };
                    return mk(to, span, ExprKind::Float(f));
                }
                if ts != Scalar::Ptr {
                    if let Some(v) = float_to_int_exact(f, ts) {
                        return mk(to, span, ExprKind::Int(v));
                    }
                }
            }
            _ => {}
        }
        let kind = match (fs, ts) {
            (_, Scalar::Bool) => CastKind::ToBool,
            (a, b) if a.is_complex() || b.is_complex() => CastKind::Complex,
            (a, b) if a.is_float() && b.is_float() => CastKind::FloatToFloat,
            (a, _) if a.is_float() => CastKind::FloatToInt,
            (_, b) if b.is_float() => CastKind::IntToFloat,
            (Scalar::Ptr, b) if b.size() == 8 => CastKind::Bits,
            (Scalar::Ptr, _) => CastKind::PtrToInt,
            (a, Scalar::Ptr) if a.size() == 8 => CastKind::Bits,
            (_, Scalar::Ptr) => {
                // Widen to 64 bits first (sign- or zero-extending), then reinterpret.
                let wide = if fs.is_signed_int() {
                    TypeId::LONG
                } else {
                    TypeId::ULONG
                };
                let inner = self.convert(e, wide);
                return mk(to, span, ExprKind::Cast(CastKind::Bits, Box::new(inner)));
            }
            (a, b) if a == b => return Expr { ty: to, ..e },
            _ => CastKind::IntToInt,
        };
        mk(to, span, ExprKind::Cast(kind, Box::new(e)))
    }

    /// Assignment conversion (C11 6.5.16.1): checks that `e` may be stored in an object of
    /// type `to` and converts it.
    pub(crate) fn assign_convert(&mut self, e: Expr, to: TypeId, what: &str) -> Expr {
        if self.prog.types.is_record(to) {
            if self.is_error(&e) {
                return e;
            }
            if e.ty != to {
                let (a, b) = (self.show(e.ty), self.show(to));
                self.type_error(
                    e.span,
                    format!("incompatible types in {what}: `{a}` where `{b}` is expected"),
                );
            }
            return e;
        }
        let e = self.rvalue(e);
        if self.is_error(&e) || to == TypeId::ERROR {
            return Expr { ty: to, ..e };
        }
        let t = &self.prog.types;
        let ok = if (t.is_arithmetic(to) && t.is_arithmetic(e.ty))
            || (to == TypeId::BOOL && t.is_pointer(e.ty))
            || (t.is_pointer(to) && self.is_null_constant(&e))
        {
            true
        } else if let (Some(dst), Some(src)) = (t.pointee(to), t.pointee(e.ty)) {
            let void_either = dst.ty == TypeId::VOID || src.ty == TypeId::VOID;
            let fn_mismatch = void_either && (t.is_function(dst.ty) || t.is_function(src.ty));
            if (void_either && !fn_mismatch) || t.compatible(dst.ty, src.ty) {
                true
            } else {
                // gcc (before version 14) only warns here, and programs rely on it.
                let (a, b) = (self.show(e.ty), self.show(to));
                self.type_warning(
                    e.span,
                    format!("incompatible pointer types in {what}: `{a}` where `{b}` is expected"),
                )
                .help = Some("add a cast if the conversion is intended".into());
                true
            }
        } else if t.is_pointer(to) && t.is_integer(e.ty) {
            if self.is_null_constant(&e) {
                true
            } else {
                let (a, b) = (self.show(e.ty), self.show(to));
                self.type_warning(
                    e.span,
                    format!("{what} makes a pointer from an integer without a cast"),
                )
                .push_note(format!("the value has type `{a}`; `{b}` is expected"));
                true
            }
        } else if t.is_integer(to) && t.is_pointer(e.ty) {
            let (a, b) = (self.show(e.ty), self.show(to));
            self.type_warning(
                e.span,
                format!("{what} makes an integer from a pointer without a cast"),
            )
            .push_note(format!("the value has type `{a}`; `{b}` is expected"));
            true
        } else {
            let (a, b) = (self.show(e.ty), self.show(to));
            self.type_error(
                e.span,
                format!("incompatible types in {what}: `{a}` where `{b}` is expected"),
            );
            return Expr { ty: to, ..e };
        };
        debug_assert!(ok);
        self.convert(e, to)
    }

    fn arith_operand(&mut self, e: &ast::Expr, what: &str) -> Expr {
        self.operand(e, what, Types::is_arithmetic, "a number")
    }

    fn integer_operand(&mut self, e: &ast::Expr, what: &str) -> Expr {
        self.operand(e, what, Types::is_integer, "an integer")
    }

    fn scalar_operand(&mut self, e: &ast::Expr, what: &str) -> Expr {
        self.operand(e, what, Types::is_scalar, "a number or pointer")
    }

    /// The value of operand `e` of `what`, which needs a type `accepts` (`kind` in words).
    fn operand(
        &mut self,
        e: &ast::Expr,
        what: &str,
        accepts: fn(&Types, TypeId) -> bool,
        kind: &str,
    ) -> Expr {
        let v = self.value(e);
        if !self.is_error(&v) && !accepts(&self.prog.types, v.ty) {
            let t = self.show(v.ty);
            self.type_error(
                v.span,
                format!("{what} needs {kind}, but this has type `{t}`"),
            );
            return self.poison(v.span);
        }
        v
    }

    // ---- expressions -------------------------------------------------------------------------

    pub(crate) fn expr(&mut self, e: &ast::Expr) -> Expr {
        use ast::ExprKind as E;
        let span = e.span;
        match &e.kind {
            E::Ident(sym) => self.ident(*sym, span),
            E::Number(sym) => self.number(self.name(*sym).to_string(), span),
            E::Char(sym) => match literal::char_value(self.name(*sym)) {
                Ok((v, enc)) => {
                    let ty = match enc {
                        literal::Encoding::Utf16 => TypeId::USHORT,
                        literal::Encoding::Utf32 => TypeId::UINT,
                        _ => TypeId::INT,
                    };
                    mk(ty, span, ExprKind::Int(v as u64))
                }
                Err(msg) => {
                    let code = if msg.contains("not supported") {
                        Code::Unsupported
                    } else {
                        Code::SyntaxError
                    };
                    self.error(code, span, msg);
                    self.poison(span)
                }
            },
            E::Str(parts) => self.str_expr(parts, span),
            E::Call(f, args) => self.call(f, args, span),
            E::Index(a, i) => self.index_expr(a, i, span),
            E::Member(base, name) => self.dot_expr(base, name, span),
            E::Arrow(base, name) => self.arrow_expr(base, name, span),
            E::PostInc(x) => self.incdec(x, true, false, span),
            E::PostDec(x) => self.incdec(x, false, false, span),
            E::PreInc(x) => self.incdec(x, true, true, span),
            E::PreDec(x) => self.incdec(x, false, true, span),
            E::Unary(op, x) => self.unary(*op, x, span),
            E::SizeofExpr(x) => {
                let v = self.expr(x);
                if self.is_error(&v) {
                    return mk(TypeId::ULONG, span, ExprKind::Int(1));
                }
                if let ExprKind::Bits(..) = v.kind {
                    self.type_error(span, "`sizeof` applied to a bit-field");
                }
                self.sizeof_type(v.ty, span)
            }
            E::SizeofType(t) => {
                let ty = self.type_name(t);
                let size = self.sizeof_type(ty, span);
                self.with_vla_stmts(size)
            }
            E::Alignof(t) => {
                let ty = self.type_name(t);
                let a = self.prog.types.align_of(ty);
                mk(TypeId::ULONG, span, ExprKind::Int(a))
            }
            E::Cast(t, x) => {
                let to = self.type_name(t);
                let v = self.value(x);
                let c = self.cast(v, to, span);
                self.with_vla_stmts(c)
            }
            E::Binary(op, a, b) => self.binary(*op, a, b, span),
            E::Assign(op, a, b) => self.assign(*op, a, b, span),
            E::Cond(c, a, b) => self.conditional(c, a, b, span),
            E::Comma(a, b) => {
                let a = self.expr(a);
                let a = self.discard(a);
                let b = self.expr(b);
                let b = if self.prog.types.is_record(b.ty) {
                    b
                } else {
                    self.rvalue(b)
                };
                let ty = b.ty;
                mk(ty, span, ExprKind::Comma(Box::new(a), Box::new(b)))
            }
            E::CompoundLiteral(t, items) => {
                let ty = self.type_name(t);
                self.compound_literal(ty, items, span)
            }
            E::StmtExpr(b) => self.stmt_expr(b, span),
            E::VaStart(ap) => self.va_start(ap, span),
            E::Generic(e, assocs) => self.generic(e, assocs, span),
            E::VaArg(ap, t) => self.va_arg(ap, t, span),
            E::Error => self.poison(span),
        }
    }

    /// A string literal: adjacent pieces joined (a prefixed piece makes the whole string
    /// that kind), escapes decoded, the array interned (wide units little-endian).
    fn str_expr(&mut self, parts: &[(crate::source::Symbol, Span)], span: Span) -> Expr {
        use literal::Encoding;
        let enc = parts
            .iter()
            .filter_map(|(sym, _)| literal::string_units(self.name(*sym)).ok())
            .map(|(_, e)| e)
            .find(|e| !matches!(e, Encoding::Plain))
            .unwrap_or(Encoding::Plain);
        let mut units = Vec::new();
        for (sym, pspan) in parts {
            let text = self.name(*sym);
            // A plain piece of a wide string is read as wide.
            let text = match (enc.is_narrow(), text.starts_with('"')) {
                (false, true) => format!("U{text}"),
                _ => text.to_string(),
            };
            match literal::string_units(&text) {
                Ok((u, e))
                    if e == enc
                        || e == Encoding::Plain
                        || (e == Encoding::Utf32 && !enc.is_narrow()) =>
                {
                    units.extend(u)
                }
                Ok(_) => {
                    self.type_error(
                        *pspan,
                        "string literals of different kinds cannot be joined",
                    );
                }
                Err(msg) => {
                    self.error(Code::SyntaxError, *pspan, msg);
                }
            }
        }
        if enc == Encoding::Utf16 {
            // (The plain pieces were read as code points: re-encode them.)
            units = units
                .into_iter()
                .flat_map(|u| {
                    let mut buf = [0u16; 2];
                    match char::from_u32(u) {
                        Some(c) if u > 0xFFFF => c.encode_utf16(&mut buf).to_vec(),
                        _ => vec![u as u16],
                    }
                })
                .map(u32::from)
                .collect();
        }
        units.push(0);
        let size = enc.unit_size() as usize;
        let bytes: Vec<u8> = units
            .iter()
            .flat_map(|u| u.to_le_bytes()[..size].to_vec())
            .collect();
        let n = units.len() as u64;
        let id = self.intern_string(bytes, span);
        let elem = match enc {
            Encoding::Plain | Encoding::Utf8 => TypeId::CHAR,
            Encoding::Utf16 => TypeId::USHORT,
            Encoding::Utf32 => TypeId::UINT,
            Encoding::Wide => TypeId::INT,
        };
        let ty = self.prog.types.array(QualType::new(elem), Some(n));
        mk(ty, span, ExprKind::Str(id))
    }

    /// `a[i]` (or `i[a]`): `*(a + i)` with the element's bounds kept for the checker.
    fn index_expr(&mut self, a: &ast::Expr, i: &ast::Expr, span: Span) -> Expr {
        let a = self.value(a);
        let i = self.value(i);
        if self.is_error(&a) || self.is_error(&i) {
            return self.poison(span);
        }
        let (ptr, idx) = if self.prog.types.is_pointer(a.ty) && self.prog.types.is_integer(i.ty) {
            (a, i)
        } else if self.prog.types.is_pointer(i.ty) && self.prog.types.is_integer(a.ty) {
            (i, a)
        } else {
            let (ta, ti) = (self.show(a.ty), self.show(i.ty));
            self.type_error(
                span,
                format!("subscripted value is not an array or pointer (`{ta}[{ti}]`)"),
            );
            return self.poison(span);
        };
        let Some(elem) = self.prog.types.pointee(ptr.ty) else {
            return self.poison(span);
        };
        if self.prog.types.is_vla(elem.ty) {
            let p = self.vla_ptr_add(ptr, idx, elem.ty, span);
            return mk(elem.ty, span, ExprKind::Deref(Box::new(p)));
        }
        let Some(size) = self.elem_size(elem.ty, span) else {
            return self.poison(span);
        };
        let idx = self.convert(idx, TypeId::LONG);
        let p = mk(
            ptr.ty,
            span,
            ExprKind::PtrAdd(Box::new(ptr), Box::new(idx), size),
        );
        mk(elem.ty, span, ExprKind::Deref(Box::new(p)))
    }

    /// `base.name`.
    fn dot_expr(&mut self, base: &ast::Expr, name: &ast::Name, span: Span) -> Expr {
        let b = self.expr(base);
        if self.is_error(&b) {
            return self.poison(span);
        }
        if !self.prog.types.is_record(b.ty) {
            let t = self.show(b.ty);
            let d = self.type_error(
                name.span,
                format!(
                    "request for member `{}` in something that is not a struct or union",
                    self.interner.resolve(name.sym)
                ),
            );
            d.push_note(format!("the left operand has type `{t}`"));
            if self
                .prog
                .types
                .pointee(b.ty)
                .is_some_and(|p| self.prog.types.is_record(p.ty))
            {
                let d = self.diags.last_mut();
                if let Some(d) = d {
                    d.help = Some("the left side is a pointer: use `->` instead of `.`".into());
                }
            }
            return self.poison(span);
        }
        self.member(b, *name, span)
    }

    /// `base->name`.
    fn arrow_expr(&mut self, base: &ast::Expr, name: &ast::Name, span: Span) -> Expr {
        let p = self.value(base);
        if self.is_error(&p) {
            return self.poison(span);
        }
        let Some(rec) = self
            .prog
            .types
            .pointee(p.ty)
            .filter(|q| self.prog.types.is_record(q.ty))
        else {
            let t = self.show(p.ty);
            let d = self.type_error(
                name.span,
                format!(
                    "`->{}` needs a pointer to a struct or union",
                    self.interner.resolve(name.sym)
                ),
            );
            d.push_note(format!("the left operand has type `{t}`"));
            if self.prog.types.is_record(p.ty) {
                if let Some(d) = self.diags.last_mut() {
                    d.help = Some(
                        "the left side is a struct, not a pointer: use `.` instead of `->`".into(),
                    );
                }
            }
            return self.poison(span);
        };
        let d = mk(rec.ty, p.span, ExprKind::Deref(Box::new(p)));
        self.member(d, *name, span)
    }

    // ---- binary operators --------------------------------------------------------------------

    // ---- assignment ----------------------------------------------------------------------------

    // ---- calls -----------------------------------------------------------------------------------
}

fn is_constant_tree(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Int(_) | ExprKind::Float(_) => true,
        ExprKind::Arith(_, a, b) => is_constant_tree(a) && is_constant_tree(b),
        ExprKind::Unary(_, a) | ExprKind::Cast(_, a) => is_constant_tree(a),
        _ => false,
    }
}

fn cmp_result(op: CmpOp, o: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match op {
        CmpOp::Eq => o == Equal,
        CmpOp::Ne => o != Equal,
        CmpOp::Lt => o == Less,
        CmpOp::Gt => o == Greater,
        CmpOp::Le => o != Greater,
        CmpOp::Ge => o != Less,
    }
}

/// Converts a float constant to an integer type when the value is in range (otherwise the
/// conversion stays a runtime operation).
fn float_to_int_exact(f: f64, ts: Scalar) -> Option<u64> {
    if !f.is_finite() {
        return None;
    }
    let t = f.trunc();
    let (lo, hi): (f64, f64) = match ts {
        Scalar::Bool => return Some(u64::from(f != 0.0)),
        Scalar::I8 => (-128.0, 127.0),
        Scalar::U8 => (0.0, 255.0),
        Scalar::I16 => (-32768.0, 32767.0),
        Scalar::U16 => (0.0, 65535.0),
        Scalar::I32 => (-2147483648.0, 2147483647.0),
        Scalar::U32 => (0.0, 4294967295.0),
        Scalar::I64 => (-9223372036854775808.0, 9223372036854774784.0),
        Scalar::U64 => (0.0, 18446744073709549568.0),
        _ => return None,
    };
    if t < lo || t > hi {
        return None;
    }
    Some(match ts {
        Scalar::I8 | Scalar::I16 | Scalar::I32 | Scalar::I64 => t as i64 as u64,
        _ => t as u64,
    })
}

/// Folds integer arithmetic in type `ty`; `None` when the operation has undefined behaviour
/// (left to the runtime, which reports it).
pub(crate) fn fold_int(
    types: &Types,
    op: ArithOp,
    a: u64,
    b: u64,
    ty: TypeId,
    rhs_ty: TypeId,
) -> Option<u64> {
    let signed = types.is_signed(ty);
    let bits = types.size_of(ty).unwrap_or(4) * 8;
    let trunc = |v: u64| crate::sema::check::truncate_to(types, v, ty);
    let r = match op {
        ArithOp::Add | ArithOp::Sub | ArithOp::Mul => {
            if signed {
                let (x, y) = (a as i64, b as i64);
                let r = match op {
                    ArithOp::Add => x.checked_add(y),
                    ArithOp::Sub => x.checked_sub(y),
                    _ => x.checked_mul(y),
                }?;
                if bits == 32 && (r < i64::from(i32::MIN) || r > i64::from(i32::MAX)) {
                    return None;
                }
                r as u64
            } else {
                match op {
                    ArithOp::Add => a.wrapping_add(b),
                    ArithOp::Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                }
            }
        }
        ArithOp::Div | ArithOp::Rem => {
            if b == 0 {
                return None;
            }
            if signed {
                let (x, y) = (a as i64, b as i64);
                if y == -1 && ((bits == 32 && x == i64::from(i32::MIN)) || x == i64::MIN) {
                    return None;
                }
                (if op == ArithOp::Div { x / y } else { x % y }) as u64
            } else if op == ArithOp::Div {
                a / b
            } else {
                a % b
            }
        }
        ArithOp::Shl | ArithOp::Shr => {
            let _ = rhs_ty;
            let count = b as i64;
            if count < 0 || count as u64 >= bits {
                return None;
            }
            if op == ArithOp::Shl {
                if signed {
                    let x = a as i64;
                    if x < 0 {
                        return None;
                    }
                    let r = (x as i128) << count;
                    let max = if bits == 32 {
                        i128::from(i32::MAX)
                    } else {
                        i128::from(i64::MAX)
                    };
                    if r > max {
                        return None;
                    }
                    r as u64
                } else {
                    a << count
                }
            } else if signed {
                ((a as i64) >> count) as u64
            } else {
                let a = if bits == 32 { a & 0xFFFF_FFFF } else { a };
                a >> count
            }
        }
        ArithOp::BitAnd => a & b,
        ArithOp::BitOr => a | b,
        ArithOp::BitXor => a ^ b,
    };
    Some(trunc(r))
}
