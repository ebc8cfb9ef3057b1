//! Declaration specifiers and declarators: base types, struct/union/enum definitions,
//! pointer/array/function declarators and parameter lists.

use super::*;

impl<'a> Checker<'a> {
    pub(crate) fn specs(&mut self, specs: &ast::DeclSpecs, allow_storage: bool) -> Specs {
        use ast::TypeSpec as T;
        let mut storage = None;
        let mut quals = Quals::NONE;
        let mut k = Keywords::default();
        let mut named: Option<QualType> = None;
        let mut named_count = 0;
        let mut align: Option<u64> = None;
        let mut attr_align = 1u64;
        let mut thread_local = None;
        let mut packed = false;
        for (spec, span) in &specs.items {
            match spec {
                ast::DeclSpec::Storage(s) => {
                    if !allow_storage {
                        self.type_error(*span, "a storage class is not allowed here");
                    } else if *s == ast::Storage::ThreadLocal {
                        // One thread runs: its objects are the program's static ones.
                        thread_local = Some(*span);
                    } else if storage.is_some() {
                        self.type_error(*span, "more than one storage class in a declaration");
                    } else {
                        storage = Some(*s);
                    }
                }
                ast::DeclSpec::Qual(q) => match q {
                    ast::Qual::Const => quals.is_const = true,
                    ast::Qual::Volatile => quals.is_volatile = true,
                    ast::Qual::Restrict => {}
                    // With one thread of execution, every access is atomic.
                    ast::Qual::Atomic => {}
                },
                ast::DeclSpec::Inline | ast::DeclSpec::Noreturn => {}
                ast::DeclSpec::Alignas(a) => {
                    let asked = self.alignas(a, *span);
                    align = align.max(asked);
                }
                ast::DeclSpec::AlignedAttr(n) if self.name(*n) == "packed" => packed = true,
                ast::DeclSpec::AlignedAttr(n) => {
                    attr_align = attr_align.max(self.attr_alignment(*n));
                }
                ast::DeclSpec::Type(t) => match t {
                    T::Void => k.void += 1,
                    T::Char => k.char += 1,
                    T::Short => k.short += 1,
                    T::Int => k.int += 1,
                    T::Long => k.long += 1,
                    T::Float => k.float += 1,
                    T::Double => k.double += 1,
                    T::Signed => k.signed += 1,
                    T::Unsigned => k.unsigned += 1,
                    T::Bool => k.bool_ += 1,
                    T::Complex => k.complex += 1,
                    T::Struct(s) => {
                        named_count += 1;
                        named = Some(QualType::new(self.struct_spec(s)));
                    }
                    T::Enum(e) => {
                        named_count += 1;
                        named = Some(QualType::new(self.enum_spec(e)));
                    }
                    T::TypeofExpr(e) => {
                        named_count += 1;
                        // Only the type matters: the expression's code is dropped.
                        let v = self.expr(e);
                        named = Some(QualType::new(v.ty));
                    }
                    T::TypeofType(t) => {
                        named_count += 1;
                        named = Some(QualType::new(self.type_name(t)));
                    }
                    T::TypedefName(sym) => {
                        named_count += 1;
                        named = match self.lookup(*sym) {
                            Some(Binding::Typedef(q)) => Some(q),
                            _ => {
                                self.error(
                                    Code::Undeclared,
                                    *span,
                                    format!("unknown type name `{}`", self.name(*sym)),
                                );
                                Some(QualType::new(TypeId::INT))
                            }
                        };
                    }
                },
            }
        }
        let span = specs.span;
        let ty = if let Some(n) = named {
            if k.total() > 0 || named_count > 1 {
                self.type_error(span, "two or more data types in declaration specifiers");
            }
            QualType {
                ty: n.ty,
                quals: n.quals.union(quals),
            }
        } else {
            QualType {
                ty: self.basic_type(&k, span),
                quals,
            }
        };
        let natural = self.prog.types.align_of(ty.ty);
        if align.is_some_and(|a| a < natural) {
            let t = self.show(ty.ty);
            self.type_error(
                span,
                format!("`_Alignas` cannot make `{t}` less aligned than its {natural} bytes"),
            );
        }
        if let Some(span) = thread_local {
            match storage {
                None if !self.at_file_scope() => {
                    self.type_error(
                        span,
                        "`_Thread_local` in a block needs `static` or `extern` too",
                    )
                    .standard = Some("C11 §6.7.1p3");
                }
                None | Some(ast::Storage::Static | ast::Storage::Extern) => {}
                Some(_) => {
                    self.type_error(span, "`_Thread_local` with another storage class");
                }
            }
        }
        if attr_align > 1 && storage == Some(ast::Storage::Typedef) {
            self.aligned_typedef(specs.span);
        }
        // (`aligned` only ever increases an alignment: a smaller one is no error.)
        let align = align.max(Some(attr_align));
        Specs {
            ty,
            align: align.filter(|&a| a > natural),
            packed,
            storage,
            library: self.is_library_span(span),
        }
    }

    /// The N of an `__attribute__((aligned(N)))` (the preprocessor checked it is a power
    /// of two).
    pub(crate) fn attr_alignment(&self, n: Symbol) -> u64 {
        self.name(n).parse::<u64>().unwrap_or(1)
    }

    /// `__attribute__((aligned))` on a typedef makes an over-aligned variant of a type,
    /// which cmem's types do not have.
    pub(crate) fn aligned_typedef(&mut self, span: Span) {
        self.unsupported(span, "`__attribute__((aligned))` on a typedef");
    }

    /// The alignment `_Alignas(N)` or `_Alignas(type)` asks for: `None` for 0 (no effect)
    /// or an error (not a power of two, or beyond what cmem's objects have).
    fn alignas(&mut self, a: &ast::AlignAs, span: Span) -> Option<u64> {
        let n = match a {
            ast::AlignAs::Expr(e) => self.const_int_expr(e)?,
            ast::AlignAs::Type(t) => {
                let ty = self.type_name(t);
                return Some(self.prog.types.align_of(ty));
            }
        };
        if n == 0 {
            return None;
        }
        if n < 0 || !(n as u64).is_power_of_two() || n > 1 << 28 {
            self.type_error(
                span,
                format!("`_Alignas({n})`: an alignment is a power of two (up to 2^28)"),
            );
            return None;
        }
        Some(n as u64)
    }

    /// `_Complex` with `float` or `double` (alone: `double`, as gcc takes it).
    fn complex_type(&mut self, k: &Keywords, span: Span) -> TypeId {
        let rest = k.total() - k.complex;
        if k.complex > 1 {
            self.type_error(span, "duplicate `_Complex`");
        }
        if k.float == 1 && rest == 1 {
            TypeId::CFLOAT
        } else if k.double == 1 && k.long == 1 && rest == 2 {
            self.unsupported(span, "`long double _Complex`");
            TypeId::CDOUBLE
        } else if (k.double == 1 && rest == 1) || rest == 0 {
            TypeId::CDOUBLE
        } else if k.float + k.double == 0 {
            self.unsupported(span, "an integer `_Complex` type (a GNU extension)");
            TypeId::CDOUBLE
        } else {
            self.type_error(span, "invalid combination of type specifiers");
            TypeId::CDOUBLE
        }
    }

    /// The type the basic type keywords name (`unsigned long int`), or an error for a
    /// combination C does not have.
    fn basic_type(&mut self, k: &Keywords, span: Span) -> TypeId {
        if k.complex > 0 {
            return self.complex_type(k, span);
        }
        if k.signed > 0 && k.unsigned > 0 {
            self.type_error(
                span,
                "both `signed` and `unsigned` in declaration specifiers",
            );
        }
        let bad = |c: &mut Checker| {
            c.type_error(span, "invalid combination of type specifiers");
            TypeId::INT
        };
        if k.void > 0 {
            if k.total() != 1 {
                bad(self)
            } else {
                TypeId::VOID
            }
        } else if k.bool_ > 0 {
            if k.total() != 1 {
                bad(self)
            } else {
                TypeId::BOOL
            }
        } else if k.float > 0 {
            if k.total() != 1 {
                bad(self)
            } else {
                TypeId::FLOAT
            }
        } else if k.double > 0 {
            if k.long > 0 {
                if k.total() != 2 || k.long != 1 {
                    bad(self)
                } else {
                    TypeId::LDOUBLE
                }
            } else if k.total() != 1 {
                bad(self)
            } else {
                TypeId::DOUBLE
            }
        } else if k.char > 0 {
            if k.char > 1 || k.short + k.int + k.long > 0 {
                bad(self)
            } else if k.unsigned > 0 {
                TypeId::UCHAR
            } else if k.signed > 0 {
                TypeId::SCHAR
            } else {
                TypeId::CHAR
            }
        } else if k.short > 0 {
            if k.short > 1 || k.long > 0 || k.int > 1 {
                bad(self)
            } else if k.unsigned > 0 {
                TypeId::USHORT
            } else {
                TypeId::SHORT
            }
        } else if k.long > 0 {
            if k.long > 2 || k.int > 1 {
                bad(self)
            } else if k.long == 2 {
                if k.unsigned > 0 {
                    TypeId::ULLONG
                } else {
                    TypeId::LLONG
                }
            } else if k.unsigned > 0 {
                TypeId::ULONG
            } else {
                TypeId::LONG
            }
        } else if k.int > 1 {
            bad(self)
        } else if k.int > 0 || k.signed > 0 || k.unsigned > 0 {
            if k.unsigned > 0 {
                TypeId::UINT
            } else {
                TypeId::INT
            }
        } else {
            self.type_error(span, "missing type specifier").help =
                Some("C has no implicit `int`: write the type, e.g. `int`".into());
            TypeId::INT
        }
    }

    pub(super) fn struct_spec(&mut self, s: &ast::StructSpec) -> TypeId {
        let kw = if s.is_union { "union" } else { "struct" };
        let existing_here = s.tag.and_then(|t| {
            self.scopes
                .last()
                .and_then(|sc| sc.tags.get(&t.sym).map(|x| x.0))
        });
        let ty = match (&s.members, s.tag) {
            (None, Some(tag)) => {
                // A reference, or a forward declaration that introduces the tag.
                if let Some(t) = self.lookup_tag(tag.sym) {
                    self.check_tag_kind(t, s.is_union, tag);
                    return t;
                }
                let t = match self.linked_record(tag.sym, s.is_union) {
                    Some(t) => t,
                    None => self
                        .prog
                        .types
                        .new_record(Some(tag.sym), s.is_union, tag.span),
                };
                if let Some(sc) = self.scopes.last_mut() {
                    sc.tags.insert(tag.sym, (t, tag.span));
                }
                return t;
            }
            (None, None) => {
                self.type_error(s.span, format!("anonymous {kw} without a body"));
                return TypeId::INT;
            }
            (Some(_), Some(tag)) => match existing_here {
                Some(t)
                    if self.prog.types.record_of(t).is_some_and(|r| !r.complete)
                        && self.check_tag_kind(t, s.is_union, tag) =>
                {
                    t
                }
                Some(old) if self.declared_by_earlier_unit(tag.sym, old) => {
                    let t = self
                        .prog
                        .types
                        .new_record(Some(tag.sym), s.is_union, tag.span);
                    return self.same_as_earlier_unit(s, t, old, tag);
                }
                Some(t) => {
                    if self.prog.types.record_of(t).is_some() {
                        let prev = self
                            .scopes
                            .last()
                            .and_then(|sc| sc.tags.get(&tag.sym))
                            .map(|x| x.1)
                            .unwrap_or(tag.span);
                        let repl = self.repl && self.scopes.len() == 1;
                        let d = self
                            .type_error(
                                tag.span,
                                format!("redefinition of `{kw} {}`", self.name(tag.sym)),
                            )
                            .push_label(prev, "first defined here");
                        if repl {
                            d.help = Some(format!("a `{kw}` cannot change while variables and functions of the session use it: `:reset` starts the session over"));
                        }
                    }
                    let t = self
                        .prog
                        .types
                        .new_record(Some(tag.sym), s.is_union, tag.span);
                    if let Some(sc) = self.scopes.last_mut() {
                        sc.tags.insert(tag.sym, (t, tag.span));
                    }
                    t
                }
                None => {
                    let earlier = if self.at_file_scope() {
                        self.linked_record(tag.sym, s.is_union)
                    } else {
                        None
                    };
                    // An earlier unit's declaration of the tag, still incomplete, is
                    // completed by this definition.
                    let t = match earlier {
                        Some(t) if !self.prog.types.is_complete(t) => t,
                        _ => self
                            .prog
                            .types
                            .new_record(Some(tag.sym), s.is_union, tag.span),
                    };
                    if let Some(old) = earlier.filter(|&old| old != t) {
                        return self.same_as_earlier_unit(s, t, old, tag);
                    }
                    if let Some(sc) = self.scopes.last_mut() {
                        sc.tags.insert(tag.sym, (t, tag.span));
                    }
                    t
                }
            },
            (Some(_), None) => self.prog.types.new_record(None, s.is_union, s.span),
        };
        self.record_body(s, ty)
    }

    /// Lays out the members of a struct or union definition.
    fn record_body(&mut self, s: &ast::StructSpec, ty: TypeId) -> TypeId {
        let Some(members) = &s.members else { return ty };
        let Type::Record(rid) = *self.prog.types.get(ty) else {
            return ty;
        };
        if self.at_file_scope() {
            self.unit_records.insert(ty);
        }
        let fields = self.record_fields(members);
        let pack = s
            .packed
            .map(|n| self.name(n).parse::<u64>().unwrap_or(1).max(1));
        // A packed bit-field is accessed in the bytes it touches: one wider than 57 bits
        // may touch 9, which is not laid out.
        let packed_bits = |f: &MemberDecl| matches!((pack, f.width), (Some(_), Some(w)) if w > 57);
        if fields.iter().any(packed_bits) {
            self.unsupported(s.span, "this bit-field in a packed struct");
        }
        let min_align = s.aligned.iter().map(|&n| self.attr_alignment(n)).max();
        if let Err(size) = self
            .prog
            .types
            .complete_record(rid, fields, pack, min_align)
        {
            let t = self.show(ty);
            self.type_error(
                s.span,
                format!("`{t}` is too large: at least {size} bytes, more than any object may have"),
            );
        }
        ty
    }

    /// A struct or union defined at file scope that an earlier unit defined too: when the
    /// members agree it is the earlier unit's type (so both units' declarations of a
    /// function or object taking it agree), else a type of its own.
    fn same_as_earlier_unit(
        &mut self,
        s: &ast::StructSpec,
        new: TypeId,
        old: TypeId,
        tag: ast::Name,
    ) -> TypeId {
        self.record_body(s, new);
        let same = self.prog.types.linkable(old, new);
        let t = if same { old } else { new };
        self.unit_records.insert(t);
        if let Some(sc) = self.scopes.last_mut() {
            sc.tags.insert(tag.sym, (t, tag.span));
        }
        t
    }

    /// `t`, visible here as `tag`, is an earlier unit's complete struct or union that this
    /// unit has not defined yet (so this unit's definition is not a redefinition).
    fn declared_by_earlier_unit(&self, tag: Symbol, t: TypeId) -> bool {
        self.at_file_scope()
            && self.linked_tags.get(&tag) == Some(&t)
            && !self.unit_records.contains(&t)
            && self.prog.types.is_complete(t)
    }

    /// The struct or union an earlier translation unit declared with this tag at file scope.
    fn linked_record(&self, tag: Symbol, is_union: bool) -> Option<TypeId> {
        let t = *self.linked_tags.get(&tag)?;
        self.prog
            .types
            .record_of(t)
            .is_some_and(|r| r.is_union == is_union)
            .then_some(t)
    }

    /// The members of a struct or union body, each checked (a flexible array member
    /// becomes a zero-length array).
    fn record_fields(&mut self, members: &[ast::StructMember]) -> Vec<MemberDecl> {
        let mut names = std::collections::HashSet::new();
        let mut fields: Vec<MemberDecl> = Vec::new();
        // Bit-fields with a layout attribute: reported once for the struct.
        let mut attributed: Vec<crate::source::Span> = Vec::new();
        let field = |name, ty, span, align, packed| MemberDecl {
            name,
            ty,
            span,
            width: None,
            align,
            packed,
        };
        for m in members {
            let specs = self.specs(&m.specs, false);
            if m.declarators.is_empty() {
                // An anonymous struct/union member (C11), or a stray declaration.
                if self
                    .prog
                    .types
                    .record_of(specs.ty.ty)
                    .is_some_and(|r| r.tag.is_none())
                {
                    fields.push(field(None, specs.ty, m.span, specs.align, specs.packed));
                } else {
                    self.type_error(m.span, "declaration does not declare anything");
                }
                continue;
            }
            for md in &m.declarators {
                if let Some(w) = &md.bitfield {
                    if !md.aligned.is_empty() || specs.packed {
                        attributed.push(md.span);
                    }
                    if let Some(f) = self.bit_field(specs.ty, md, w, &mut names) {
                        fields.push(f);
                    }
                    continue;
                }
                let Some(d) = &md.declarator else { continue };
                let (name, fty) = self.declarator(specs.ty, d, false);
                let Some(name) = name else { continue };
                // (A set, not a scan of the fields: 100,000 members were quadratic.)
                if !names.insert(name.sym) {
                    self.type_error(
                        name.span,
                        format!("duplicate member `{}`", self.name(name.sym)),
                    );
                    continue;
                }
                if self.prog.types.is_function(fty.ty) {
                    self.type_error(
                        name.span,
                        format!("member `{}` declared as a function", self.name(name.sym)),
                    );
                    continue;
                }
                let flexible = matches!(self.prog.types.get(fty.ty), Type::Array(_, None));
                if flexible {
                    let elem = self
                        .prog
                        .types
                        .element(fty.ty)
                        .unwrap_or(QualType::new(TypeId::INT));
                    let zero = self.prog.types.array(elem, Some(0));
                    let ty = QualType {
                        ty: zero,
                        quals: fty.quals,
                    };
                    fields.push(field(
                        Some(name.sym),
                        ty,
                        name.span,
                        specs.align,
                        specs.packed,
                    ));
                    continue;
                }
                if !self.prog.types.is_complete(fty.ty) {
                    self.type_error(
                        name.span,
                        format!(
                            "member `{}` has incomplete type `{}`",
                            self.name(name.sym),
                            self.show(fty.ty)
                        ),
                    );
                    continue;
                }
                let mut packed = specs.packed;
                let mut align = specs.align;
                for &n in &md.aligned {
                    if self.name(n) == "packed" {
                        packed = true;
                    } else {
                        align = align.max(Some(self.attr_alignment(n)));
                    }
                }
                fields.push(field(Some(name.sym), fty, name.span, align, packed));
            }
        }
        if let Some(&first) = attributed.first() {
            let d = self.error(
                Code::Unsupported,
                first,
                "attributes that change a bit-field's layout (`packed`, `aligned`) are not supported by cmem",
            );
            if attributed.len() > 1 {
                d.notes.push(format!(
                    "{} bit-fields of this struct have one; this is the first",
                    attributed.len()
                ));
            }
            d.help = Some(
                "`#pragma pack` or `__attribute__((packed))` on the whole struct is supported"
                    .into(),
            );
        }
        fields
    }

    /// A bit-field member `type name : width` (or an unnamed one): an integer type, a
    /// constant width no larger than the type, and 0 only when unnamed.
    fn bit_field(
        &mut self,
        ty: QualType,
        md: &ast::MemberDeclarator,
        width: &ast::Expr,
        names: &mut std::collections::HashSet<Symbol>,
    ) -> Option<MemberDecl> {
        let (name, fty) = match &md.declarator {
            Some(d) => self.declarator(ty, d, false),
            None => (None, ty),
        };
        let shown = name.map_or_else(
            || "an unnamed bit-field".to_string(),
            |n| format!("bit-field `{}`", self.name(n.sym)),
        );
        if !self.prog.types.is_integer(fty.ty) {
            let t = self.show(fty.ty);
            self.type_error(
                md.span,
                format!("{shown} has type `{t}`, which is not an integer type"),
            );
            return None;
        }
        let bits = self.prog.types.size_of(fty.ty).unwrap_or(4) * 8;
        let w = self.const_int_expr(width)?;
        if w < 0 || w as u64 > bits {
            self.type_error(
                width.span,
                format!("the width of {shown} is {w}, but its type has {bits} bits"),
            );
            return None;
        }
        if w == 0 && name.is_some() {
            self.type_error(width.span, format!("{shown} has zero width"))
                .help = Some("only an unnamed bit-field (`int : 0;`) may have width 0".into());
            return None;
        }
        if fty.ty == TypeId::BOOL && w > 1 {
            self.type_error(
                width.span,
                format!("the width of {shown} is {w}, but `_Bool` has 1 bit"),
            );
            return None;
        }
        if let Some(n) = name {
            if !names.insert(n.sym) {
                self.type_error(n.span, format!("duplicate member `{}`", self.name(n.sym)));
                return None;
            }
        }
        Some(MemberDecl {
            name: name.map(|n| n.sym),
            ty: fty,
            span: name.map_or(md.span, |n| n.span),
            width: Some(w as u8),
            align: None,
            packed: false,
        })
    }

    pub(super) fn check_tag_kind(&mut self, t: TypeId, is_union: bool, tag: ast::Name) -> bool {
        let ok = match self.prog.types.get(t) {
            Type::Record(r) => self
                .prog
                .types
                .record(*r)
                .is_some_and(|r| r.is_union == is_union),
            _ => false,
        };
        if !ok {
            self.type_error(
                tag.span,
                format!(
                    "`{}` was declared as a different kind of tag",
                    self.name(tag.sym)
                ),
            );
        }
        ok
    }

    pub(super) fn enum_spec(&mut self, e: &ast::EnumSpec) -> TypeId {
        let Some(list) = &e.enumerators else {
            let Some(tag) = e.tag else { return TypeId::INT };
            if let Some(t) = self.lookup_tag(tag.sym) {
                return t;
            }
            // Forward reference to an enum (a GNU extension); treat as int-compatible.
            let t = self.prog.types.new_enum(Some(tag.sym), tag.span);
            if let Some(sc) = self.scopes.last_mut() {
                sc.tags.insert(tag.sym, (t, tag.span));
            }
            return t;
        };
        let ty = self.prog.types.new_enum(e.tag.map(|t| t.sym), e.span);
        if let Some(tag) = e.tag {
            if let Some(sc) = self.scopes.last_mut() {
                sc.tags.insert(tag.sym, (ty, tag.span));
            }
        }
        let mut next: i64 = 0;
        let mut any_negative = false;
        for en in list {
            let value = match &en.value {
                Some(expr) => match self.const_int_expr(expr) {
                    Some(v) => v,
                    None => next,
                },
                None => next,
            };
            if value < i64::from(i32::MIN) || value > i64::from(u32::MAX) {
                self.type_error(en.name.span, "enumerator value does not fit in `int`");
            }
            any_negative |= value < 0;
            self.bind(en.name.sym, Binding::EnumConst(value), en.name.span);
            next = value.wrapping_add(1);
        }
        if let Type::Enum(id) = *self.prog.types.get(ty) {
            if let Some(def) = self.prog.types.enums.get_mut(id.0 as usize) {
                def.complete = true;
                def.unsigned = !any_negative;
            }
        }
        ty
    }

    /// Applies a declarator to a base type. `param` adjusts arrays and functions to pointers.
    pub(crate) fn declarator(
        &mut self,
        base: QualType,
        d: &ast::Declarator,
        param: bool,
    ) -> (Option<ast::Name>, QualType) {
        let mut ty = base;
        let mut cur = d;
        loop {
            match &cur.kind {
                ast::DeclaratorKind::Name(n) => {
                    if param {
                        ty = self.adjust_param(ty);
                    }
                    return (*n, ty);
                }
                ast::DeclaratorKind::Pointer(quals, inner) => {
                    let p = self.prog.types.pointer(ty);
                    let mut q = Quals::NONE;
                    for x in quals {
                        match x {
                            ast::Qual::Const => q.is_const = true,
                            ast::Qual::Volatile => q.is_volatile = true,
                            _ => {}
                        }
                    }
                    ty = QualType { ty: p, quals: q };
                    cur = inner;
                }
                ast::DeclaratorKind::Array(inner, size) => {
                    if self.prog.types.is_function(ty.ty) {
                        self.type_error(cur.span, "declaration of an array of functions");
                    }
                    let t = &self.prog.types;
                    // (A parameter's inner `[*]` is an element of unknown length.)
                    let fine = t.is_complete(ty.ty)
                        || t.is_vla(ty.ty)
                        || t.is_function(ty.ty)
                        || (param && t.is_array(ty.ty));
                    if !fine {
                        self.type_error(
                            cur.span,
                            format!("array has incomplete element type `{}`", self.show(ty.ty)),
                        );
                    }
                    let outermost = matches!(inner.kind, ast::DeclaratorKind::Name(_));
                    let mut variable = None;
                    let len = match size {
                        None => None,
                        // A parameter's outer length goes with the adjustment to a pointer
                        // (`int a[n]` after `int n`: the length names an earlier parameter).
                        Some(_) if param && outermost => None,
                        Some(e) => {
                            let mark = self.diags.len();
                            match self.const_int_expr(e) {
                                // In a prototype (or before the parameters are in scope), a
                                // parameter's variable length is `[*]`: unknown.
                                _ if param && !self.vla_params && self.diags.len() > mark => {
                                    self.diags.truncate(mark);
                                    None
                                }
                                None if param && !self.vla_params => None,
                                Some(n) if n < 0 => {
                                    self.type_error(e.span, "array size is negative");
                                    Some(1)
                                }
                                Some(n) => Some(n as u64),
                                None if self.diags.len() > mark => Some(1),
                                // Computed at run time (see `vla.rs`).
                                None if self.func.is_some() => {
                                    variable = Some(e);
                                    None
                                }
                                None => {
                                    self.error(
                                        Code::Unsupported,
                                        e.span,
                                        "a variable-length array outside a function is not allowed",
                                    )
                                    .standard = Some("C11 §6.7.6.2p2");
                                    Some(1)
                                }
                            }
                        }
                    };
                    if let (Some(n), Some(es)) = (len, self.prog.types.size_of(ty.ty)) {
                        if n.checked_mul(es).is_none_or(|s| s > (1 << 31)) {
                            self.type_error(cur.span, "array is too large");
                        }
                    }
                    let elem = ty;
                    ty = QualType::new(match variable {
                        Some(e) => self.vla_type(elem, e, cur.span),
                        None => self.prog.types.array(elem, len),
                    });
                    cur = inner;
                }
                ast::DeclaratorKind::Function(inner, params) => {
                    if self.prog.types.is_function(ty.ty) || self.prog.types.is_array(ty.ty) {
                        self.type_error(
                            cur.span,
                            "a function cannot return a function or an array",
                        );
                        ty = QualType::new(TypeId::INT);
                    }
                    let sig = self.param_types(params, ty.ty);
                    ty = QualType::new(self.prog.types.function(sig));
                    cur = inner;
                }
            }
        }
    }

    pub(super) fn adjust_param(&mut self, ty: QualType) -> QualType {
        match self.prog.types.get(ty.ty).clone() {
            Type::Array(elem, _) | Type::Vla(elem, _) => QualType {
                ty: self.prog.types.pointer(elem),
                quals: ty.quals,
            },
            Type::Function(_) => QualType::new(self.prog.types.pointer_to(ty.ty)),
            _ => ty,
        }
    }

    pub(super) fn param_types(&mut self, params: &ast::Params, ret: TypeId) -> FnSig {
        match params.kind {
            ast::ParamsKind::Empty => {
                return FnSig {
                    ret,
                    params: Vec::new(),
                    variadic: false,
                    prototyped: false,
                }
            }
            ast::ParamsKind::Identifiers => {
                // An old-style definition: its parameters' types come from the declarations
                // before its body. It is checked as a prototype, which gives the values a
                // correct call gives (arguments converted to the parameters' types).
                let params = match self.knr_types.take() {
                    Some(types) => types,
                    None => {
                        self.type_error(params.span, "a parameter list without types is allowed only in a function definition");
                        Vec::new()
                    }
                };
                return FnSig {
                    ret,
                    params,
                    variadic: false,
                    prototyped: true,
                };
            }
            ast::ParamsKind::Prototype => {}
        }
        let mut out = Vec::new();
        for (i, p) in params.list.iter().enumerate() {
            let specs = self.specs(&p.specs, true);
            if let Some(s) = specs.storage {
                if s != ast::Storage::Register {
                    self.type_error(p.span, "invalid storage class for a parameter");
                }
            }
            let (name, ty) = self.declarator(specs.ty, &p.declarator, true);
            if ty.ty == TypeId::VOID {
                if params.list.len() == 1 && name.is_none() && i == 0 && !params.variadic {
                    return FnSig {
                        ret,
                        params: Vec::new(),
                        variadic: false,
                        prototyped: true,
                    };
                }
                self.type_error(p.span, "a parameter cannot have type `void`");
                continue;
            }
            out.push(ty.ty);
        }
        FnSig {
            ret,
            params: out,
            variadic: params.variadic,
            prototyped: true,
        }
    }
}

/// How often each basic type keyword appears in declaration specifiers.
#[derive(Default)]
struct Keywords {
    void: u32,
    char: u32,
    short: u32,
    int: u32,
    long: u32,
    float: u32,
    double: u32,
    signed: u32,
    unsigned: u32,
    bool_: u32,
    complex: u32,
}

impl Keywords {
    fn total(&self) -> u32 {
        self.void
            + self.char
            + self.short
            + self.int
            + self.long
            + self.float
            + self.double
            + self.signed
            + self.unsigned
            + self.bool_
            + self.complex
    }
}
