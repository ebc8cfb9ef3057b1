//! The golden-file suites, run through the same harness as `cmem test`:
//! * `tests/ui/<code>/`: at least one case per diagnostic code, with the full human
//!   rendering (`.stderr`), the program's output and exit status;
//! * `tests/programs/`: programs covering SPEC §4, whose `.stdout` was made by gcc;
//! * `tests/corpus/`: the shared corpus (annotated bug and clean programs).
//!
//! Rewrite the expected files after an intended change with `CMEM_BLESS=1 cargo test`.

use std::path::PathBuf;

fn suite(dir: &str) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir);
    let bless = std::env::var_os("CMEM_BLESS").is_some_and(|v| !v.is_empty() && v != "0");
    let mut report = Vec::new();
    let (passed, failed) =
        cmem::testing::run_suite(&[root], bless, false, &mut report).expect("the suite runs");
    let report = String::from_utf8_lossy(&report);
    assert!(
        failed == 0,
        "{failed} of {} cases in {dir} failed:\n{report}",
        passed + failed
    );
    assert!(passed > 0, "no cases in {dir}");
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
