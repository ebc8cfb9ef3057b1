//! Assignments (simple and compound), increments and decrements, and the conditional
//! operator.

use super::*;

impl Checker<'_> {
    pub(super) fn incdec(&mut self, x: &ast::Expr, inc: bool, prefix: bool, span: Span) -> Expr {
        let lhs = self.expr(x);
        let what = if inc { "`++`" } else { "`--`" };
        if !self.check_modifiable(&lhs, what) {
            return self.poison(span);
        }
        if self
            .prog
            .types
            .pointee(lhs.ty)
            .is_some_and(|p| self.prog.types.is_vla(p.ty))
        {
            let one = mk(
                TypeId::LONG,
                span,
                ExprKind::Int(if inc { 1 } else { -1i64 as u64 }),
            );
            return self.vla_step(lhs, one, !prefix, span);
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

    pub(super) fn assign(
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
            if matches!(op, B::Add | B::Sub) && t.is_integer(rhs.ty) && t.is_vla(p.ty) {
                let rhs = self.convert(rhs, TypeId::LONG);
                let n = if op == B::Add {
                    rhs
                } else {
                    self.fold_unary(UnOp::Neg, rhs, span)
                };
                return self.vla_step(lhs, n, false, span);
            }
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

    pub(super) fn conditional(
        &mut self,
        c: &ast::Expr,
        a: &ast::Expr,
        b: &ast::Expr,
        span: Span,
    ) -> Expr {
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
}
