//! Unary, cast, multiplicative, additive, shift, bitwise and relational operators, with
//! constant folding where folding hides no undefined behaviour.

use super::*;

impl Checker<'_> {
    pub(super) fn unary(&mut self, op: ast::UnaryOp, x: &ast::Expr, span: Span) -> Expr {
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
                if let ExprKind::Bits(..) = e.kind {
                    self.type_error(span, "cannot take the address of a bit-field")
                        .help = Some("a bit-field has no address of its own: copy it into a variable and use that variable's address".into());
                    return self.poison(span);
                }
                self.mark_address_taken(&e);
                let quals = self.lvalue_quals(&e);
                let ty = self.prog.types.pointer(QualType { ty: e.ty, quals });
                self.bounded(e, ty, span, true)
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

    pub(super) fn fold_unary(&mut self, op: UnOp, v: Expr, span: Span) -> Expr {
        let ty = if op == UnOp::Not { TypeId::INT } else { v.ty };
        match (&v.kind, op) {
            (ExprKind::Int(x), UnOp::Not) => {
                return mk(ty, span, ExprKind::Int(u64::from(*x == 0)))
            }
            (ExprKind::Float(x), UnOp::Not) => {
                return mk(ty, span, ExprKind::Int(u64::from(*x == 0.0)))
            }
            (ExprKind::Float(x), UnOp::Neg) => return mk(ty, span, ExprKind::Float(-*x)),
            (ExprKind::F80(x), UnOp::Not) => {
                return mk(ty, span, ExprKind::Int(u64::from(!x.truth())))
            }
            (ExprKind::F80(x), UnOp::Neg) => return mk(ty, span, ExprKind::F80(-*x)),
            (ExprKind::Complex(re, im), UnOp::Neg) => {
                return mk(ty, span, ExprKind::Complex(-*re, -*im))
            }
            (ExprKind::Int(x), UnOp::BitNot) => {
                let r = crate::sema::check::truncate_to(&self.prog.types, !*x, ty);
                return mk(ty, span, ExprKind::Int(r));
            }
            (ExprKind::Int(x), UnOp::Neg) => {
                let signed = self.prog.types.is_signed(ty);
                let size = self.prog.types.size_of(ty).unwrap_or(4);
                let overflow = signed
                    && ((size == 4 && *x as i32 == i32::MIN)
                        || (size == 8 && *x as i64 == i64::MIN));
                if !overflow {
                    let r = crate::sema::check::truncate_to(&self.prog.types, x.wrapping_neg(), ty);
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
            None if self.prog.types.is_vla(ty) => self.runtime_size(ty, span),
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

    pub(super) fn cast(&mut self, v: Expr, to: TypeId, span: Span) -> Expr {
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
        let floating = |ty| t.is_float(ty) || t.is_complex(ty);
        if (floating(to) && t.is_pointer(v.ty)) || (t.is_pointer(to) && floating(v.ty)) {
            let (a, b) = (self.show(v.ty), self.show(to));
            self.type_error(
                span,
                format!("cannot cast between a pointer and a floating type (`{a}` to `{b}`)"),
            );
            return self.poison(span);
        }
        if t.is_integer(to) && t.is_pointer(v.ty) {
            if let Some(off) = Self::null_based_offset(&v) {
                let off = crate::sema::check::truncate_to(t, off, to);
                return mk(to, span, ExprKind::Int(off));
            }
        }
        let r = self.convert(v, to);
        let r = self.widen_cast(r, to);
        Expr { span, ..r }
    }

    pub(super) fn binary(
        &mut self,
        op: ast::BinaryOp,
        a: &ast::Expr,
        b: &ast::Expr,
        span: Span,
    ) -> Expr {
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

    pub(super) fn const_truth(&self, e: &Expr) -> Option<bool> {
        match e.kind {
            ExprKind::Int(v) if self.prog.types.is_integer(e.ty) => Some(v != 0),
            ExprKind::Float(f) => Some(f != 0.0),
            ExprKind::F80(x) => Some(x.truth()),
            ExprKind::Complex(re, im) => Some(re != 0.0 || im != 0.0),
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
            let vla = self.prog.types.is_vla(elem.ty);
            let size = if vla {
                Some(1)
            } else {
                self.elem_size(elem.ty, span)
            };
            let Some(size) = size else {
                return self.poison(span);
            };
            let i = self.convert(i, TypeId::LONG);
            let i = if add {
                i
            } else {
                self.fold_unary(UnOp::Neg, i, span)
            };
            if vla {
                return self.vla_ptr_add(p, i, elem.ty, span);
            }
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
            if t.is_vla(ex.ty) {
                // Bytes apart, divided by the run-time size.
                let bytes = mk(
                    TypeId::LONG,
                    span,
                    ExprKind::PtrDiff(Box::new(x), Box::new(y), 1),
                );
                let size = self.runtime_size(ex.ty, span);
                let size = self.convert(size, TypeId::LONG);
                return mk(
                    TypeId::LONG,
                    span,
                    ExprKind::Arith(ArithOp::Div, Box::new(bytes), Box::new(size)),
                );
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
        if let (ExprKind::F80(a), ExprKind::F80(b)) = (&x.kind, &y.kind) {
            let r = match op {
                ArithOp::Add => Some(*a + *b),
                ArithOp::Sub => Some(*a - *b),
                ArithOp::Mul => Some(*a * *b),
                ArithOp::Div => Some(*a / *b),
                _ => None,
            };
            if let Some(r) = r {
                return mk(ty, span, ExprKind::F80(r));
            }
        }
        if let (ExprKind::Complex(a, b), ExprKind::Complex(c, d)) = (&x.kind, &y.kind) {
            if let Some((re, im)) = fold_complex(op, (*a, *b), (*c, *d), ty == TypeId::CFLOAT) {
                return mk(ty, span, ExprKind::Complex(re, im));
            }
        }
        if let (ExprKind::Int(a), ExprKind::Int(b)) = (&x.kind, &y.kind) {
            if let Some(r) = fold_int(&self.prog.types, op, *a, *b, ty, y.ty) {
                return mk(ty, span, ExprKind::Int(r));
            }
        }
        mk(ty, span, ExprKind::Arith(op, Box::new(x), Box::new(y)))
    }

    pub(super) fn compare(
        &mut self,
        op: CmpOp,
        x: Expr,
        y: Expr,
        op_text: &str,
        span: Span,
    ) -> Expr {
        if self.is_error(&x) || self.is_error(&y) {
            return self.poison(span);
        }
        let t = &self.prog.types;
        if (t.is_complex(x.ty) || t.is_complex(y.ty)) && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            self.type_error(
                span,
                format!("complex numbers are not ordered: `{op_text}` needs real operands"),
            )
            .help = Some("compare their `cabs` (magnitude) or their real parts".into());
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
}

/// A complex `+ - * /` of constants, as the runtime computes it (in float for
/// `float _Complex`).
fn fold_complex(op: ArithOp, x: (f64, f64), y: (f64, f64), single: bool) -> Option<(f64, f64)> {
    use crate::num::complex;
    let ((a, b), (c, d)) = (x, y);
    let r = match op {
        ArithOp::Add => (a + c, b + d),
        ArithOp::Sub => (a - c, b - d),
        ArithOp::Mul if single => {
            let (x, y) = complex::mul_f32(a as f32, b as f32, c as f32, d as f32);
            (f64::from(x), f64::from(y))
        }
        ArithOp::Mul => complex::mul_f64(a, b, c, d),
        ArithOp::Div if single => {
            let (x, y) = complex::div_f32(a as f32, b as f32, c as f32, d as f32);
            (f64::from(x), f64::from(y))
        }
        ArithOp::Div => complex::div_f64(a, b, c, d),
        _ => return None,
    };
    Some(if single {
        (f64::from(r.0 as f32), f64::from(r.1 as f32))
    } else {
        r
    })
}
