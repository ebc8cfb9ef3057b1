//! The golden-file suites, run through the same harness as `cmem test`:
//! * `tests/ui/<code>/`: at least one case per diagnostic code, with the full human
//!   rendering (`.stderr`), the program's output and exit status;
//! * `tests/programs/`: programs covering SPEC §4, whose `.stdout` was made by gcc;
//! * `tests/corpus/`: the shared corpus (annotated bug and clean programs).
//!
//! Rewrite the expected files after an intended change with `CMEM_BLESS=1 cargo test`.

mod common;

use std::path::PathBuf;

/// Runs `cmem test DIR` (with `--bless` under `CMEM_BLESS=1`) and requires every case to pass.
fn suite(dir: &str) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var_os("CMEM_BLESS").is_some_and(|v| !v.is_empty() && v != "0");
    let mut args = vec!["test", dir];
    if bless {
        args.push("--bless");
    }
    let out = common::cmem(&root, &args, b"");
    let report = String::from_utf8_lossy(&out.stdout);
    let last = report.lines().last().unwrap_or_default().to_string();
    assert!(
        out.status == 0 && last.ends_with(" 0 failed"),
        "cases in {dir} failed:\n{report}{}",
        out.stderr
    );
    assert!(!last.starts_with("0 passed"), "no cases in {dir}: {last}");
}

#[test]
fn ui() {
    suite("tests/ui");
}

#[test]
fn programs() {
    suite("tests/programs");
}

#[test]
fn corpus() {
    suite("tests/corpus");
}

#[test]
fn examples() {
    suite("examples");
}
