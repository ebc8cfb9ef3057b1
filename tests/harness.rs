//! Tests of the golden-file harness itself (`cmem test`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

fn fresh_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cmem-harness-{tag}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).expect("temp dir");
    d
}

const PROGRAM: &str = "#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n    int *p = malloc(sizeof *p);\n    *p = 4;\n    printf(\"%d\\n\", *p);\n    free(p);\n    return *p; //~ ERROR: use-after-free\n}\n";

/// `cmem test [--bless] DIR`: whether every case passed, and the report.
fn run(dir: &Path, bless: bool) -> (bool, String) {
    let path = dir.to_string_lossy().into_owned();
    let mut args = vec!["test", path.as_str()];
    if bless {
        args.push("--bless");
    }
    let out = common::cmem(dir, &args, b"");
    let report = String::from_utf8_lossy(&out.stdout).into_owned() + &out.stderr;
    (out.status == 0, report)
}

#[test]
fn bless_then_pass_then_a_changed_byte_fails_with_a_diff() {
    let d = fresh_dir("bless");
    fs::write(d.join("uaf.c"), PROGRAM).expect("write");
    let (ok, report) = run(&d, true);
    assert!(ok, "{report}");
    for ext in ["stdout", "stderr", "exit"] {
        assert!(
            d.join(format!("uaf.{ext}")).exists(),
            "bless writes uaf.{ext}"
        );
    }
    assert_eq!(
        fs::read_to_string(d.join("uaf.stdout")).expect("stdout"),
        "4\n"
    );
    assert_eq!(
        fs::read_to_string(d.join("uaf.exit")).expect("exit").trim(),
        "1"
    );
    assert!(
        !fs::read_to_string(d.join("uaf.c"))
            .expect("c")
            .contains("WARN"),
        "annotations are never written"
    );
    let (ok, report) = run(&d, false);
    assert!(ok, "{report}");
    assert!(report.ends_with("1 passed, 0 failed\n"), "{report}");
    // One changed byte in the expected stderr fails, with a unified diff.
    let stderr = fs::read_to_string(d.join("uaf.stderr")).expect("stderr");
    fs::write(
        d.join("uaf.stderr"),
        stderr.replacen("freed here", "freed hare", 1),
    )
    .expect("write");
    let (ok, report) = run(&d, false);
    assert!(!ok);
    assert!(report.contains("FAIL"), "{report}");
    assert!(
        report.contains("-") && report.contains("freed hare") && report.contains("@@"),
        "a unified diff:\n{report}"
    );
    assert!(report.ends_with("0 passed, 1 failed\n"), "{report}");
    // Blessing again repairs it.
    assert!(run(&d, true).0);
    assert!(run(&d, false).0);
}

#[test]
fn a_missing_annotation_fails() {
    let d = fresh_dir("missing");
    fs::write(
        d.join("t.c"),
        PROGRAM.replace(" //~ ERROR: use-after-free", ""),
    )
    .expect("write");
    let (ok, report) = run(&d, false);
    assert!(!ok);
    assert!(
        report.contains("unexpected error `use-after-free`"),
        "{report}"
    );
}

#[test]
fn a_wrong_line_annotation_fails() {
    let d = fresh_dir("wrongline");
    let src = PROGRAM
        .replace(" //~ ERROR: use-after-free", "")
        .replace("free(p);", "free(p); //~ ERROR: use-after-free");
    fs::write(d.join("t.c"), src).expect("write");
    let (ok, report) = run(&d, false);
    assert!(!ok);
    assert!(
        report.contains("line 7: expected ERROR: use-after-free"),
        "{report}"
    );
    // One failure says both places (not a missing and an unexpected one).
    assert!(report.contains("but it was reported at line 8"), "{report}");
    assert!(!report.contains("unexpected error"), "{report}");
}

#[test]
fn the_line_above_form_and_warnings() {
    let d = fresh_dir("above");
    let src = "#include <stdlib.h>\nint main(void) {\n    char *p = malloc(0);\n    //~^ WARN: zero-size-alloc\n    return p == 0;\n}\n";
    fs::write(d.join("t.c"), src).expect("write");
    let (ok, report) = run(&d, false);
    assert!(ok, "{report}");
    let src = src.replace("WARN: zero-size-alloc", "WARN: memory-leak");
    fs::write(d.join("t.c"), src).expect("write");
    assert!(!run(&d, false).0);
}

#[test]
fn absent_files_are_not_compared_and_the_cli_reports_counts() {
    let d = fresh_dir("cli");
    fs::write(
        d.join("a.c"),
        "#include <stdio.h>\nint main(void) { puts(\"a\"); return 0; }\n",
    )
    .expect("write");
    fs::write(d.join("a.stdout"), "a\n").expect("write");
    fs::write(d.join("b.c"), "int main(void) { return 3; }\n").expect("write");
    let out = common::cmem(&d, &["test", "."], b"");
    assert_eq!(out.status, 0, "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("2 passed, 0 failed\n"));
    fs::write(d.join("a.stdout"), "b\n").expect("write");
    let out = common::cmem(&d, &["test", "."], b"");
    assert_eq!(out.status, 1);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("FAIL") && text.contains("a.c") && text.ends_with("1 passed, 1 failed\n"),
        "{text}"
    );
    let out = common::cmem(&d, &["test", "--format", "json", "."], b"");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["failed"], 1);
}

#[test]
fn a_misspelt_annotation_fails_even_under_bless() {
    // `//~ EROR:` and an unknown code were silently ignored: they are errors now, with a
    // suggestion, and --bless (which writes the output files) does not hide them.
    let d = fresh_dir("misspelt");
    let src = PROGRAM.replace(
        "//~ ERROR: use-after-free",
        "//~ EROR: use-after-free\n//~ ERROR: use-after-fre",
    );
    fs::write(d.join("t.c"), src).expect("write");
    for bless in [false, true] {
        let (ok, report) = run(&d, bless);
        assert!(!ok, "{report}");
        assert!(report.contains("`EROR` is not a severity"), "{report}");
        assert!(
            report.contains(
                "`use-after-fre` is not a diagnostic code (did you mean `use-after-free`?)"
            ),
            "{report}"
        );
    }
    assert!(d.join("t.stderr").exists(), "bless still writes the files");
}

#[test]
fn json_failures_are_structured() {
    let d = fresh_dir("json");
    // Annotated on the wrong line, with an expected stdout that differs.
    fs::write(
        d.join("t.c"),
        PROGRAM.replace(
            "    return *p; //~ ERROR: use-after-free",
            "    return *p;\n    //~^^ ERROR: use-after-free",
        ),
    )
    .expect("write");
    fs::write(d.join("t.stdout"), "5\n").expect("write");
    let path = d.to_string_lossy().into_owned();
    let out = common::cmem(&d, &["test", "--format", "json", path.as_str()], b"");
    assert_eq!(out.status, 1);
    let line = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    let v: serde_json::Value = serde_json::from_str(&line).expect("a JSON line per test");
    let failures = v["failures"].as_array().expect("failures");
    let kind = |k: &str| failures.iter().find(|f| f["kind"] == k);
    let stdout = kind("stdout").expect("a stdout failure");
    assert_eq!(stdout["expected"], "5\n");
    assert_eq!(stdout["actual"], "4\n");
    let wrong = kind("wrong-line").expect("a wrong-line failure");
    assert_eq!(wrong["file"], "t.c");
    assert_eq!(wrong["line"], 7);
    assert_eq!(wrong["expected"], "ERROR: use-after-free at line 7");
    assert_eq!(wrong["actual"], "use-after-free at line 8");
    assert!(kind("unexpected-diagnostic").is_none(), "{line}");
}

#[test]
fn a_program_stopped_by_the_step_limit_is_a_timeout() {
    let d = fresh_dir("timeout");
    fs::write(
        d.join("t.c"),
        "//@ flags: --max-steps 1000\nint main(void) {\n    for (;;) {}\n}\n",
    )
    .expect("write");
    let path = d.to_string_lossy().into_owned();
    let out = common::cmem(&d, &["test", "--format", "json", path.as_str()], b"");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.contains("\"kind\":\"timeout\""), "{text}");
}
