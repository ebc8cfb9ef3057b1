//! Typing of expressions: name resolution, the usual conversions, lvalues, pointer
//! arithmetic, calls, and constant folding.
//!
//! [`Checker::expr`] returns an expression in "designator" form (an lvalue stays an lvalue);
//! [`Checker::rvalue`] applies lvalue conversion, array decay and function decay.
//! Constants are folded as expressions are built, except where folding would hide a
//! runtime error (a signed overflow, a division by zero, an invalid shift): those stay
//! runtime operations so that the evaluator reports them with a stack.

use super::check::{header_of, Binding, Checker};
use super::program::*;
use super::types::*;
use crate::diag::Code;
use crate::mem::Scalar;
use crate::source::Span;
use crate::syntax::{ast, literal};

fn mk(ty: TypeId, span: Span, kind: ExprKind) -> Expr {
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
            Type::Array(elem, _) => {
                let pty = self.prog.types.pointer(elem);
                mk(pty, span, ExprKind::Decay(Box::new(e)))
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
        match (&e.kind, fs, ts) {
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
                    ExprKind::Int(super::check::truncate_to(types, v, to)),
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
                Ok(v) => mk(TypeId::INT, span, ExprKind::Int(v as u64)),
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
            E::Str(parts) => {
                let mut bytes = Vec::new();
                for (sym, pspan) in parts {
                    match literal::string_bytes(self.name(*sym)) {
                        Ok(b) => bytes.extend(b),
                        Err(msg) => {
                            let code = if msg.contains("not supported") {
                                Code::Unsupported
                            } else {
                                Code::SyntaxError
                            };
                            self.error(code, *pspan, msg);
                        }
                    }
                }
                bytes.push(0);
                let n = bytes.len() as u64;
                let id = self.intern_string(bytes, span);
                let ty = self.prog.types.array(QualType::new(TypeId::CHAR), Some(n));
                mk(ty, span, ExprKind::Str(id))
            }
            E::Call(f, args) => self.call(f, args, span),
            E::Index(a, i) => {
                let a = self.value(a);
                let i = self.value(i);
                if self.is_error(&a) || self.is_error(&i) {
                    return self.poison(span);
                }
                let (ptr, idx) =
                    if self.prog.types.is_pointer(a.ty) && self.prog.types.is_integer(i.ty) {
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
            E::Member(base, name) => {
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
                            d.help =
                                Some("the left side is a pointer: use `->` instead of `.`".into());
                        }
                    }
                    return self.poison(span);
                }
                self.member(b, *name, span)
            }
            E::Arrow(base, name) => {
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
                                "the left side is a struct, not a pointer: use `.` instead of `->`"
                                    .into(),
                            );
                        }
                    }
                    return self.poison(span);
                };
                let d = mk(rec.ty, p.span, ExprKind::Deref(Box::new(p)));
                self.member(d, *name, span)
            }
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
                self.sizeof_type(v.ty, span)
            }
            E::SizeofType(t) => {
                let ty = self.type_name(t);
                self.sizeof_type(ty, span)
            }
            E::Alignof(t) => {
                let ty = self.type_name(t);
                let a = self.prog.types.align_of(ty);
                mk(TypeId::ULONG, span, ExprKind::Int(a))
            }
            E::Cast(t, x) => {
                let to = self.type_name(t);
                let v = self.value(x);
                self.cast(v, to, span)
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
            E::Error => self.poison(span),
        }
    }

    fn ident(&mut self, sym: crate::source::Symbol, span: Span) -> Expr {
        match self.lookup(sym) {
            Some(Binding::Local(l)) => {
                let ty = self
                    .func
                    .as_ref()
                    .and_then(|f| f.locals.get(l.0 as usize))
                    .map(|l| l.ty)
                    .unwrap_or(TypeId::ERROR);
                mk(ty, span, ExprKind::Local(l))
            }
            Some(Binding::Global(g)) => {
                let ty = self.prog.global(g).ty;
                mk(ty, span, ExprKind::Global(g))
            }
            Some(Binding::Func(f)) => {
                let ty = self.prog.func(f).ty;
                mk(ty, span, ExprKind::FuncAddr(f))
            }
            Some(Binding::EnumConst(v)) => mk(TypeId::INT, span, ExprKind::Int(v as u64)),
            Some(Binding::Typedef(_)) => {
                self.type_error(span, format!("`{}` is a type, not a value", self.name(sym)));
                self.poison(span)
            }
            None => {
                let name = self.name(sym).to_string();
                if name == "__func__" || name == "__FUNCTION__" {
                    return self.func_name(span);
                }
                let d = self.error(
                    Code::Undeclared,
                    span,
                    format!("use of undeclared identifier `{name}`"),
                );
                d.primary_label = Some("not declared in this scope".into());
                if let Some(h) = header_of(&name) {
                    d.help = Some(format!("`{name}` is declared in <{h}>: add `#include <{h}>` at the top of the file"));
                }
                self.poison(span)
            }
        }
    }

    fn func_name(&mut self, span: Span) -> Expr {
        let Some(fid) = self.func.as_ref().map(|f| f.id) else {
            self.type_error(span, "`__func__` is only defined inside a function");
            return self.poison(span);
        };
        let sid = match self.func.as_ref().and_then(|f| f.name_str) {
            Some(s) => s,
            None => {
                let mut bytes = self.prog.func(fid).name.clone().into_bytes();
                bytes.push(0);
                let s = self.intern_string(bytes, span);
                if let Some(f) = self.func.as_mut() {
                    f.name_str = Some(s);
                }
                s
            }
        };
        let n = self.prog.string(sid).bytes.len() as u64;
        let ty = self.prog.types.array(
            QualType {
                ty: TypeId::CHAR,
                quals: Quals::CONST,
            },
            Some(n),
        );
        mk(ty, span, ExprKind::Str(sid))
    }

    pub(crate) fn intern_string(&mut self, bytes: Vec<u8>, span: Span) -> StrId {
        if let Some(&id) = self.str_ids.get(&bytes) {
            return id;
        }
        let id = StrId(self.prog.strings.len() as u32);
        self.str_ids.insert(bytes.clone(), id);
        self.prog.strings.push(StringLit { bytes, span });
        id
    }

    fn number(&mut self, text: String, span: Span) -> Expr {
        if literal::is_float_text(&text) {
            return match literal::parse_float(&text) {
                Ok(f) => {
                    if f.is_long {
                        self.unsupported(span, "`long double`");
                    }
                    let ty = if f.is_float {
                        TypeId::FLOAT
                    } else {
                        TypeId::DOUBLE
                    };
                    mk(ty, span, ExprKind::Float(f.value))
                }
                Err(msg) => {
                    self.error(Code::SyntaxError, span, msg);
                    self.poison(span)
                }
            };
        }
        match literal::parse_int(&text) {
            Ok(c) => {
                let v = c.value;
                let fits_int = v <= i32::MAX as u64;
                let fits_uint = v <= u64::from(u32::MAX);
                let fits_long = v <= i64::MAX as u64;
                let s = c.suffix;
                let ty = match (s.unsigned, s.longs) {
                    (false, 0) if fits_int => TypeId::INT,
                    (false, 0) if fits_uint && !c.decimal => TypeId::UINT,
                    (false, 0 | 1) if fits_long => TypeId::LONG,
                    (false, 2) if fits_long => TypeId::LLONG,
                    (false, _) if !c.decimal => {
                        if s.longs == 2 {
                            TypeId::ULLONG
                        } else {
                            TypeId::ULONG
                        }
                    }
                    (false, _) => {
                        // gcc gives such a decimal constant an unsigned type with a warning.
                        TypeId::ULONG
                    }
                    (true, 0) if fits_uint => TypeId::UINT,
                    (true, 2) => TypeId::ULLONG,
                    (true, _) => TypeId::ULONG,
                };
                mk(
                    ty,
                    span,
                    ExprKind::Int(super::check::truncate_to(&self.prog.types, v, ty)),
                )
            }
            Err(msg) => {
                self.error(Code::SyntaxError, span, msg);
                self.poison(span)
            }
        }
    }

    fn elem_size(&mut self, elem: TypeId, span: Span) -> Option<u64> {
        if elem == TypeId::VOID {
            return Some(1); // GNU: arithmetic on void * counts bytes
        }
        match self.prog.types.size_of(elem) {
            Some(s) => Some(s),
            None => {
                let t = self.show(elem);
                if self.prog.types.is_function(elem) {
                    self.type_error(
                        span,
                        format!("arithmetic on a pointer to a function (`{t}`)"),
                    );
                } else {
                    self.type_error(
                        span,
                        format!("arithmetic on a pointer to the incomplete type `{t}`"),
                    );
                }
                None
            }
        }
    }

    fn member(&mut self, base: Expr, name: ast::Name, span: Span) -> Expr {
        let base_quals = self.lvalue_quals(&base);
        let Some((offset, fty)) = self.find_field(base.ty, name.sym) else {
            let t = self.show(base.ty);
            let complete = self
                .prog
                .types
                .record_of(base.ty)
                .is_some_and(|r| r.complete);
            if complete {
                self.type_error(
                    name.span,
                    format!(
                        "`{t}` has no member named `{}`",
                        self.interner.resolve(name.sym)
                    ),
                );
            } else {
                self.type_error(
                    name.span,
                    format!("`{t}` is an incomplete type (its members are not known here)"),
                );
            }
            return self.poison(span);
        };
        let _ = base_quals;
        mk(
            fty.ty,
            span,
            ExprKind::Member(Box::new(base), offset, fty.quals),
        )
    }

    /// Finds a member by name, looking into anonymous struct/union members.
    pub(crate) fn find_field(
        &self,
        rec_ty: TypeId,
        sym: crate::source::Symbol,
    ) -> Option<(u64, QualType)> {
        let rec = self.prog.types.record_of(rec_ty)?;
        for f in &rec.fields {
            if f.name == Some(sym) {
                return Some((f.offset, f.ty));
            }
            if f.name.is_none() {
                if let Some((off, ty)) = self.find_field(f.ty.ty, sym) {
                    return Some((f.offset + off, ty));
                }
            }
        }
        None
    }

    /// Qualifiers of an lvalue (for assignment checks).
    pub(crate) fn lvalue_quals(&self, e: &Expr) -> Quals {
        match &e.kind {
            ExprKind::Local(l) => self
                .func
                .as_ref()
                .and_then(|f| f.locals.get(l.0 as usize))
                .map(|l| l.quals)
                .unwrap_or_default(),
            ExprKind::Global(g) => self.prog.global(*g).quals,
            ExprKind::Deref(p) => self
                .prog
                .types
                .pointee(p.ty)
                .map(|q| q.quals)
                .unwrap_or_default(),
            ExprKind::Member(b, _, q) => self.lvalue_quals(b).union(*q),
            ExprKind::Str(_) => Quals::NONE,
            _ => Quals::NONE,
        }
    }

    /// Checks that `e` is a modifiable lvalue (C11 6.3.2.1p1).
    fn check_modifiable(&mut self, e: &Expr, what: &str) -> bool {
        if self.is_error(e) {
            return false;
        }
        if !e.is_lvalue() || matches!(e.kind, ExprKind::Call { .. }) {
            self.type_error(
                e.span,
                format!(
                    "the left operand of {what} must be a variable or memory location (an lvalue)"
                ),
            );
            return false;
        }
        if self.prog.types.is_array(e.ty) {
            self.type_error(e.span, format!("cannot assign to an array (in {what})"))
                .help = Some("copy the elements, e.g. with memcpy or strcpy".into());
            return false;
        }
        if self.lvalue_quals(e).is_const || self.record_has_const(e.ty) {
            let d = self.type_error(
                e.span,
                format!("cannot modify a read-only location (in {what})"),
            );
            d.primary_label = Some("declared `const`".into());
            return false;
        }
        true
    }

    fn record_has_const(&self, ty: TypeId) -> bool {
        self.prog.types.record_of(ty).is_some_and(|r| {
            r.fields
                .iter()
                .any(|f| f.ty.quals.is_const || self.record_has_const(f.ty.ty))
        })
    }

    fn mark_address_taken(&mut self, e: &Expr) {
        let mut cur = e;
        loop {
            match &cur.kind {
                ExprKind::Local(l) => {
                    if let Some(loc) = self
                        .func
                        .as_mut()
                        .and_then(|f| f.locals.get_mut(l.0 as usize))
                    {
                        loc.address_taken = true;
                    }
                    return;
                }
                ExprKind::Member(b, ..) => cur = b,
                _ => return,
            }
        }
    }

    fn incdec(&mut self, x: &ast::Expr, inc: bool, prefix: bool, span: Span) -> Expr {
        let lhs = self.expr(x);
        let what = if inc { "`++`" } else { "`--`" };
        if !self.check_modifiable(&lhs, what) {
            return self.poison(span);
        }
        let elem = if let Some(p) = self.prog.types.pointee(lhs.ty) {
            match self.elem_size(p.ty, span) {
                Some(s) => s,
                None => return self.poison(span),
            }
        } else if self.prog.types.is_arithmetic(lhs.ty) {
            0
        } else {
            let t = self.show(lhs.ty);
            self.type_error(
                span,
                format!("{what} needs a number or pointer, but this has type `{t}`"),
            );
            return self.poison(span);
        };
        let ty = lhs.ty;
        mk(
            ty,
            span,
            ExprKind::IncDec {
                lhs: Box::new(lhs),
                inc,
                prefix,
                elem,
            },
        )
    }

    fn unary(&mut self, op: ast::UnaryOp, x: &ast::Expr, span: Span) -> Expr {
        use ast::UnaryOp as U;
        match op {
            U::AddrOf => {
                let e = self.expr(x);
                if self.is_error(&e) {
                    return self.poison(span);
                }
                if matches!(e.kind, ExprKind::FuncAddr(_)) || self.prog.types.is_function(e.ty) {
                    return self.rvalue(e);
                }
                // `&*p` is `p` (C11 6.5.3.2p3), without evaluating the `*`.
                if let ExprKind::Deref(_) = e.kind {
                    let ty = self.prog.types.pointer(QualType {
                        ty: e.ty,
                        quals: self.lvalue_quals(&e),
                    });
                    let ExprKind::Deref(p) = e.kind else {
                        unreachable!()
                    };
                    return Expr { ty, span, ..*p };
                }
                if !e.is_lvalue() {
                    self.type_error(span, "cannot take the address of a value that is not stored in a variable (an rvalue)");
                    return self.poison(span);
                }
                self.mark_address_taken(&e);
                let quals = self.lvalue_quals(&e);
                let ty = self.prog.types.pointer(QualType { ty: e.ty, quals });
                mk(ty, span, ExprKind::AddrOf(Box::new(e)))
            }
            U::Deref => {
                let p = self.value(x);
                if self.is_error(&p) {
                    return self.poison(span);
                }
                let Some(pointee) = self.prog.types.pointee(p.ty) else {
                    let t = self.show(p.ty);
                    self.type_error(
                        span,
                        format!("cannot dereference a value of type `{t}` (it is not a pointer)"),
                    );
                    return self.poison(span);
                };
                if pointee.ty == TypeId::VOID {
                    self.type_error(span, "cannot dereference a `void *`").help =
                        Some("cast it to a pointer to the type stored there first".into());
                    return self.poison(span);
                }
                mk(pointee.ty, span, ExprKind::Deref(Box::new(p)))
            }
            U::Plus | U::Neg => {
                let v = self.arith_operand(
                    x,
                    if op == U::Neg {
                        "unary `-`"
                    } else {
                        "unary `+`"
                    },
                );
                if self.is_error(&v) {
                    return v;
                }
                let t = self.prog.types.promote(v.ty);
                let v = self.convert(v, t);
                if op == U::Plus {
                    return Expr { span, ..v };
                }
                self.fold_unary(UnOp::Neg, v, span)
            }
            U::BitNot => {
                let v = self.integer_operand(x, "`~`");
                if self.is_error(&v) {
                    return v;
                }
                let t = self.prog.types.promote(v.ty);
                let v = self.convert(v, t);
                self.fold_unary(UnOp::BitNot, v, span)
            }
            U::Not => {
                let v = self.scalar_operand(x, "`!`");
                if self.is_error(&v) {
                    return v;
                }
                self.fold_unary(UnOp::Not, v, span)
            }
        }
    }

    fn fold_unary(&mut self, op: UnOp, v: Expr, span: Span) -> Expr {
        let ty = if op == UnOp::Not { TypeId::INT } else { v.ty };
        match (&v.kind, op) {
            (ExprKind::Int(x), UnOp::Not) => {
                return mk(ty, span, ExprKind::Int(u64::from(*x == 0)))
            }
            (ExprKind::Float(x), UnOp::Not) => {
                return mk(ty, span, ExprKind::Int(u64::from(*x == 0.0)))
            }
            (ExprKind::Float(x), UnOp::Neg) => return mk(ty, span, ExprKind::Float(-*x)),
            (ExprKind::Int(x), UnOp::BitNot) => {
                let r = super::check::truncate_to(&self.prog.types, !*x, ty);
                return mk(ty, span, ExprKind::Int(r));
            }
            (ExprKind::Int(x), UnOp::Neg) => {
                let signed = self.prog.types.is_signed(ty);
                let size = self.prog.types.size_of(ty).unwrap_or(4);
                let overflow = signed
                    && ((size == 4 && *x as i32 == i32::MIN)
                        || (size == 8 && *x as i64 == i64::MIN));
                if !overflow {
                    let r = super::check::truncate_to(&self.prog.types, x.wrapping_neg(), ty);
                    return mk(ty, span, ExprKind::Int(r));
                }
            }
            _ => {}
        }
        mk(ty, span, ExprKind::Unary(op, Box::new(v)))
    }

    pub(crate) fn sizeof_type(&mut self, ty: TypeId, span: Span) -> Expr {
        if self.prog.types.is_function(ty) {
            self.type_error(span, "`sizeof` cannot be applied to a function");
            return mk(TypeId::ULONG, span, ExprKind::Int(1));
        }
        match self.prog.types.size_of(ty) {
            Some(s) => mk(TypeId::ULONG, span, ExprKind::Int(s)),
            None => {
                if ty != TypeId::ERROR {
                    let t = self.show(ty);
                    self.type_error(span, format!("`sizeof` of the incomplete type `{t}`"));
                }
                mk(TypeId::ULONG, span, ExprKind::Int(1))
            }
        }
    }

    pub(crate) fn type_name(&mut self, t: &ast::TypeName) -> TypeId {
        let specs = self.specs(&t.specs, false);
        let (name, ty) = self.declarator(specs.ty, &t.declarator, false);
        if let Some(n) = name {
            self.type_error(n.span, "unexpected name in a type name");
        }
        ty.ty
    }

    fn cast(&mut self, v: Expr, to: TypeId, span: Span) -> Expr {
        if self.is_error(&v) {
            return self.poison(span);
        }
        if to == TypeId::VOID {
            return mk(
                TypeId::VOID,
                span,
                ExprKind::Cast(CastKind::ToVoid, Box::new(v)),
            );
        }
        let t = &self.prog.types;
        if !t.is_scalar(to) {
            let (a, b) = (self.show(v.ty), self.show(to));
            self.type_error(
                span,
                format!("cannot cast `{a}` to `{b}`: a cast must produce a number or a pointer"),
            );
            return self.poison(span);
        }
        if !t.is_scalar(v.ty) {
            let (a, b) = (self.show(v.ty), self.show(to));
            self.type_error(span, format!("cannot cast `{a}` to `{b}`"));
            return self.poison(span);
        }
        if (t.is_float(to) && t.is_pointer(v.ty)) || (t.is_pointer(to) && t.is_float(v.ty)) {
            let (a, b) = (self.show(v.ty), self.show(to));
            self.type_error(
                span,
                format!("cannot cast between a pointer and a floating type (`{a}` to `{b}`)"),
            );
            return self.poison(span);
        }
        let r = self.convert(v, to);
        Expr { span, ..r }
    }

    // ---- binary operators --------------------------------------------------------------------

    fn binary(&mut self, op: ast::BinaryOp, a: &ast::Expr, b: &ast::Expr, span: Span) -> Expr {
        use ast::BinaryOp as B;
        match op {
            B::LogAnd | B::LogOr => {
                let x = self.scalar_operand(a, if op == B::LogAnd { "`&&`" } else { "`||`" });
                let y = self.scalar_operand(b, if op == B::LogAnd { "`&&`" } else { "`||`" });
                if self.is_error(&x) || self.is_error(&y) {
                    return self.poison(span);
                }
                // Fold when the left side decides.
                if let Some(c) = self.const_truth(&x) {
                    if op == B::LogAnd && !c {
                        return mk(TypeId::INT, span, ExprKind::Int(0));
                    }
                    if op == B::LogOr && c {
                        return mk(TypeId::INT, span, ExprKind::Int(1));
                    }
                    if let Some(d) = self.const_truth(&y) {
                        return mk(TypeId::INT, span, ExprKind::Int(u64::from(d)));
                    }
                }
                let kind = if op == B::LogAnd {
                    ExprKind::LogAnd(Box::new(x), Box::new(y))
                } else {
                    ExprKind::LogOr(Box::new(x), Box::new(y))
                };
                mk(TypeId::INT, span, kind)
            }
            B::Add | B::Sub => {
                let x = self.value(a);
                let y = self.value(b);
                self.additive(op == B::Add, x, y, span)
            }
            B::Mul | B::Div => {
                let what = if op == B::Mul { "`*`" } else { "`/`" };
                let x = self.arith_operand(a, what);
                let y = self.arith_operand(b, what);
                self.arith(
                    if op == B::Mul {
                        ArithOp::Mul
                    } else {
                        ArithOp::Div
                    },
                    x,
                    y,
                    span,
                )
            }
            B::Rem | B::BitAnd | B::BitOr | B::BitXor => {
                let (aop, what) = match op {
                    B::Rem => (ArithOp::Rem, "`%`"),
                    B::BitAnd => (ArithOp::BitAnd, "`&`"),
                    B::BitOr => (ArithOp::BitOr, "`|`"),
                    _ => (ArithOp::BitXor, "`^`"),
                };
                let x = self.integer_operand(a, what);
                let y = self.integer_operand(b, what);
                self.arith(aop, x, y, span)
            }
            B::Shl | B::Shr => {
                let what = if op == B::Shl { "`<<`" } else { "`>>`" };
                let x = self.integer_operand(a, what);
                let y = self.integer_operand(b, what);
                if self.is_error(&x) || self.is_error(&y) {
                    return self.poison(span);
                }
                let tx = self.prog.types.promote(x.ty);
                let ty_ = self.prog.types.promote(y.ty);
                let x = self.convert(x, tx);
                let y = self.convert(y, ty_);
                self.fold_arith(
                    if op == B::Shl {
                        ArithOp::Shl
                    } else {
                        ArithOp::Shr
                    },
                    x,
                    y,
                    tx,
                    span,
                )
            }
            B::Lt | B::Gt | B::Le | B::Ge | B::Eq | B::Ne => {
                let x = self.value(a);
                let y = self.value(b);
                let cop = match op {
                    B::Lt => CmpOp::Lt,
                    B::Gt => CmpOp::Gt,
                    B::Le => CmpOp::Le,
                    B::Ge => CmpOp::Ge,
                    B::Eq => CmpOp::Eq,
                    _ => CmpOp::Ne,
                };
                self.compare(cop, x, y, op.as_str(), span)
            }
        }
    }

    fn const_truth(&self, e: &Expr) -> Option<bool> {
        match e.kind {
            ExprKind::Int(v) if self.prog.types.is_integer(e.ty) => Some(v != 0),
            ExprKind::Float(f) => Some(f != 0.0),
            _ => None,
        }
    }

    /// `+` and `-`, including pointer arithmetic.
    pub(crate) fn additive(&mut self, add: bool, x: Expr, y: Expr, span: Span) -> Expr {
        if self.is_error(&x) || self.is_error(&y) {
            return self.poison(span);
        }
        let t = &self.prog.types;
        let (xp, yp) = (t.is_pointer(x.ty), t.is_pointer(y.ty));
        let (xi, yi) = (t.is_integer(x.ty), t.is_integer(y.ty));
        if xp && yi || (add && xi && yp) {
            let (p, i) = if xp { (x, y) } else { (y, x) };
            let Some(elem) = self.prog.types.pointee(p.ty) else {
                return self.poison(span);
            };
            let Some(size) = self.elem_size(elem.ty, span) else {
                return self.poison(span);
            };
            let i = self.convert(i, TypeId::LONG);
            let i = if add {
                i
            } else {
                self.fold_unary(UnOp::Neg, i, span)
            };
            let ty = p.ty;
            return mk(ty, span, ExprKind::PtrAdd(Box::new(p), Box::new(i), size));
        }
        if !add && xp && yp {
            let (ex, ey) = (t.pointee(x.ty), t.pointee(y.ty));
            let (Some(ex), Some(ey)) = (ex, ey) else {
                return self.poison(span);
            };
            if !t.compatible(ex.ty, ey.ty) {
                let (a, b) = (self.show(x.ty), self.show(y.ty));
                self.type_error(
                    span,
                    format!("subtraction of pointers to different types (`{a}` and `{b}`)"),
                );
                return self.poison(span);
            }
            let Some(size) = self.elem_size(ex.ty, span) else {
                return self.poison(span);
            };
            return mk(
                TypeId::LONG,
                span,
                ExprKind::PtrDiff(Box::new(x), Box::new(y), size.max(1)),
            );
        }
        if t.is_arithmetic(x.ty) && t.is_arithmetic(y.ty) {
            return self.arith(if add { ArithOp::Add } else { ArithOp::Sub }, x, y, span);
        }
        let (a, b) = (self.show(x.ty), self.show(y.ty));
        self.type_error(
            span,
            format!(
                "invalid operands to binary `{}` (`{a}` and `{b}`)",
                if add { "+" } else { "-" }
            ),
        );
        self.poison(span)
    }

    /// Arithmetic with the usual arithmetic conversions.
    pub(crate) fn arith(&mut self, op: ArithOp, x: Expr, y: Expr, span: Span) -> Expr {
        if self.is_error(&x) || self.is_error(&y) {
            return self.poison(span);
        }
        let ty = self.prog.types.usual_arithmetic(x.ty, y.ty);
        let x = self.convert(x, ty);
        let y = self.convert(y, ty);
        self.fold_arith(op, x, y, ty, span)
    }

    /// Builds `x op y` in type `ty`, folding constants unless that would hide a runtime error.
    pub(crate) fn fold_arith(
        &mut self,
        op: ArithOp,
        x: Expr,
        y: Expr,
        ty: TypeId,
        span: Span,
    ) -> Expr {
        if let (ExprKind::Float(a), ExprKind::Float(b)) = (&x.kind, &y.kind) {
            let (a, b) = (*a, *b);
            let r = match op {
                ArithOp::Add => Some(a + b),
                ArithOp::Sub => Some(a - b),
                ArithOp::Mul => Some(a * b),
                ArithOp::Div => Some(a / b),
                _ => None,
            };
            if let Some(r) = r {
                let r = if ty == TypeId::FLOAT {
                    f64::from(r as f32)
                } else {
                    r
                };
                return mk(ty, span, ExprKind::Float(r));
            }
        }
        if let (ExprKind::Int(a), ExprKind::Int(b)) = (&x.kind, &y.kind) {
            if let Some(r) = fold_int(&self.prog.types, op, *a, *b, ty, y.ty) {
                return mk(ty, span, ExprKind::Int(r));
            }
        }
        mk(ty, span, ExprKind::Arith(op, Box::new(x), Box::new(y)))
    }

    fn compare(&mut self, op: CmpOp, x: Expr, y: Expr, op_text: &str, span: Span) -> Expr {
        if self.is_error(&x) || self.is_error(&y) {
            return self.poison(span);
        }
        let t = &self.prog.types;
        let (x, y) = if t.is_arithmetic(x.ty) && t.is_arithmetic(y.ty) {
            let ty = t.usual_arithmetic(x.ty, y.ty);
            let x = self.convert(x, ty);
            let y = self.convert(y, ty);
            (x, y)
        } else if t.is_pointer(x.ty) && t.is_pointer(y.ty) {
            let (px, py) = (t.pointee(x.ty), t.pointee(y.ty));
            let ok = match (px, py) {
                (Some(a), Some(b)) => {
                    a.ty == TypeId::VOID || b.ty == TypeId::VOID || t.compatible(a.ty, b.ty)
                }
                _ => false,
            };
            if !ok {
                let (a, b) = (self.show(x.ty), self.show(y.ty));
                self.type_warning(
                    span,
                    format!("comparison of distinct pointer types (`{a}` and `{b}`)"),
                )
                .help = Some("add a cast if the comparison is intended".into());
            }
            (x, y)
        } else if t.is_pointer(x.ty) && self.is_null_constant(&y) {
            let ty = x.ty;
            let y = self.convert(y, ty);
            (x, y)
        } else if t.is_pointer(y.ty) && self.is_null_constant(&x) {
            let ty = y.ty;
            let x = self.convert(x, ty);
            (x, y)
        } else {
            let (a, b) = (self.show(x.ty), self.show(y.ty));
            let ptr_int = (t.is_pointer(x.ty) && t.is_integer(y.ty))
                || (t.is_pointer(y.ty) && t.is_integer(x.ty));
            let d = self.type_error(
                span,
                format!("invalid operands to `{op_text}` (`{a}` and `{b}`)"),
            );
            if ptr_int {
                d.help = Some("compare the pointer with NULL, or cast the integer".into());
            }
            return self.poison(span);
        };
        if let (ExprKind::Int(a), ExprKind::Int(b)) = (&x.kind, &y.kind) {
            let signed = self.prog.types.is_signed(x.ty);
            let (a, b) = (*a, *b);
            let r = if signed {
                let (a, b) = (a as i64, b as i64);
                cmp_result(op, a.cmp(&b))
            } else {
                cmp_result(op, a.cmp(&b))
            };
            return mk(TypeId::INT, span, ExprKind::Int(u64::from(r)));
        }
        if let (ExprKind::Float(a), ExprKind::Float(b)) = (&x.kind, &y.kind) {
            let (a, b) = (*a, *b);
            let r = match op {
                CmpOp::Eq => a == b,
                CmpOp::Ne => a != b,
                CmpOp::Lt => a < b,
                CmpOp::Gt => a > b,
                CmpOp::Le => a <= b,
                CmpOp::Ge => a >= b,
            };
            return mk(TypeId::INT, span, ExprKind::Int(u64::from(r)));
        }
        mk(
            TypeId::INT,
            span,
            ExprKind::Cmp(op, Box::new(x), Box::new(y)),
        )
    }

    // ---- assignment ----------------------------------------------------------------------------

    fn assign(
        &mut self,
        op: Option<ast::BinaryOp>,
        a: &ast::Expr,
        b: &ast::Expr,
        span: Span,
    ) -> Expr {
        let lhs = self.expr(a);
        let what = match op {
            None => "assignment".to_string(),
            Some(o) => format!("`{}=`", o.as_str()),
        };
        if !self.check_modifiable(&lhs, &what) {
            let _ = self.expr(b);
            return self.poison(span);
        }
        let Some(op) = op else {
            let rhs = self.expr(b);
            if self.prog.types.is_record(lhs.ty) {
                let rhs = self.assign_convert(rhs, lhs.ty, "assignment");
                let ty = lhs.ty;
                return mk(
                    ty,
                    span,
                    ExprKind::AssignRecord(Box::new(lhs), Box::new(rhs)),
                );
            }
            let rhs = self.assign_convert(rhs, lhs.ty, "assignment");
            let ty = lhs.ty;
            return mk(ty, span, ExprKind::Assign(Box::new(lhs), Box::new(rhs)));
        };
        use ast::BinaryOp as B;
        let rhs = self.value(b);
        if self.is_error(&rhs) {
            return self.poison(span);
        }
        let t = &self.prog.types;
        let ty = lhs.ty;
        if let Some(p) = t.pointee(lhs.ty) {
            if matches!(op, B::Add | B::Sub) && t.is_integer(rhs.ty) {
                let Some(size) = self.elem_size(p.ty, span) else {
                    return self.poison(span);
                };
                let rhs = self.convert(rhs, TypeId::LONG);
                let aop = if op == B::Add {
                    ArithOp::Add
                } else {
                    ArithOp::Sub
                };
                return mk(
                    ty,
                    span,
                    ExprKind::CompoundAssign {
                        op: aop,
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                        op_ty: ty,
                        elem: size,
                    },
                );
            }
            let r = self.show(rhs.ty);
            self.type_error(
                span,
                format!(
                    "invalid operands to `{}=` (a pointer and `{r}`)",
                    op.as_str()
                ),
            );
            return self.poison(span);
        }
        let aop = match op {
            B::Add => ArithOp::Add,
            B::Sub => ArithOp::Sub,
            B::Mul => ArithOp::Mul,
            B::Div => ArithOp::Div,
            B::Rem => ArithOp::Rem,
            B::Shl => ArithOp::Shl,
            B::Shr => ArithOp::Shr,
            B::BitAnd => ArithOp::BitAnd,
            B::BitOr => ArithOp::BitOr,
            B::BitXor => ArithOp::BitXor,
            _ => ArithOp::Add,
        };
        let needs_int = matches!(
            aop,
            ArithOp::Rem
                | ArithOp::Shl
                | ArithOp::Shr
                | ArithOp::BitAnd
                | ArithOp::BitOr
                | ArithOp::BitXor
        );
        let ok = if needs_int {
            t.is_integer(lhs.ty) && t.is_integer(rhs.ty)
        } else {
            t.is_arithmetic(lhs.ty) && t.is_arithmetic(rhs.ty)
        };
        if !ok {
            let (l, r) = (self.show(lhs.ty), self.show(rhs.ty));
            self.type_error(
                span,
                format!("invalid operands to `{}=` (`{l}` and `{r}`)", op.as_str()),
            );
            return self.poison(span);
        }
        let (op_ty, rhs) = if matches!(aop, ArithOp::Shl | ArithOp::Shr) {
            let rt = t.promote(rhs.ty);
            let lt = t.promote(lhs.ty);
            (lt, self.convert(rhs, rt))
        } else {
            let ct = t.usual_arithmetic(lhs.ty, rhs.ty);
            (ct, self.convert(rhs, ct))
        };
        mk(
            ty,
            span,
            ExprKind::CompoundAssign {
                op: aop,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
                op_ty,
                elem: 0,
            },
        )
    }

    fn conditional(&mut self, c: &ast::Expr, a: &ast::Expr, b: &ast::Expr, span: Span) -> Expr {
        let c = self.scalar_operand(c, "the condition of `?:`");
        let x = self.expr(a);
        let x = if self.prog.types.is_record(x.ty) {
            x
        } else {
            self.rvalue(x)
        };
        let y = self.expr(b);
        let y = if self.prog.types.is_record(y.ty) {
            y
        } else {
            self.rvalue(y)
        };
        if self.is_error(&c) || self.is_error(&x) || self.is_error(&y) {
            return self.poison(span);
        }
        let t = &self.prog.types;
        let (x, y, ty) = if t.is_arithmetic(x.ty) && t.is_arithmetic(y.ty) {
            let ty = t.usual_arithmetic(x.ty, y.ty);
            (self.convert(x, ty), self.convert(y, ty), ty)
        } else if x.ty == TypeId::VOID && y.ty == TypeId::VOID {
            (x, y, TypeId::VOID)
        } else if t.is_record(x.ty) && x.ty == y.ty {
            let ty = x.ty;
            (x, y, ty)
        } else if t.is_pointer(x.ty) && self.is_null_constant(&y) {
            let ty = x.ty;
            let y = self.convert(y, ty);
            (x, y, ty)
        } else if t.is_pointer(y.ty) && self.is_null_constant(&x) {
            let ty = y.ty;
            let x = self.convert(x, ty);
            (x, y, ty)
        } else if let (Some(px), Some(py)) = (t.pointee(x.ty), t.pointee(y.ty)) {
            let quals = px.quals.union(py.quals);
            let ty = if px.ty == TypeId::VOID || py.ty == TypeId::VOID {
                self.prog.types.pointer(QualType {
                    ty: TypeId::VOID,
                    quals,
                })
            } else if t.compatible(px.ty, py.ty) {
                self.prog.types.pointer(QualType { ty: px.ty, quals })
            } else {
                let (l, r) = (self.show(x.ty), self.show(y.ty));
                self.type_error(
                    span,
                    format!(
                        "the branches of `?:` have incompatible pointer types (`{l}` and `{r}`)"
                    ),
                );
                return self.poison(span);
            };
            (self.convert(x, ty), self.convert(y, ty), ty)
        } else {
            let (l, r) = (self.show(x.ty), self.show(y.ty));
            self.type_error(
                span,
                format!("the branches of `?:` have incompatible types (`{l}` and `{r}`)"),
            );
            return self.poison(span);
        };
        if let Some(v) = self.const_truth(&c) {
            if ty != TypeId::VOID
                && !self.prog.types.is_record(ty)
                && matches!(x.kind, ExprKind::Int(_) | ExprKind::Float(_))
                && matches!(y.kind, ExprKind::Int(_) | ExprKind::Float(_))
            {
                let chosen = if v { x } else { y };
                return Expr { span, ..chosen };
            }
        }
        mk(
            ty,
            span,
            ExprKind::Cond(Box::new(c), Box::new(x), Box::new(y)),
        )
    }

    // ---- calls -----------------------------------------------------------------------------------

    fn call(&mut self, f: &ast::Expr, args: &[ast::Expr], span: Span) -> Expr {
        // An undeclared function: C99 removed implicit declarations.
        if let ast::ExprKind::Ident(sym) = f.kind {
            if self.lookup(sym).is_none() && !matches!(self.name(sym), "__func__") {
                let name = self.name(sym).to_string();
                let d = self.error(
                    Code::Undeclared,
                    f.span,
                    format!("call to undeclared function `{name}`"),
                );
                d.primary_label = Some("no declaration of this function is visible here".into());
                d.help = Some(match header_of(&name) {
                    Some(h) => format!("`{name}` is declared in <{h}>: add `#include <{h}>` at the top of the file"),
                    None => "declare the function (or define it) before this call".into(),
                });
                for a in args {
                    let _ = self.expr(a);
                }
                return self.poison(span);
            }
        }
        let callee_e = self.expr(f);
        if self.is_error(&callee_e) {
            for a in args {
                let _ = self.expr(a);
            }
            return self.poison(span);
        }
        let (callee, fty) = match callee_e.kind {
            ExprKind::FuncAddr(fid) if self.prog.types.is_function(callee_e.ty) => {
                if let Some(reason) = self.prog.func(fid).forbidden {
                    let name = self.prog.func(fid).name.clone();
                    self.error(
                        Code::Unsupported,
                        f.span,
                        format!("`{name}` is not available in cmem"),
                    )
                    .push_note(reason.to_string());
                }
                (Callee::Direct(fid), callee_e.ty)
            }
            _ => {
                let p = self.rvalue(callee_e);
                match self
                    .prog
                    .types
                    .pointee(p.ty)
                    .filter(|q| self.prog.types.is_function(q.ty))
                {
                    Some(q) => (Callee::Indirect(Box::new(p)), q.ty),
                    None => {
                        let t = self.show(p.ty);
                        self.type_error(f.span, format!("called object is not a function or function pointer (it has type `{t}`)"));
                        for a in args {
                            let _ = self.expr(a);
                        }
                        return self.poison(span);
                    }
                }
            }
        };
        let Some(sig) = self.prog.types.fn_sig(fty).cloned() else {
            return self.poison(span);
        };
        let mut out = Vec::with_capacity(args.len());
        if sig.prototyped {
            let fixed = sig.params.len();
            if args.len() < fixed || (args.len() > fixed && !sig.variadic) {
                let decl = match &callee {
                    Callee::Direct(id) => Some(self.prog.func(*id).span),
                    Callee::Indirect(_) => None,
                };
                let fname = match &callee {
                    Callee::Direct(id) => format!("`{}`", self.prog.func(*id).name),
                    Callee::Indirect(_) => "the function".to_string(),
                };
                let d = self.type_error(
                    span,
                    format!(
                        "{} arguments to {fname}: expected {}{fixed}, found {}",
                        if args.len() < fixed {
                            "too few"
                        } else {
                            "too many"
                        },
                        if sig.variadic { "at least " } else { "" },
                        args.len()
                    ),
                );
                if let Some(decl) = decl {
                    d.labels.push(crate::diag::Label {
                        span: decl,
                        message: "declared here".into(),
                    });
                }
            }
        }
        for (i, a) in args.iter().enumerate() {
            let v = self.expr(a);
            let v = match sig.params.get(i) {
                Some(&pt) if sig.prototyped => self.assign_convert(v, pt, "argument"),
                _ => self.default_promote(v),
            };
            out.push(v);
        }
        let ret_slot = if self.prog.types.is_record(sig.ret) {
            if self.func.is_some() {
                Some(self.new_local(
                    crate::source::Symbol(0),
                    QualType::new(sig.ret),
                    span,
                    LocalKind::Temp,
                ))
            } else {
                self.type_error(span, "a function call is not a constant");
                return self.poison(span);
            }
        } else {
            None
        };
        mk(
            sig.ret,
            span,
            ExprKind::Call {
                callee,
                args: out,
                ret_slot,
            },
        )
    }

    /// Default argument promotions (C11 6.5.2.2p6) for variadic and unprototyped arguments.
    fn default_promote(&mut self, v: Expr) -> Expr {
        let v = if self.prog.types.is_record(v.ty) {
            v
        } else {
            self.rvalue(v)
        };
        if self.is_error(&v) {
            return v;
        }
        if v.ty == TypeId::FLOAT {
            return self.convert(v, TypeId::DOUBLE);
        }
        if self.prog.types.is_integer(v.ty) {
            let t = self.prog.types.promote(v.ty);
            return self.convert(v, t);
        }
        if v.ty == TypeId::VOID {
            self.type_error(
                v.span,
                "a `void` expression cannot be passed as an argument",
            );
        }
        v
    }

    fn compound_literal(&mut self, ty: TypeId, items: &[ast::InitItem], span: Span) -> Expr {
        let init_ast = ast::Initializer::List(Vec::new(), span);
        let _ = init_ast;
        if self.func.is_none() {
            // At file scope: an anonymous object with static storage.
            let (init, ty) = self.initializer_list_for(ty, items, span);
            let data = self.lower_static(ty, &init);
            let id = GlobalId(self.prog.globals.len() as u32);
            self.prog.globals.push(Global {
                name: "<compound literal>".into(),
                sym: crate::source::Symbol(0),
                ty,
                quals: Quals::NONE,
                span,
                init: Some(data),
                kind: GlobalKind::User,
                local_of: None,
                library: false,
                uninitialized: false,
            });
            return mk(ty, span, ExprKind::Global(id));
        }
        let (init, ty) = self.initializer_list_for(ty, items, span);
        let lid = self.new_local(
            crate::source::Symbol(0),
            QualType::new(ty),
            span,
            LocalKind::Temp,
        );
        mk(ty, span, ExprKind::CompoundLiteral(lid, Box::new(init)))
    }

    /// An integer constant expression, or `None` (without reporting) when it is not one.
    pub(crate) fn const_int_expr(&mut self, e: &ast::Expr) -> Option<i64> {
        let v = self.value(e);
        if self.is_error(&v) {
            return Some(0);
        }
        match v.kind {
            ExprKind::Int(x) if self.prog.types.is_integer(v.ty) => Some(x as i64),
            _ => {
                if matches!(v.kind, ExprKind::Arith(..) | ExprKind::Unary(..))
                    && is_constant_tree(&v)
                {
                    self.type_error(
                        v.span,
                        "overflow or division by zero in a constant expression",
                    );
                    return Some(0);
                }
                None
            }
        }
    }
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
    let trunc = |v: u64| super::check::truncate_to(types, v, ty);
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
