//! Limits and adversarial input (SPEC §1): every runaway program stops with a diagnostic
//! within seconds, deep nesting in the source is a diagnostic (never a Rust stack
//! overflow), big inputs and allocation-heavy programs run in bounded memory, and a C
//! program cannot reach the host.

mod common;

use std::path::{Path, PathBuf};

use cmem::driver::{compile, execute, Options, SourceFile};
use cmem::eval::builtins::Io;

fn tempdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cmem-limits-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// Runs a program. No test here bounds wall-clock time (CI machines are busy): a runaway
/// is stopped by a limit, and the limit is what the test checks.
fn run(dir: &Path, name: &str, src: &str, args: &[&str]) -> (common::Output, ()) {
    std::fs::write(dir.join(name), src).expect("write");
    let mut argv = vec!["run", "--format", "json"];
    argv.extend_from_slice(args);
    argv.push(name);
    (common::cmem(dir, &argv, b""), ())
}

fn codes(out: &common::Output) -> Vec<String> {
    common::json_diagnostics(&out.stderr)
        .into_iter()
        .map(|d| d.0)
        .collect()
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "runs the default step budget: release builds only"
)]
fn an_endless_loop_stops_at_the_default_step_limit() {
    let d = tempdir("loop");
    let (out, ()) = run(&d, "loop.c", "int main(void) { for (;;) {} }", &[]);
    assert_eq!(codes(&out), ["step-limit"], "{}", out.stderr);
    assert_eq!(out.status, 1);
}

#[test]
fn step_limit_is_configurable() {
    let d = tempdir("steps");
    let src = "int main(void) { long n = 0; while (1) n++; }";
    let (out, _) = run(&d, "w.c", src, &["--max-steps", "100000"]);
    assert_eq!(codes(&out), ["step-limit"], "{}", out.stderr);
    // A loop with a big switch counts the case that ran, not the whole body.
    let src = "int main(void) { long acc = 0;
        for (int i = 0; i < 30000; i++) {
            switch (i % 4) {
            case 0: acc += 1; acc *= 3; acc %= 1000; acc += 5; acc -= 2; acc ^= 7; break;
            case 1: acc += 2; acc *= 5; acc %= 1000; acc += 5; acc -= 2; acc ^= 7; break;
            case 2: acc += 3; acc *= 7; acc %= 1000; acc += 5; acc -= 2; acc ^= 7; break;
            default: acc += 4; acc *= 9; acc %= 1000; acc += 5; acc -= 2; acc ^= 7; break;
            }
        }
        return acc < 0; }";
    let (out, _) = run(&d, "sw.c", src, &["--max-steps", "1500000"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
}

#[test]
fn deep_recursion_is_a_stack_overflow_not_a_crash() {
    let d = tempdir("rec");
    let src = "int f(int n) { int local[4]; local[0] = n; return f(n + 1) + local[0]; }
               int main(void) { return f(0); }";
    let (out, ()) = run(&d, "rec.c", src, &[]);
    assert_eq!(codes(&out), ["stack-overflow"], "{}", out.stderr);
    let (out, _) = run(&d, "rec2.c", src, &["--stack-limit", "50"]);
    assert!(out.stderr.contains("50"), "{}", out.stderr);
}

#[test]
fn malloc_beyond_the_heap_limit_returns_null() {
    let d = tempdir("heap");
    let src = "#include <stdio.h>\n#include <stdlib.h>\nint main(void) {
        char *big = malloc(5000000000UL);
        char *a = malloc(30000); char *b = malloc(30000);
        printf(\"%d %d %d\\n\", big == NULL, a != NULL, b != NULL);
        free(a); free(b); return 0; }";
    let (out, _) = run(&d, "h.c", src, &[]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "1 1 1\n",
        "{}",
        out.stderr
    );
    let (out, _) = run(&d, "h2.c", src, &["--heap-limit", "50000"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "1 1 0\n",
        "{}",
        out.stderr
    );
}

#[test]
fn endless_output_stops_at_the_output_limit() {
    let d = tempdir("output");
    let src = "#include <stdio.h>\nint main(void) { for (;;) puts(\"spam spam spam\"); }";
    let (out, ()) = run(&d, "spam.c", src, &["--output-limit", "100000"]);
    assert_eq!(codes(&out), ["output-limit"], "{}", out.stderr);
    assert!(out.stdout.len() <= 100_000, "{} bytes", out.stdout.len());
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "writes 64 MiB through the interpreter: release builds only"
)]
fn endless_output_stops_at_the_default_output_limit() {
    let d = tempdir("output-default");
    let src = "#include <stdio.h>\nint main(void) { for (;;) puts(\"spam spam spam\"); }";
    let (out, ()) = run(&d, "spam.c", src, &[]);
    assert_eq!(codes(&out), ["output-limit"], "{}", out.stderr);
}

#[test]
fn hundred_thousand_nested_parentheses_blocks_and_unary_operators() {
    let d = tempdir("nesting");
    let n = 100_000;
    let cases = [
        (
            "parens.c",
            format!(
                "int main(void) {{ return {}0{}; }}",
                "(".repeat(n),
                ")".repeat(n)
            ),
        ),
        (
            "blocks.c",
            format!("int main(void) {}return 0;{}", "{".repeat(n), "}".repeat(n)),
        ),
        (
            "unary.c",
            format!("int main(void) {{ int x = 1; return {}x; }}", "-".repeat(n)),
        ),
        (
            "not.c",
            format!("int main(void) {{ int x = 1; return {}x; }}", "!".repeat(n)),
        ),
        (
            "index.c",
            format!(
                "int main(void) {{ int a[1]; return a{}; }}",
                "[0]".repeat(n)
            ),
        ),
        (
            "macro.c",
            format!(
                "#define P(x) (x)\nint main(void) {{ return {}0{}; }}",
                "P(".repeat(n / 10),
                ")".repeat(n / 10)
            ),
        ),
    ];
    for (name, src) in &cases {
        let (out, ()) = run(&d, name, src, &[]);
        let c = codes(&out);
        assert!(
            !c.is_empty() && out.status == 1,
            "{name}: {c:?} {}",
            out.stderr
        );
        assert!(
            !out.stderr.contains("internal error"),
            "{name}: {}",
            out.stderr
        );
    }
}

#[test]
fn ten_megabyte_source_runs() {
    let d = tempdir("ten-mb");
    let mut src = String::from("#include <stdio.h>\n");
    let mut i = 0;
    while src.len() < 10_000_000 {
        src.push_str(&format!(
            "static int f{i}(int x) {{ int y = x * {} + {i}; if (y > 100) y -= 7; return y ^ {}; }}\n",
            i % 97,
            i % 13
        ));
        i += 1;
    }
    src.push_str("int main(void) { long s = 0;");
    for j in (0..i).step_by(4999) {
        src.push_str(&format!(" s += f{j}({j});"));
    }
    src.push_str(" printf(\"%ld\\n\", s); return 0; }\n");
    let (out, ()) = run(&d, "big.c", &src, &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(!out.stdout.is_empty());
}

/// Ten million allocations (each freed) leave a bounded number of allocation entries:
/// unnamed tombstones are collected.
#[test]
fn ten_million_allocations_run_in_bounded_memory() {
    let n: u64 = if cfg!(debug_assertions) {
        1_500_000
    } else {
        10_000_000
    };
    let src = format!(
        "#include <stdlib.h>
        int main(void) {{
            long sum = 0;
            for (long i = 0; i < {n}L; i++) {{
                int *p = malloc(sizeof *p); *p = (int)(i & 7); sum += *p; free(p);
            }}
            return sum != {}L;
        }}",
        (0..8u64).sum::<u64>() * (n / 8)
    );
    let fe = compile(
        vec![SourceFile::new("many.c", None, src.into_bytes())],
        &Options::default(),
    );
    assert!(!fe.has_errors());
    let io = Io::new(
        Box::new(std::io::sink()),
        Box::new(std::io::sink()),
        Box::new(std::io::empty()),
    );
    let report = execute(&fe, &Options::default(), io, "many");
    assert_eq!(
        report.status,
        Some(0),
        "{:?}",
        report.diagnostics.first().map(|d| &d.message)
    );
    // At most the collection threshold (2^18) of tombstones, twice over, plus the program.
    let entries = report.machine.mem.slot_count();
    assert!(
        entries < 600_000,
        "{entries} allocation entries for {n} allocations"
    );
}

/// After a collection, a use after free through a pointer still held is reported with
/// both sites (its tombstone was kept).
#[test]
fn use_after_free_is_still_explained_after_collections() {
    let d = tempdir("uaf-gc");
    let src = "#include <stdlib.h>\n#include <stdio.h>\nint main(void) {
        int *old = malloc(sizeof *old); *old = 1; free(old);
        for (long i = 0; i < 700000; i++) { char *p = malloc(3); p[0] = 1; free(p); }
        printf(\"%d\\n\", *old); return 0; }";
    let (out, _) = run(&d, "uaf.c", src, &[]);
    assert_eq!(codes(&out), ["use-after-free"], "{}", out.stderr);
    let human = common::cmem(&d, &["run", "uaf.c"], b"");
    assert!(human.stderr.contains("freed here"), "{}", human.stderr);
    assert!(human.stderr.contains("allocated here"), "{}", human.stderr);
}

/// The sandbox: nothing of the host but stdin, stdout, stderr and the files of the
/// program's folder (`tests/sandbox.rs`); no processes, no environment, no other includes.
#[test]
fn the_host_is_unreachable() {
    let d = tempdir("sandbox");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::write(d.join("secret.h"), "int secret = 42;\n").unwrap();
    let host_calls = [
        (
            "system",
            "#include <stdlib.h>\nint main(void) { return system(\"id\"); }",
        ),
        (
            "getenv",
            "#include <stdlib.h>\nint main(void) { return getenv(\"HOME\") != 0; }",
        ),
        (
            "popen",
            "#include <stdio.h>\nint main(void) { return popen(\"id\", \"r\") != 0; }",
        ),
        (
            "unistd",
            "#include <unistd.h>\nint main(void) { return fork(); }",
        ),
        (
            "socket",
            "#include <sys/socket.h>\nint main(void) { return 0; }",
        ),
        (
            "absolute_include",
            "#include \"/etc/passwd\"\nint main(void) { return 0; }",
        ),
        (
            "parent_include",
            "#include \"../secret.h\"\nint main(void) { return secret; }",
        ),
    ];
    for (name, src) in host_calls {
        let file = format!("sub/{name}.c");
        let (out, _) = run(&d, &file, src, &[]);
        let c = codes(&out);
        assert!(
            c.iter()
                .any(|c| c == "unsupported" || c == "undeclared" || c == "syntax-error"),
            "{name}: {c:?} {}",
            out.stderr
        );
        assert_eq!(out.status, 1, "{name}");
        assert!(out.stdout.is_empty(), "{name} ran");
    }
    // A folder given with -I may be read.
    let (out, _) = run(
        &d,
        "sub/allowed.c",
        "#include \"secret.h\"\nint main(void) { return secret == 42 ? 0 : 1; }",
        &["-I", d.to_str().unwrap()],
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
}

/// Crashes of cmem itself, now diagnostics: a `#if` with millions of `~` (the Rust stack),
/// printf widths and precisions near `INT_MAX` or 2^63 (an aborting allocation, a capacity
/// panic, Rust's formatter's precision limit).
#[test]
fn hostile_inputs_are_diagnostics_not_crashes() {
    let d = tempdir("crashes");
    let tildes = "~".repeat(5_000_000);
    let src = format!("#if {tildes}1\n#endif\nint main(void) {{ return 0; }}\n");
    // (Over the default token budget: raised, so the nesting bound is what is tested.)
    let (out, ()) = run(&d, "tilde.c", &src, &["--max-tokens", "20000000"]);
    assert_eq!(codes(&out), ["syntax-error"], "{}", out.stderr);
    for (name, fmt, code) in [
        ("w1.c", "%9223372036854775807c", "output-limit"),
        ("w2.c", "%99999999999999999999d", "output-limit"),
        ("w3.c", "%*d", "output-limit"),
        ("p1.c", "%.2000000d", "output-limit"),
        ("pos.c", "%1$*1$d", "output-limit"),
    ] {
        let src = format!(
            "#include <stdio.h>\n#include <limits.h>\nint main(void) {{ printf(\"{fmt}\\n\", INT_MAX, 1); return 0; }}\n"
        );
        let (out, ()) = run(&d, name, &src, &["--output-limit", "1000000"]);
        assert_eq!(codes(&out), [code], "{fmt}: {}", out.stderr);
    }
    // glibc prints these in full; so does cmem.
    let src = "#include <stdio.h>\nint main(void) { printf(\"%.65536f|%.70000e\\n\", 1.0, 2.0); return 0; }\n";
    let (out, ()) = run(&d, "prec.c", src, &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(out.stdout.len(), 65538 + 1 + 70006 + 1);
}

/// An `atexit` handler that registers itself again meets the step limit (every call from
/// outside the program's code counts).
#[test]
fn an_atexit_handler_that_reregisters_itself_stops() {
    let d = tempdir("atexit");
    let src = "#include <stdlib.h>\nvoid again(void) { atexit(again); }\nint main(void) { atexit(again); return 0; }\n";
    let (out, ()) = run(&d, "again.c", src, &["--max-steps", "1000"]);
    assert_eq!(codes(&out), ["step-limit"], "{}", out.stderr);
    let (out, ()) = run(&d, "again2.c", src, &[]);
    assert_eq!(codes(&out), ["step-limit"], "{}", out.stderr);
}

/// A warning repeated in a loop is one report, and reports are capped.
#[test]
fn diagnostics_are_bounded() {
    let d = tempdir("diags");
    let src = "#include <stdlib.h>\nint main(void) { for (int i = 0; i < 100000; i++) { void *p = malloc(0); (void)p; } return 0; }\n";
    let (out, ()) = run(&d, "zero.c", src, &[]);
    assert_eq!(codes(&out), ["zero-size-alloc"], "{}", out.stderr);
    let mut src = String::from("int main(void) {\n");
    for i in 0..5000 {
        src.push_str(&format!("    int x{i} = nope{i};\n"));
    }
    src.push_str("    return 0;\n}\n");
    let (out, ()) = run(&d, "many.c", &src, &[]);
    let c = codes(&out);
    assert_eq!(c.len(), 101, "{:?}", &c[..3.min(c.len())]);
    assert_eq!(c.last().map(String::as_str), Some("diagnostic-limit"));
}

/// Objects over the 2 GiB limit are a clear diagnostic at their declaration (they were
/// `invalid-pointer`, `null-dereference` or a stack overflow "of 0 calls").
#[test]
fn objects_over_two_gib_are_named_at_their_declaration() {
    let d = tempdir("big-objects");
    let record = "struct a { char x[1 << 30]; char y[1 << 30]; char z[1 << 30]; };\n";
    for (name, body) in [
        (
            "local.c",
            "int main(void) { struct a big; big.x[0] = 1; return big.x[0]; }",
        ),
        (
            "static.c",
            "static struct a big;\nint main(void) { big.x[0] = 1; return big.x[0]; }",
        ),
    ] {
        let (out, ()) = run(&d, name, &format!("{record}{body}\n"), &[]);
        assert_eq!(codes(&out), ["unsupported"], "{name}: {}", out.stderr);
        assert!(out.stderr.contains("too large"), "{name}: {}", out.stderr);
        assert!(out.stderr.contains("\"line\":2"), "{name}: {}", out.stderr);
    }
}

/// Preprocessing has a work budget: a doubling macro that expands to nothing produces no
/// tokens, so only counting expansions stops it (it never finished).
#[test]
fn a_macro_bomb_meets_the_preprocessing_budget() {
    let d = tempdir("pp-bomb");
    let mut src = String::from("#define E0\n");
    for i in 1..=50 {
        src.push_str(&format!("#define E{i} E{p} E{p}\n", p = i - 1));
    }
    src.push_str("E50\nint main(void) { return 0; }\n");
    let (out, ()) = run(&d, "bomb.c", &src, &["--max-pp-work", "100000"]);
    assert_eq!(codes(&out), ["unsupported"], "{}", out.stderr);
    assert!(out.stderr.contains("--max-pp-work"), "{}", out.stderr);
    // A header included twice at every level is read once, and its inclusions counted.
    for i in 0..40 {
        let body = if i < 39 {
            format!("#include \"h{n}.h\"\n#include \"h{n}.h\"\n", n = i + 1)
        } else {
            String::new()
        };
        std::fs::write(d.join(format!("h{i}.h")), body).expect("write");
    }
    let (out, ()) = run(
        &d,
        "inc.c",
        "#include \"h0.h\"\nint main(void) { return 0; }\n",
        &["--max-pp-work", "100000"],
    );
    assert_eq!(codes(&out), ["unsupported"], "{}", out.stderr);
}

/// Inputs that were quadratic (13 to 112 s) run in a fraction of a second: 300,000 `*` in
/// a declarator, 100,000 array dimensions, a `switch` of 100,000 cases, a struct of
/// 100,000 members, a buffer grown by `realloc` a byte at a time a million times, a chain
/// of 30,000 macros. (No
/// clock here: a slow path shows in the test run's time.)
#[test]
#[cfg_attr(debug_assertions, ignore = "large inputs: release builds only")]
fn formerly_quadratic_inputs_run() {
    let d = tempdir("quadratic");
    let stars = format!(
        "int main(void) {{ int {}p = 0; return 0; }}\n",
        "*".repeat(300_000)
    );
    let dims = format!(
        "int main(void) {{ static char a{}; return sizeof a - 1; }}\n",
        "[1]".repeat(100_000)
    );
    let mut sw = String::from("int main(void) { int x = 3, y = 0; switch (x) {\n");
    for i in 0..100_000 {
        sw.push_str(&format!("case {i}: y = {i}; break;\n"));
    }
    sw.push_str("} return y != 3; }\n");
    let mut members = String::from("struct s {\n");
    for i in 0..100_000 {
        members.push_str(&format!("int m{i};\n"));
    }
    members.push_str("};\nint main(void) { struct s v; v.m99999 = 1; return v.m99999 - 1; }\n");
    let grow = "#include <stdlib.h>
        int main(void) {
            char *p = NULL;
            for (int i = 1; i <= 1000000; i++) {
                char *q = realloc(p, i);
                if (!q) return 2;
                p = q; p[i - 1] = (char)i;
            }
            int ok = p[999999] == (char)1000000 && p[0] == 1;
            free(p);
            return !ok;
        }"
    .to_string();
    // Each macro expands to the previous one: hide sets of 1 to 30,000 macros (they were
    // copied per set: 3.7 GB).
    let mut chain = String::from("#define M0 1\n");
    for i in 1..30_000 {
        chain.push_str(&format!("#define M{i} M{}\n", i - 1));
    }
    chain.push_str("int main(void) { return M29999 - 1; }\n");
    for (name, src) in [
        ("chain.c", chain),
        ("stars.c", stars),
        ("dims.c", dims),
        ("switch.c", sw),
        ("members.c", members),
        ("grow.c", grow),
    ] {
        let (out, ()) = run(&d, name, &src, &[]);
        assert_eq!(out.status, 0, "{name}: {}", out.stderr);
    }
}

/// One memory budget covers every kind of object: 20 frames each with a 100 MiB local,
/// two 300 MiB initialised statics, and 30 million leaked one-byte blocks (each costing
/// far more than its byte) all meet `--heap-limit` (default 1 GiB) and are reported as
/// `memory-limit`, instead of taking gigabytes.
#[test]
#[cfg_attr(debug_assertions, ignore = "large inputs: release builds only")]
fn every_kind_of_object_meets_the_memory_limit() {
    let d = tempdir("memory");
    let locals = "void f(int n) { char a[100 << 20]; a[0] = 1; if (n) f(n - 1); }
        int main(void) { f(20); return 0; }";
    let (out, ()) = run(&d, "locals.c", locals, &[]);
    assert_eq!(codes(&out), ["memory-limit"], "{}", out.stderr);
    assert_eq!(out.status, 1);
    let statics = "static char a[300 << 20] = {1}; static char b[300 << 20] = {1};
        int main(void) { return a[0] + b[0] - 2; }";
    let (out, ()) = run(&d, "statics.c", statics, &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let (out, ()) = run(&d, "statics.c", statics, &["--heap-limit", "500000000"]);
    assert_eq!(codes(&out), ["memory-limit"], "{}", out.stderr);
    let blocks = "#include <stdlib.h>
        int main(void) { for (long i = 0; i < 30000000; i++) malloc(1); return 0; }";
    let (out, ()) = run(&d, "blocks.c", blocks, &[]);
    assert_eq!(
        codes(&out),
        ["memory-limit", "memory-leak"],
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("30000000 blocks"),
        "the limit stopped the allocations early: {}",
        out.stderr
    );
}

/// Library calls count against the step budget by the work they do, so a runaway loop
/// of allocations stops as soon as one of instructions would.
#[test]
fn library_calls_count_their_work_as_steps() {
    let d = tempdir("libsteps");
    let src = |n: u32| {
        format!(
            "#include <stdlib.h>\n#include <string.h>
            int main(void) {{
                char buf[4096];
                for (int i = 0; i < {n}; i++) {{
                    char *p = malloc(8); free(p);
                    memset(buf, i, sizeof buf);
                }}
                return buf[0] != (char)({n} - 1);
            }}"
        )
    };
    // Each iteration: two allocation calls (40 steps each), a 4096-byte memset (512
    // steps, one per 8 bytes) and a few instructions: about 600 steps.
    let (out, ()) = run(&d, "ten.c", &src(10), &["--max-steps", "10000"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let (out, ()) = run(&d, "hundred.c", &src(100), &["--max-steps", "10000"]);
    assert_eq!(codes(&out), ["step-limit"], "{}", out.stderr);
}

/// The front end's memory is bounded by a token budget (`--max-tokens`, default 5
/// million: about 150 bytes a token at most): ten megabytes of `;` (which took 12 s and
/// 4 GB) is refused at once, naming the flag; empty statements cost nothing below it.
#[test]
#[cfg_attr(debug_assertions, ignore = "large inputs: release builds only")]
fn the_token_budget_bounds_the_front_end() {
    let d = tempdir("tokens");
    let semis = format!(
        "int main(void) {{ {} return 0; }}\n",
        ";".repeat(10_000_000)
    );
    let (out, ()) = run(&d, "semis.c", &semis, &[]);
    assert_eq!(codes(&out), ["unsupported"], "{}", out.stderr);
    assert!(out.stderr.contains("--max-tokens"), "{}", out.stderr);
    let (out, ()) = run(&d, "semis.c", &semis, &["--max-tokens", "20000000"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let small = "int main(void) { int x = 1; x += 2; return x - 3; }";
    let (out, ()) = run(&d, "small.c", small, &["--max-tokens", "10"]);
    assert_eq!(codes(&out), ["unsupported"], "{}", out.stderr);
    let (out, ()) = run(&d, "small.c", small, &["--max-tokens", "100"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
}

/// Rendering a report costs the size of its snippet, not of the file: 20,000 type errors
/// in one file, all shown (31 s when each report rescanned the file).
#[test]
#[cfg_attr(debug_assertions, ignore = "large inputs: release builds only")]
fn rendering_many_reports_is_linear() {
    let d = tempdir("render");
    let mut src = String::from("int main(void) {\n");
    for i in 0..20_000 {
        src.push_str(&format!("    int *p{i} = 1.5;\n"));
    }
    src.push_str("    return 0;\n}\n");
    std::fs::write(d.join("many.c"), &src).expect("write");
    let out = common::cmem(&d, &["run", "--max-diagnostics", "100000", "many.c"], b"");
    assert_eq!(out.stderr.matches("type-error").count(), 20_000);
    // The last report shows its own line, numbered as in the file.
    assert!(
        out.stderr.contains("20001 │     int *p19999 = 1.5;"),
        "{}",
        &out.stderr[out.stderr.len() - 600..]
    );
}

#[test]
fn a_million_member_pointers_stay_within_a_small_heap_limit_and_keep_their_bounds() {
    // Each `a[i].name` is a pointer bounded to that member (a view); views no pointer
    // names are collected, so 900,000 of them fit in 24 MiB next to the 9.6 MB array,
    // and the last overflow is still reported as the member's.
    let d = tempdir("views");
    let src = "#include <stdio.h>\n#include <string.h>\n#include <stdlib.h>
        struct rec { int id; char name[12]; };
        int main(void) {
            int n = 600000;
            struct rec *a = malloc(n * sizeof *a);
            long total = 0;
            for (int i = 0; i < 900000; i++) {
                char *p = a[i % n].name;
                p[0] = 'a'; p[1] = 0;
                total += strlen(p);
            }
            printf(\"%ld\\n\", total);
            char *q = a[5].name;
            q[12] = 1;
            free(a);
            return 0;
        }";
    let (out, _) = run(&d, "v.c", src, &["--heap-limit", "25165824"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "900000\n",
        "{}",
        out.stderr
    );
    assert_eq!(codes(&out), ["out-of-bounds"], "{}", out.stderr);
    assert!(out.stderr.contains("a[5].name"), "{}", out.stderr);
}
