//! Inputs the fuzzers (`scripts/fuzz.sh`, `fuzz/`) turned up, and generated programs kept
//! as smoke tests: each must finish under the fuzzers' limits with diagnostics or output —
//! never a panic, a hang or a Rust stack overflow.

mod common;

#[test]
fn fuzz_inputs_never_crash() {
    let dir = common::manifest_dir().join("tests/fuzz");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fuzz exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let failures = common::parallel(&files, |path| {
        let name = path.file_name().unwrap().to_str().unwrap();
        let out = common::cmem(
            &dir,
            &[
                "run",
                "--max-steps",
                "200000",
                "--stack-limit",
                "500",
                "--heap-limit",
                "16777216",
                "--output-limit",
                "65536",
                name,
            ],
            b"",
        );
        if out.status != 0 && out.status != 1 {
            return Some(format!(
                "{name}: exit status {}\n{}",
                out.status, out.stderr
            ));
        }
        if out.stderr.contains("internal error") || out.stderr.contains("panicked") {
            return Some(format!("{name}: {}", out.stderr));
        }
        // The run is bounded by --max-steps, not by a clock.
        None
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
