//! The shared corpus (copied into tests/corpus): every `ok_` program prints exactly what
//! gcc's binary prints and exits as it does; every `bug_` program gets exactly the
//! annotated diagnostics (`//~ ERROR: CODE` / `//~ WARN: CODE` on the line of the primary
//! span), with the `// leaks: N` and `// exit: N` headers of `check.py`.

mod common;

use std::collections::BTreeMap;
use std::fs;

struct Case {
    name: String,
    errors: BTreeMap<(String, u32), usize>,
    warnings: Vec<(String, u32)>,
    leaks: Option<usize>,
    exit: i32,
}

fn parse_case(name: &str, text: &str) -> Case {
    let mut errors = BTreeMap::new();
    let mut warnings = Vec::new();
    let mut leaks = None;
    let mut exit = 0;
    let mut in_header = true;
    for (i, line) in text.lines().enumerate() {
        let lineno = i as u32 + 1;
        if let Some(pos) = line.find("//~") {
            let ann = line[pos + 3..].trim();
            let (sev, code) = ann.split_once(':').expect("annotation has a colon");
            let code = code.trim().to_string();
            match sev.trim() {
                "ERROR" => *errors.entry((code, lineno)).or_insert(0) += 1,
                "WARN" => warnings.push((code, lineno)),
                other => panic!("unknown annotation kind {other} in {name}"),
            }
        }
        if in_header {
            let t = line.trim();
            if let Some(rest) = t.strip_prefix("//") {
                let rest = rest.trim();
                if let Some(n) = rest.strip_prefix("leaks:") {
                    leaks = Some(n.trim().parse().expect("leaks header is a number"));
                }
                if let Some(n) = rest.strip_prefix("exit:") {
                    exit = n.trim().parse().expect("exit header is a number");
                }
            } else if !t.is_empty() {
                in_header = false;
            }
        }
    }
    Case {
        name: name.to_string(),
        errors,
        warnings,
        leaks,
        exit,
    }
}

fn check(case: &Case) -> Option<String> {
    let dir = common::manifest_dir().join("tests/corpus");
    let out = common::cmem(
        &dir,
        &["run", "--format", "json", &format!("{}.c", case.name)],
        b"",
    );
    let mut problems = Vec::new();
    let expected =
        fs::read(dir.join(format!("{}.stdout", case.name))).expect("expected stdout exists");
    if out.stdout != expected {
        problems.push(format!(
            "stdout differs:\n--- expected\n{}\n--- got\n{}",
            String::from_utf8_lossy(&expected),
            String::from_utf8_lossy(&out.stdout)
        ));
    }
    let diags = common::json_diagnostics(&out.stderr);
    let mut found: BTreeMap<(String, u32), usize> = BTreeMap::new();
    for (code, line, sev) in &diags {
        if sev == "error" {
            *found.entry((code.clone(), *line)).or_insert(0) += 1;
        }
    }
    // Leak reports may be merged per line or given per block (the `leaks: N` header).
    let leak_total: usize = found
        .iter()
        .filter(|(k, _)| k.0 == "memory-leak" && case.errors.contains_key(*k))
        .map(|(_, n)| *n)
        .sum();
    for (key, n) in &case.errors {
        let got = found.get(key).copied().unwrap_or(0);
        let merged_ok = key.0 == "memory-leak"
            && case.leaks.is_some()
            && (got >= *n)
            && (got == *n || Some(leak_total) == case.leaks);
        if got != *n && !merged_ok {
            problems.push(format!(
                "expected {n} x {} on line {}, found {got}",
                key.0, key.1
            ));
        }
    }
    for (key, n) in &found {
        if !case.errors.contains_key(key) {
            problems.push(format!(
                "unexpected error {} on line {} (x{n})",
                key.0, key.1
            ));
        }
    }
    for (code, line) in &case.warnings {
        if !diags
            .iter()
            .any(|(c, l, s)| c == code && l == line && s == "warning")
        {
            problems.push(format!("missing warning {code} on line {line}"));
        }
    }
    if case.name.starts_with("ok_") && out.status != case.exit {
        problems.push(format!(
            "exit status {}, expected {}",
            out.status, case.exit
        ));
    }
    if case.name.starts_with("bug_") && !case.errors.is_empty() && out.status != 1 {
        problems.push(format!(
            "exit status {} after an error, expected 1",
            out.status
        ));
    }
    (!problems.is_empty())
        .then(|| format!("{}: {}\n{}", case.name, problems.join("; "), out.stderr))
}

#[test]
fn shared_corpus() {
    let dir = common::manifest_dir().join("tests/corpus");
    let mut cases = Vec::new();
    for entry in fs::read_dir(&dir).expect("tests/corpus exists") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_some_and(|e| e == "c") {
            let name = path
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            let text = fs::read_to_string(&path).expect("case is text");
            cases.push(parse_case(&name, &text));
        }
    }
    assert!(cases.len() >= 80, "the corpus has {} cases", cases.len());
    let failures = common::parallel(&cases, check);
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
