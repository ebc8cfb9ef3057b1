//! Layouts and conversions checked against gcc's x86-64 values.
use super::*;
use crate::source::FileId;

fn rec(t: &mut Types, fields: &[TypeId]) -> TypeId {
    let id = t.new_record(None, false, Span::default());
    let Type::Record(r) = *t.get(id) else {
        unreachable!()
    };
    t.complete_record(
        r,
        fields
            .iter()
            .map(|f| MemberDecl {
                name: None,
                ty: QualType::new(*f),
                span: Span::new(FileId(0), 0, 0),
                width: None,
                align: None,
                packed: false,
            })
            .collect(),
        None,
        None,
    )
    .unwrap();
    id
}

#[test]
fn sizes_match_gcc_x86_64() {
    let mut t = Types::new();
    assert_eq!(t.size_of(TypeId::CHAR), Some(1));
    assert_eq!(t.size_of(TypeId::SHORT), Some(2));
    assert_eq!(t.size_of(TypeId::INT), Some(4));
    assert_eq!(t.size_of(TypeId::LONG), Some(8));
    assert_eq!(t.size_of(TypeId::LLONG), Some(8));
    assert_eq!(t.size_of(TypeId::FLOAT), Some(4));
    assert_eq!(t.size_of(TypeId::DOUBLE), Some(8));
    assert_eq!(t.size_of(TypeId::VOID_PTR), Some(8));
    assert_eq!(t.size_of(TypeId::BOOL), Some(1));
    // The structs of the corpus' ok_sizeof.c, with gcc's answers.
    let ci = rec(&mut t, &[TypeId::CHAR, TypeId::INT]);
    let cdc = rec(&mut t, &[TypeId::CHAR, TypeId::DOUBLE, TypeId::CHAR]);
    let ic = rec(&mut t, &[TypeId::INT, TypeId::CHAR]);
    let ccc = rec(&mut t, &[TypeId::CHAR, TypeId::CHAR, TypeId::CHAR]);
    let sc = rec(&mut t, &[TypeId::SHORT, TypeId::CHAR]);
    let lcp = rec(&mut t, &[TypeId::LONG, TypeId::CHAR, TypeId::CHAR_PTR]);
    assert_eq!(t.size_of(ci), Some(8));
    assert_eq!(t.size_of(cdc), Some(24));
    assert_eq!(t.size_of(ic), Some(8));
    assert_eq!(t.size_of(ccc), Some(3));
    assert_eq!(t.size_of(sc), Some(4));
    assert_eq!(t.size_of(lcp), Some(24));
    assert_eq!(t.record_of(ci).unwrap().fields[1].offset, 4);
    let u = t.new_record(None, true, Span::default());
    let Type::Record(r) = *t.get(u) else {
        unreachable!()
    };
    t.complete_record(
        r,
        [TypeId::CHAR, TypeId::INT, TypeId::DOUBLE]
            .iter()
            .map(|f| MemberDecl {
                name: None,
                ty: QualType::new(*f),
                span: Span::default(),
                width: None,
                align: None,
                packed: false,
            })
            .collect(),
        None,
        None,
    )
    .unwrap();
    assert_eq!(t.size_of(u), Some(8));
    let a = t.array(QualType::new(TypeId::INT), Some(5));
    let a2 = t.array(QualType::new(a), Some(3));
    assert_eq!(t.size_of(a2), Some(60));
}

#[test]
fn usual_arithmetic_conversions() {
    let t = Types::new();
    assert_eq!(t.usual_arithmetic(TypeId::CHAR, TypeId::UCHAR), TypeId::INT);
    assert_eq!(t.usual_arithmetic(TypeId::INT, TypeId::UINT), TypeId::UINT);
    assert_eq!(t.usual_arithmetic(TypeId::LONG, TypeId::UINT), TypeId::LONG);
    assert_eq!(
        t.usual_arithmetic(TypeId::ULONG, TypeId::INT),
        TypeId::ULONG
    );
    assert_eq!(
        t.usual_arithmetic(TypeId::LLONG, TypeId::ULONG),
        TypeId::ULLONG
    );
    assert_eq!(
        t.usual_arithmetic(TypeId::INT, TypeId::FLOAT),
        TypeId::FLOAT
    );
    assert_eq!(
        t.usual_arithmetic(TypeId::FLOAT, TypeId::DOUBLE),
        TypeId::DOUBLE
    );
    assert_eq!(t.promote(TypeId::USHORT), TypeId::INT);
}

#[test]
fn display_uses_c_syntax() {
    let mut t = Types::new();
    let i = Interner::new();
    let pa = {
        let a = t.array(QualType::new(TypeId::INT), Some(3));
        t.pointer_to(a)
    };
    assert_eq!(t.display(pa, &i), "int (*)[3]");
    let f = t.function(FnSig {
        ret: TypeId::INT,
        params: vec![TypeId::INT, TypeId::INT],
        variadic: false,
        prototyped: true,
    });
    let fp = t.pointer_to(f);
    assert_eq!(t.display(fp, &i), "int (*)(int, int)");
    assert_eq!(t.display(TypeId::CONST_CHAR_PTR, &i), "const char *");
    let cp = t.pointer(QualType {
        ty: TypeId::CHAR_PTR,
        quals: Quals::CONST,
    });
    assert_eq!(t.display(cp, &i), "char *const *");
}
