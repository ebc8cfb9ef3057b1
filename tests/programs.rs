//! Programs covering every construct of SPEC §4 (tests/programs): each prints exactly what
//! gcc's binary printed (`NAME.stdout`, made with gcc 12 -O0), exits with `NAME.exit` (or 0)
//! and gets no diagnostic. `NAME.stdin` and `NAME.args` feed the program.

mod common;

use std::fs;

fn check(name: &String) -> Option<String> {
    let dir = common::manifest_dir().join("tests/programs");
    let read = |ext: &str| fs::read(dir.join(format!("{name}.{ext}"))).ok();
    let stdin = read("stdin").unwrap_or_default();
    let args_text = read("args")
        .map(|a| String::from_utf8_lossy(&a).into_owned())
        .unwrap_or_default();
    let file = format!("{name}.c");
    let mut args = vec!["run", "--format", "json", file.as_str(), "--"];
    args.extend(args_text.split_whitespace());
    let out = common::cmem(&dir, &args, &stdin);
    let expected = read("stdout").expect("NAME.stdout exists");
    let exit: i32 = read("exit")
        .map(|e| {
            String::from_utf8_lossy(&e)
                .trim()
                .parse()
                .expect("NAME.exit is a number")
        })
        .unwrap_or(0);
    let mut problems = Vec::new();
    if out.stdout != expected {
        problems.push(format!(
            "stdout differs:\n--- expected\n{}\n--- got\n{}",
            String::from_utf8_lossy(&expected),
            String::from_utf8_lossy(&out.stdout)
        ));
    }
    if out.status != exit {
        problems.push(format!("exit status {}, expected {exit}", out.status));
    }
    let diags = common::json_diagnostics(&out.stderr);
    if !diags.is_empty() {
        problems.push(format!("unexpected diagnostics: {diags:?}"));
    }
    (!problems.is_empty()).then(|| format!("{name}: {}\n{}", problems.join("; "), out.stderr))
}

#[test]
fn programs_match_gcc() {
    let dir = common::manifest_dir().join("tests/programs");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("tests/programs exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .map(|p| p.file_stem().expect("stem").to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    let failures = common::parallel(&names, check);
    assert!(
        failures.is_empty(),
        "{} of {} programs failed:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}
