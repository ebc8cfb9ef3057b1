//! Variable-length arrays and the types made from them (C11 6.7.6.2): a length that is
//! not a constant is evaluated where its declaration is reached, into a hidden local
//! holding the size in bytes of the array type (`Type::Vla`). Sizes, subscripts and
//! pointer arithmetic on such types read that local (`runtime_size`), so `int a[n][m]`,
//! `int (*p)[m]`, `typedef int row[m]` and a parameter `int a[n][m]` all work alike.
//!
//! The statements that compute the sizes are queued in `vla_stmts` while a declarator is
//! read, and placed by the declaration (or statement, or function body) that read it,
//! before anything that uses them.

use super::*;
use crate::sema::expr::mk;
use crate::sema::types::VlaId;

impl Checker<'_> {
    /// The type `elem[len]` where `len` is not a constant: queues the statement that checks
    /// `len` and computes the size.
    pub(crate) fn vla_type(&mut self, elem: QualType, len: &ast::Expr, span: Span) -> TypeId {
        let Some(func) = self.func.as_ref().map(|f| f.id.0) else {
            return TypeId::ERROR;
        };
        let n = self.value(len);
        if self.is_error(&n) {
            return TypeId::ERROR;
        }
        if !self.prog.types.is_integer(n.ty) {
            let t = self.show(n.ty);
            self.type_error(
                len.span,
                format!("the length of an array has type `{t}`, not an integer type"),
            );
            return TypeId::ERROR;
        }
        let n = self.convert(n, TypeId::LONG);
        let elem_size = self.runtime_size(elem.ty, span);
        let size = self.new_local(
            Symbol(0),
            QualType::new(TypeId::ULONG),
            span,
            LocalKind::Var,
        );
        // (A bad length is reported at its expression.)
        let call = self.internal_call(
            Builtin::VlaSize,
            TypeId::ULONG,
            vec![n, elem_size],
            len.span,
        );
        self.vla_stmts.push(Stmt {
            kind: StmtKind::Init(size, Init::Expr(call)),
            span,
        });
        self.prog
            .types
            .intern(Type::Vla(elem, VlaId { func, size: size.0 }))
    }

    /// The size of `ty` in bytes as an expression: a constant, or computed from the sizes
    /// its variable-length arrays were given.
    pub(crate) fn runtime_size(&mut self, ty: TypeId, span: Span) -> Expr {
        let ulong = |kind| mk(TypeId::ULONG, span, kind);
        if let Some(s) = self.prog.types.size_of(ty) {
            return ulong(ExprKind::Int(s));
        }
        match *self.prog.types.get(ty) {
            Type::Vla(_, id) => {
                let local = ulong(ExprKind::Local(LocalId(id.size)));
                ulong(ExprKind::Load(Box::new(local)))
            }
            Type::Array(elem, Some(n)) => {
                let each = self.runtime_size(elem.ty, span);
                let count = ulong(ExprKind::Int(n));
                ulong(ExprKind::Arith(
                    ArithOp::Mul,
                    Box::new(count),
                    Box::new(each),
                ))
            }
            _ => ulong(ExprKind::Int(1)),
        }
    }

    /// `p + i` where `p` points to `elem` (a variable-length array type): the index scaled
    /// by the run-time size.
    pub(crate) fn vla_ptr_add(&mut self, p: Expr, i: Expr, elem: TypeId, span: Span) -> Expr {
        let i = self.convert(i, TypeId::LONG);
        let size = self.runtime_size(elem, span);
        let size = self.convert(size, TypeId::LONG);
        // (Wrapping: an overflow here is a pointer far out of bounds, which the access reports.)
        let i = self.convert(i, TypeId::ULONG);
        let size = self.convert(size, TypeId::ULONG);
        let bytes = mk(
            TypeId::ULONG,
            span,
            ExprKind::Arith(ArithOp::Mul, Box::new(i), Box::new(size)),
        );
        let bytes = self.convert(bytes, TypeId::LONG);
        mk(
            p.ty,
            span,
            ExprKind::PtrAdd(Box::new(p), Box::new(bytes), 1),
        )
    }

    /// `p += n` (with `old`: `p++`, whose value is the old pointer) where `p` points to a
    /// variable-length array type: `p` designated once, through a temporary pointer to it.
    pub(crate) fn vla_step(&mut self, lhs: Expr, n: Expr, old: bool, span: Span) -> Expr {
        let p_ty = lhs.ty;
        let Some(elem) = self.prog.types.pointee(p_ty) else {
            return self.poison(span);
        };
        let pp_ty = self.prog.types.pointer(QualType::new(p_ty));
        let local = |l: LocalId, ty| mk(ty, span, ExprKind::Local(l));
        let load = |e: Expr| mk(e.ty, span, ExprKind::Load(Box::new(e)));
        let assign = |l: Expr, r: Expr| mk(l.ty, span, ExprKind::Assign(Box::new(l), Box::new(r)));
        let comma = |a: Expr, b: Expr| mk(b.ty, span, ExprKind::Comma(Box::new(a), Box::new(b)));
        // `*t`, where `t = &p`.
        let target = |t: LocalId| mk(p_ty, span, ExprKind::Deref(Box::new(load(local(t, pp_ty)))));
        self.mark_address_taken(&lhs);
        let t = self.new_local(Symbol(0), QualType::new(pp_ty), span, LocalKind::Temp);
        let at = assign(
            local(t, pp_ty),
            mk(pp_ty, span, ExprKind::AddrOf(Box::new(lhs))),
        );
        if old {
            let o = self.new_local(Symbol(0), QualType::new(p_ty), span, LocalKind::Temp);
            let keep = assign(local(o, p_ty), load(target(t)));
            let moved = self.vla_ptr_add(load(local(o, p_ty)), n, elem.ty, span);
            let store = assign(target(t), moved);
            comma(at, comma(keep, comma(store, load(local(o, p_ty)))))
        } else {
            let moved = self.vla_ptr_add(load(target(t)), n, elem.ty, span);
            comma(at, assign(target(t), moved))
        }
    }

    /// The statements queued by the declarators read since the last call.
    pub(crate) fn take_vla_stmts(&mut self) -> Vec<Stmt> {
        std::mem::take(&mut self.vla_stmts)
    }

    /// `e` preceded by the queued size computations (a type name in an expression:
    /// `sizeof(int[n])`, a cast to `int (*)[m]`).
    pub(crate) fn with_vla_stmts(&mut self, e: Expr) -> Expr {
        let stmts = self.take_vla_stmts();
        if stmts.is_empty() {
            return e;
        }
        let span = e.span;
        let block = Stmt {
            kind: StmtKind::Block(stmts),
            span,
        };
        mk(e.ty, span, ExprKind::StmtExpr(Box::new(block), Box::new(e)))
    }

    /// An object of a variable-length array type `ty`: a pointer local to storage allocated
    /// where the declaration is reached (a stack object of the frame: it dies when the
    /// function returns, or when the declaration is reached again). Its name designates
    /// the storage, with type `ty`.
    pub(crate) fn declare_vla_object(
        &mut self,
        name: ast::Name,
        ty: QualType,
        specs: Specs,
        init: Option<&ast::Initializer>,
    ) -> Vec<Stmt> {
        let why = if self.at_file_scope() || self.func.is_none() {
            Some("a variable-length array outside a function")
        } else if matches!(
            specs.storage,
            Some(ast::Storage::Static | ast::Storage::Extern)
        ) {
            Some("a `static` or `extern` variable-length array")
        } else if init.is_some() {
            Some("an initializer for a variable-length array")
        } else {
            None
        };
        if let Some(why) = why {
            let d = self.error(
                Code::Unsupported,
                name.span,
                format!("{why} is not allowed"),
            );
            d.standard = Some("C11 §6.7.6.2p2, §6.7.9p3");
            return Vec::new();
        }
        self.check_redeclared_in_block(name);
        let span = name.span;
        let elem = self
            .prog
            .types
            .element(ty.ty)
            .unwrap_or(QualType::new(TypeId::INT));
        let ptr_ty = self.prog.types.pointer(elem);
        let lid = self.new_local(name.sym, QualType::new(ptr_ty), span, LocalKind::Var);
        self.bind(name.sym, Binding::Local(lid), span);
        if let Some(f) = self.func.as_mut() {
            f.vla_objects.insert(lid, ty.ty);
        }
        let size = self.runtime_size(ty.ty, span);
        let id = mk(TypeId::UINT, span, ExprKind::Int(u64::from(lid.0)));
        let alloc = self.internal_call(Builtin::VlaAlloc, ptr_ty, vec![size, id], span);
        vec![Stmt {
            kind: StmtKind::Init(lid, Init::Expr(alloc)),
            span,
        }]
    }
}
