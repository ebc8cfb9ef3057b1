//! Bad input never crashes cmem: each gets a diagnostic (or runs), never a panic, a hang or
//! a Rust stack overflow. Constructs outside the C subset are `unsupported` with a span.

mod common;

use std::path::Path;

fn run_text(dir: &Path, name: &str, bytes: &[u8]) -> common::Output {
    std::fs::write(dir.join(name), bytes).expect("write test input");
    common::cmem(dir, &["run", "--format", "json", name], b"")
}

fn tempdir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("cmem-robust-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// The run ended with a diagnostic of `code` and cmem's error status, and did not panic.
fn assert_diag(out: &common::Output, code: &str) {
    assert!(
        !out.stderr.contains("internal error") && !out.stderr.contains("panicked"),
        "cmem crashed:\n{}",
        out.stderr
    );
    let diags = common::json_diagnostics(&out.stderr);
    assert!(
        diags.iter().any(|d| d.0 == code),
        "expected a `{code}` diagnostic, got {diags:?}\n{}",
        out.stderr
    );
    assert_eq!(out.status, 1, "exit status after an error");
}

#[test]
fn empty_file() {
    let d = tempdir("empty");
    assert_diag(&run_text(&d, "empty.c", b""), "undeclared");
}

#[test]
fn binary_file() {
    let d = tempdir("binary");
    let mut bytes = b"\x7fELF\x02\x01\x01\0\0\0".to_vec();
    bytes.extend((0..4000u32).map(|i| (i * 7919 % 251) as u8));
    assert_diag(&run_text(&d, "binary.c", &bytes), "syntax-error");
    // Invalid UTF-8 without NUL bytes too.
    assert_diag(
        &run_text(
            &d,
            "latin1.c",
            b"int main(void) { return 0; } /* caf\xe9 */",
        ),
        "syntax-error",
    );
}

#[test]
fn garbage() {
    let d = tempdir("garbage");
    assert_diag(
        &run_text(
            &d,
            "garbage.c",
            b"@#$%^&*!~`\n ;;; }}} int int ( ] \"unterminated\n'x",
        ),
        "syntax-error",
    );
}

#[test]
fn ten_thousand_nested_parentheses() {
    let d = tempdir("parens");
    let src = format!(
        "int main(void) {{ return {}0{}; }}",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    assert_diag(&run_text(&d, "parens.c", src.as_bytes()), "unsupported");
}

#[test]
fn ten_thousand_nested_blocks() {
    let d = tempdir("blocks");
    let src = format!(
        "int main(void) {}return 0;{}",
        "{".repeat(10_001),
        "}".repeat(10_001)
    );
    assert_diag(&run_text(&d, "blocks.c", src.as_bytes()), "unsupported");
}

#[test]
fn deep_unary_and_long_binary_chains() {
    let d = tempdir("chains");
    let src = format!(
        "int main(void) {{ int x = 1; return {}x; }}",
        "- ".repeat(100_000)
    );
    assert_diag(&run_text(&d, "unary.c", src.as_bytes()), "unsupported");
    let src = format!(
        "int main(void) {{ int x = 0; x = {}; return x; }}",
        vec!["1"; 50_000].join(" + ")
    );
    assert_diag(&run_text(&d, "sum.c", src.as_bytes()), "unsupported");
    // A long but reasonable chain still runs.
    let src = format!(
        "int main(void) {{ int x = 0; x = {}; return x - 1000; }}",
        vec!["1"; 1000].join(" + ")
    );
    let out = run_text(&d, "ok_sum.c", src.as_bytes());
    assert_eq!(out.status, 0, "{}", out.stderr);
}

#[test]
fn five_megabyte_source_runs() {
    let d = tempdir("big");
    let mut src = String::from("#include <stdio.h>\n");
    let mut i = 0;
    while src.len() < 5_000_000 {
        src.push_str(&format!("static int f{i}(int x) {{ int y = x * {} + {i}; if (y > 100) y -= 7; return y ^ {}; }}\n", i % 97, i % 13));
        i += 1;
    }
    src.push_str("int main(void) { long s = 0;");
    for j in (0..i).step_by(997) {
        src.push_str(&format!(" s += f{j}({j});"));
    }
    src.push_str(" printf(\"%ld\\n\", s); return 0; }\n");
    let out = run_text(&d, "big.c", src.as_bytes());
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(!out.stdout.is_empty());
}

#[test]
fn runaway_programs_stop_with_a_diagnostic() {
    let d = tempdir("runaway");
    std::fs::write(d.join("loop.c"), "int main(void) { for (;;) {} }").expect("write");
    let out = common::cmem(
        &d,
        &[
            "run",
            "--format",
            "json",
            "--max-steps",
            "1000000",
            "loop.c",
        ],
        b"",
    );
    assert_diag(&out, "step-limit");
    std::fs::write(
        d.join("rec.c"),
        "int f(int n) { return f(n + 1) + 1; } int main(void) { return f(0); }",
    )
    .expect("write");
    let out = common::cmem(&d, &["run", "--format", "json", "rec.c"], b"");
    assert_diag(&out, "stack-overflow");
}

#[test]
fn unsupported_constructs_are_named() {
    let d = tempdir("unsupported");
    let cases: &[(&str, &str)] = &[
        (
            "packed_member_bitfield",
            "struct s { char c; int a : 3 __attribute__((packed)); }; int main(void) { return 0; }",
        ),
        (
            "packed_wide_bitfield",
            "#pragma pack(1)\nstruct s { char c; long long a : 60; }; int main(void) { return 0; }",
        ),
        (
            "aligned_typedef",
            "typedef int wide __attribute__((aligned(16))); int main(void) { return 0; }",
        ),
        (
            "aligned_expression",
            "struct s { char c; int a __attribute__((aligned(sizeof(long)))); }; int main(void) { return 0; }",
        ),
        (
            "wprintf",
            "#include <wchar.h>\nint main(void) { wprintf(L\"x\"); return 0; }",
        ),
        (
            "threads",
            "#include <threads.h>\nint main(void) { return 0; }",
        ),
        (
            "va_arg_struct",
            "#include <stdarg.h>\nstruct p { int x; };\nint f(int n, ...) { va_list ap; va_start(ap, n); struct p v = va_arg(ap, struct p); va_end(ap); return v.x; }\nint main(void) { return 0; }",
        ),
        (
            "complex_long_double",
            "int main(void) { long double _Complex z; return 0; }",
        ),
        (
            "stmt_expr_struct",
            "struct p { int x; }; int main(void) { struct p v = ({ struct p t = {1}; t; }); return v.x; }",
        ),
        ("asm", "int main(void) { asm(\"nop\"); return 0; }"),
        (
            "system",
            "#include <stdlib.h>\nint main(void) { return system(\"ls\"); }",
        ),
        (
            "getenv",
            "#include <stdlib.h>\nint main(void) { return getenv(\"HOME\") == 0; }",
        ),
        (
            "unistd",
            "#include <unistd.h>\nint main(void) { return 0; }",
        ),
    ];
    for (name, src) in cases {
        let out = run_text(&d, &format!("{name}.c"), src.as_bytes());
        let diags = common::json_diagnostics(&out.stderr);
        assert!(
            diags.iter().any(|x| x.0 == "unsupported"),
            "{name}: expected `unsupported`, got {diags:?}\n{}",
            out.stderr
        );
        assert_eq!(out.status, 1, "{name}");
    }
}

#[test]
fn compile_errors_are_all_reported_with_codes() {
    let d = tempdir("compile");
    let src = "#include <stdio.h>\nstruct p { int x; };\nint main(void) {\n  int a = \"s\";\n  struct p v;\n  v.y = 1;\n  undefined_var = 2;\n  puts(3);\n  return v;\n}\n";
    let out = run_text(&d, "errors.c", src.as_bytes());
    let diags = common::json_diagnostics(&out.stderr);
    let lines: Vec<(String, u32)> = diags.iter().map(|d| (d.0.clone(), d.1)).collect();
    for expected in [
        ("type-error", 4),
        ("type-error", 6),
        ("undeclared", 7),
        ("type-error", 8),
        ("type-error", 9),
    ] {
        assert!(
            lines.contains(&(expected.0.to_string(), expected.1)),
            "missing {expected:?} in {lines:?}"
        );
    }
    let out = run_text(
        &d,
        "syntax.c",
        b"int main(void) {\n  int x = 3\n  return x;\n}\n",
    );
    let diags = common::json_diagnostics(&out.stderr);
    assert_eq!(
        diags.first().map(|d| (d.0.as_str(), d.1)),
        Some(("syntax-error", 2)),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("expected `;`"), "{}", out.stderr);
}
