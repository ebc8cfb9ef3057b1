//! Names, literals, members and lvalues: what an identifier designates, string and number
//! literals, member access, qualifiers and modifiability.

use super::*;

impl Checker<'_> {
    pub(super) fn ident(&mut self, sym: crate::source::Symbol, span: Span) -> Expr {
        let binding = self.lookup(sym);
        if let Some(b @ (Binding::Global(_) | Binding::Func(_))) = binding {
            self.mark_used(sym, b, span);
        }
        match binding {
            Some(Binding::Local(l)) => {
                // A variable-length array: its storage, through the pointer local.
                if let Some(&vla) = self.func.as_ref().and_then(|f| f.vla_objects.get(&l)) {
                    let ptr_ty = self.func.as_ref().map_or(TypeId::ERROR, |f| {
                        f.locals.get(l.0 as usize).map_or(TypeId::ERROR, |l| l.ty)
                    });
                    let local = mk(ptr_ty, span, ExprKind::Local(l));
                    let ptr = mk(ptr_ty, span, ExprKind::Load(Box::new(local)));
                    return mk(vla, span, ExprKind::Deref(Box::new(ptr)));
                }
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

    pub(super) fn func_name(&mut self, span: Span) -> Expr {
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

    pub(super) fn number(&mut self, text: String, span: Span) -> Expr {
        if literal::is_float_text(&text) {
            return match literal::parse_float(&text) {
                Ok(f) if f.imaginary && f.is_long => {
                    self.unsupported(span, "`long double _Complex`");
                    self.poison(span)
                }
                Ok(f) if f.imaginary => {
                    let ty = if f.is_float {
                        TypeId::CFLOAT
                    } else {
                        TypeId::CDOUBLE
                    };
                    mk(ty, span, ExprKind::Complex(0.0, f.value))
                }
                Ok(f) if f.is_long => match crate::num::F80::parse(&text[..text.len() - 1]) {
                    Some(x) => mk(TypeId::LDOUBLE, span, ExprKind::F80(x)),
                    None => {
                        self.error(Code::SyntaxError, span, "invalid floating constant");
                        self.poison(span)
                    }
                },
                Ok(f) => {
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
                    ExprKind::Int(crate::sema::check::truncate_to(&self.prog.types, v, ty)),
                )
            }
            Err(msg) => {
                self.error(Code::SyntaxError, span, msg);
                self.poison(span)
            }
        }
    }

    pub(super) fn elem_size(&mut self, elem: TypeId, span: Span) -> Option<u64> {
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

    pub(super) fn member(&mut self, base: Expr, name: ast::Name, span: Span) -> Expr {
        let base_quals = self.lvalue_quals(&base);
        let Some((offset, fty, bits)) = self.find_field(base.ty, name.sym) else {
            let t = self.show(base.ty);
            let complete = self
                .prog
                .types
                .record_of(base.ty)
                .is_some_and(|r| r.complete);
            if complete {
                self.no_member(base.ty, name);
            } else {
                self.type_error(
                    name.span,
                    format!("`{t}` is an incomplete type (its members are not known here)"),
                );
            }
            return self.poison(span);
        };
        let _ = base_quals;
        let member = mk(
            fty.ty,
            span,
            ExprKind::Member(Box::new(base), offset, fty.quals),
        );
        match bits {
            Some(bf) => mk(fty.ty, span, ExprKind::Bits(Box::new(member), bf)),
            None => member,
        }
    }

    /// Finds a member by name, looking into anonymous struct/union members.
    pub(crate) fn find_field(
        &self,
        rec_ty: TypeId,
        sym: crate::source::Symbol,
    ) -> Option<(u64, QualType, Option<BitField>)> {
        let rec = self.prog.types.record_of(rec_ty)?;
        for f in &rec.fields {
            if f.name == Some(sym) {
                return Some((f.offset, f.ty, f.bits));
            }
            if f.name.is_none() && f.bits.is_none() {
                if let Some((off, ty, bits)) = self.find_field(f.ty.ty, sym) {
                    return Some((f.offset + off, ty, bits));
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
            ExprKind::Bits(m, _) => self.lvalue_quals(m),
            ExprKind::Str(_) => Quals::NONE,
            _ => Quals::NONE,
        }
    }

    /// Checks that `e` is a modifiable lvalue (C11 6.3.2.1p1).
    pub(super) fn check_modifiable(&mut self, e: &Expr, what: &str) -> bool {
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

    pub(super) fn record_has_const(&self, ty: TypeId) -> bool {
        self.prog.types.record_of(ty).is_some_and(|r| {
            r.fields
                .iter()
                .any(|f| f.ty.quals.is_const || self.record_has_const(f.ty.ty))
        })
    }

    pub(crate) fn mark_address_taken(&mut self, e: &Expr) {
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

    /// `ty` has no member `name`.
    pub(crate) fn no_member(&mut self, ty: TypeId, name: ast::Name) {
        let t = self.show(ty);
        let member = self.interner.resolve(name.sym);
        self.type_error(name.span, format!("`{t}` has no member named `{member}`"));
    }
}
