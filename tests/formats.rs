//! Machine-readable output: a JSON object per diagnostic with the fields of SPEC §2, for
//! every code; one SARIF 2.1.0 log valid against the published schema; exit statuses and
//! lint levels.

mod common;

use std::path::{Path, PathBuf};

fn ui_cases() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in std::fs::read_dir(common::manifest_dir().join("tests/ui")).expect("tests/ui exists")
    {
        let dir = dir.expect("entry").path();
        if !dir.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&dir).expect("code folder") {
            let f = f.expect("entry").path();
            if f.extension().is_some_and(|e| e == "c") {
                v.push(f);
            }
        }
    }
    v.sort();
    // A file that a case names in `//@ files:` is part of that case's program.
    let parts: Vec<PathBuf> = v
        .iter()
        .flat_map(|p| {
            let dir = p.parent().expect("folder").to_path_buf();
            header(p, "//@ files:")
                .into_iter()
                .map(move |f| dir.join(f))
        })
        .collect();
    v.retain(|p| !parts.contains(p));
    v
}

/// The words of a ui case's header lines that start with `prefix` (`//@ flags:`, `//@ files:`).
fn header(path: &Path, prefix: &str) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix(prefix)
                .map(|f| f.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        })
        .flatten()
        .collect()
}

fn run_format(path: &Path, format: &str) -> common::Output {
    run_format_with(path, format, &[])
}

fn run_format_with(path: &Path, format: &str, extra: &[String]) -> common::Output {
    let dir = path.parent().expect("folder");
    let name = path
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let mut args: Vec<String> = vec!["run".into(), "--format".into(), format.into()];
    args.extend_from_slice(extra);
    args.extend(header(path, "//@ flags:"));
    args.push(name);
    args.extend(header(path, "//@ files:"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let stdin = std::fs::read(path.with_extension("stdin")).unwrap_or_default();
    common::cmem(dir, &args, &stdin)
}

#[test]
fn json_diagnostics_have_every_field_for_every_code() {
    let cases = ui_cases();
    let mut codes_seen = std::collections::BTreeSet::new();
    let failures = common::parallel(&cases, |path| {
        let out = run_format(path, "json");
        let objects: Vec<serde_json::Value> = out
            .stderr
            .lines()
            .filter(|l| l.starts_with('{'))
            .map(|l| serde_json::from_str(l).expect("each line is JSON"))
            .collect();
        if objects.is_empty() {
            return Some(format!("{}: no JSON diagnostics", path.display()));
        }
        for o in &objects {
            for field in [
                "code", "severity", "message", "file", "line", "column", "labels", "notes", "help",
                "standard", "stack",
            ] {
                if o.get(field).is_none() {
                    return Some(format!(
                        "{}: field `{field}` missing in {o}",
                        path.display()
                    ));
                }
            }
            if !o["line"].is_u64() || o["line"].as_u64() == Some(0) || !o["column"].is_u64() {
                return Some(format!("{}: bad position in {o}", path.display()));
            }
            for l in o["labels"].as_array().expect("labels is a list") {
                if !l["line"].is_u64() || !l["column"].is_u64() || !l["message"].is_string() {
                    return Some(format!("{}: bad label {l}", path.display()));
                }
            }
            for f in o["stack"].as_array().expect("stack is a list") {
                if !f["function"].is_string() || !f["line"].is_u64() {
                    return Some(format!("{}: bad stack frame {f}", path.display()));
                }
            }
            let code = o["code"].as_str().unwrap_or("");
            let runtime = !matches!(
                code,
                "syntax-error" | "type-error" | "undeclared" | "unsupported"
            );
            if runtime
                && o["stack"].as_array().is_none_or(|s| s.is_empty())
                && !matches!(
                    code,
                    "memory-leak" | "still-reachable" | "resource-leak" | "diagnostic-limit"
                )
                // A global refused while the program is loaded: no call is running.
                && !(code == "memory-limit" && o["label"] == "declared here")
                // The checker's warning of a returned local address: nothing runs yet.
                && !(code == "dangling-stack" && o["severity"] == "warning")
            {
                return Some(format!(
                    "{}: runtime diagnostic without a stack: {o}",
                    path.display()
                ));
            }
            if matches!(code, "memory-leak" | "still-reachable")
                && (!o["size"].is_u64() || !o["kind"].is_string())
            {
                return Some(format!(
                    "{}: leak without kind and size: {o}",
                    path.display()
                ));
            }
        }
        None
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for path in &cases {
        codes_seen.insert(
            path.parent()
                .and_then(Path::file_name)
                .expect("code folder")
                .to_string_lossy()
                .into_owned(),
        );
    }
    for code in [
        "uninit-read",
        "zero-size-alloc",
        "zero-size-access",
        "zero-size-free",
        "use-after-free",
        "double-free",
        "invalid-free",
        "out-of-bounds",
        "null-dereference",
        "dangling-stack",
        "invalid-pointer",
        "overlapping-copy",
        "division-by-zero",
        "signed-overflow",
        "invalid-shift",
        "memory-leak",
        "stack-overflow",
        "step-limit",
        "syntax-error",
        "type-error",
        "undeclared",
        "unsupported",
    ] {
        assert!(
            codes_seen.contains(code),
            "tests/ui has no case for `{code}`"
        );
    }
}

/// The SARIF 2.1.0 schema as published by OASIS (shipped inside the serde-sarif crate).
fn sarif_schema() -> serde_json::Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = common::manifest_dir().join("Cargo.toml");
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(&manifest)
        .output()
        .expect("cargo metadata runs");
    let meta: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON");
    let pkg = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .expect("serde-sarif is a dev-dependency");
    let dir = Path::new(pkg["manifest_path"].as_str().expect("manifest path"))
        .parent()
        .expect("package folder")
        .to_path_buf();
    let text = std::fs::read_to_string(dir.join("src/schema.json"))
        .expect("serde-sarif ships the SARIF schema");
    serde_json::from_str(&text).expect("the schema is JSON")
}

#[test]
fn sarif_log_validates_against_the_schema() {
    let mut schema = sarif_schema();
    // The 2.1.0 schema's `language` patterns have a stray `]`; OASIS errata 01 corrects them
    // to this (they only constrain `language` properties, which cmem does not emit).
    for def in ["run", "toolComponent"] {
        let lang = &mut schema["definitions"][def]["properties"]["language"]["pattern"];
        if lang.as_str().is_some_and(|p| p.ends_with("]?$")) {
            *lang = serde_json::json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
        }
    }
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let mut checked = 0;
    for path in ui_cases() {
        let out = run_format(&path, "sarif");
        let log: serde_json::Value = serde_json::from_str(&out.stderr)
            .unwrap_or_else(|e| panic!("{}: SARIF is JSON: {e}\n{}", path.display(), out.stderr));
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{}: SARIF does not validate:\n{}",
            path.display(),
            errors.join("\n")
        );
        let results = log["runs"][0]["results"].as_array().expect("results");
        assert!(!results.is_empty(), "{}: no results", path.display());
        // The typed reading agrees.
        let typed: serde_sarif::sarif::Sarif =
            serde_json::from_value(log.clone()).expect("serde-sarif reads the log");
        assert_eq!(typed.runs.len(), 1);
        checked += 1;
    }
    assert!(checked >= 20);
}

#[test]
fn exit_statuses() {
    let d = std::env::temp_dir().join(format!("cmem-exit-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    let write = |name: &str, src: &str| std::fs::write(d.join(name), src).expect("write");
    write("ok7.c", "int main(void) { return 7; }");
    write(
        "exit300.c",
        "#include <stdlib.h>\nint main(void) { exit(300); }",
    );
    write(
        "uaf.c",
        "#include <stdlib.h>\nint main(void) { int *p = malloc(4); free(p); return *p; }",
    );
    write(
        "leak.c",
        "#include <stdlib.h>\nint main(void) { malloc(4); return 0; }",
    );
    write(
        "warn.c",
        "#include <stdlib.h>\nint main(void) { void *p = malloc(0); (void)p; return 3; }",
    );
    write(
        "zerofree.c",
        "#include <stdlib.h>\nint main(void) { void *p = malloc(0); free(p); return 5; }",
    );
    write("syntax.c", "int main(void) { return }");
    // A gcc-style type warning (an integer converted to a pointer without a cast).
    write(
        "typewarn.c",
        "int main(void) { int *p = 4096; (void)p; return 0; }",
    );
    let status = |args: &[&str]| common::cmem(&d, args, b"").status;
    assert_eq!(status(&["run", "ok7.c"]), 7, "the program's own status");
    assert_eq!(status(&["ok7.c"]), 7, "`cmem FILE.c` is `cmem run FILE.c`");
    assert_eq!(status(&["run", "exit300.c"]), 300 & 0xFF);
    assert_eq!(status(&["run", "uaf.c"]), 1, "an error");
    assert_eq!(status(&["run", "--error-exitcode", "42", "uaf.c"]), 42);
    assert_eq!(status(&["run", "leak.c"]), 1, "a leak is an error");
    assert_eq!(
        status(&["run", "--allow", "memory-leak", "leak.c"]),
        0,
        "allowed leaks"
    );
    assert_eq!(
        status(&["run", "--warn", "memory-leak", "leak.c"]),
        0,
        "leaks as warnings"
    );
    assert_eq!(
        status(&["run", "warn.c"]),
        3,
        "warnings keep the program's status"
    );
    assert_eq!(
        status(&["run", "--deny", "zero-size-alloc", "warn.c"]),
        1,
        "denied warning"
    );
    assert_eq!(
        status(&["run", "zerofree.c"]),
        1,
        "the course's rule: malloc(0)'s result is not freed"
    );
    assert_eq!(
        status(&["run", "--allow", "zero-size-free", "zerofree.c"]),
        5,
        "plain C11: free of malloc(0)'s result is fine"
    );
    assert_eq!(status(&["run", "typewarn.c"]), 0, "a type warning");
    assert_eq!(
        status(&["run", "--deny", "type-error", "typewarn.c"]),
        1,
        "--deny makes type warnings errors"
    );
    assert_eq!(status(&["check", "--deny", "type-error", "typewarn.c"]), 1);
    assert_eq!(status(&["run", "syntax.c"]), 1, "compile error");
    assert_eq!(status(&["check", "syntax.c"]), 1);
    assert_eq!(status(&["check", "ok7.c"]), 0);
    assert_eq!(
        status(&["run", "--allow", "no-such-code", "ok7.c"]),
        2,
        "usage error"
    );
    assert_eq!(
        status(&["run", "missing.c"]),
        2,
        "usage error: no such file"
    );
    let out = common::cmem(
        &d,
        &[
            "run",
            "--format",
            "json",
            "--allow",
            "memory-leak",
            "leak.c",
        ],
        b"",
    );
    assert!(
        common::json_diagnostics(&out.stderr).is_empty(),
        "an allowed code is not reported"
    );
    let out = common::cmem(
        &d,
        &["run", "--format", "json", "--warn", "memory-leak", "leak.c"],
        b"",
    );
    assert_eq!(
        common::json_diagnostics(&out.stderr),
        vec![("memory-leak".to_string(), 2, "warning".to_string())]
    );
}

#[test]
fn fail_alloc_makes_the_nth_allocation_fail() {
    let d = std::env::temp_dir().join(format!("cmem-failalloc-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    std::fs::write(
        d.join("oom.c"),
        "#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  for (int i = 1; i <= 3; i++) {\n    char *p = malloc(16);\n    if (p == NULL) { printf(\"allocation %d failed\\n\", i); return 1; }\n    free(p);\n  }\n  printf(\"all allocations succeeded\\n\");\n  return 0;\n}\n",
    )
    .expect("write");
    let out = common::cmem(&d, &["run", "--fail-alloc", "2", "oom.c"], b"");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "allocation 2 failed\n"
    );
    assert_eq!(out.status, 1);
    let out = common::cmem(&d, &["run", "oom.c"], b"");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "all allocations succeeded\n"
    );
    // The memory limit: malloc beyond it returns NULL, as a real malloc does, and a
    // warning says which limit refused it.
    std::fs::write(
        d.join("big.c"),
        "#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  char *p = malloc(100000);\n  printf(p ? \"ok\\n\" : \"NULL\\n\");\n  free(p);\n  return 0;\n}\n",
    )
    .expect("write");
    let out = common::cmem(&d, &["run", "--heap-limit", "200000", "big.c"], b"");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ok\n");
    assert_eq!(out.status, 0);
    let out = common::cmem(&d, &["run", "--heap-limit", "100000", "big.c"], b"");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "NULL\n");
    let err = &out.stderr;
    assert!(
        err.contains("memory-limit") && err.contains("--heap-limit"),
        "{err}"
    );
    assert_eq!(out.status, 0, "a warning: {err}");
}

#[test]
fn human_output_has_no_colour_when_piped_and_is_stable() {
    let path = common::manifest_dir().join("tests/ui/use-after-free/after_free.c");
    let a = run_format(&path, "human");
    let b = run_format(&path, "human");
    assert_eq!(a.stderr, b.stderr, "deterministic");
    assert!(
        !a.stderr.contains('\u{1b}'),
        "no escape codes when not on a terminal"
    );
    assert!(a.stderr.contains("freed here") && a.stderr.contains("allocated here"));
}

#[test]
fn report_file_holds_every_diagnostic_and_validates_against_the_documented_schema() {
    // `--report FILE` is the autograders' channel: every diagnostic goes there, as the
    // JSON Lines that schema/report.schema.json documents, and none to stderr (which is
    // the program's alone).
    let text = std::fs::read_to_string(common::manifest_dir().join("schema/report.schema.json"))
        .expect("the schema is in the repository");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let tmp = std::env::temp_dir().join(format!("cmem-report-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let cases = ui_cases();
    let failures = common::parallel(&cases, |path| {
        let report = tmp.join(format!(
            "{}-{}.jsonl",
            path.parent()?.file_name()?.to_string_lossy(),
            path.file_stem()?.to_string_lossy()
        ));
        let out = run_format_with(
            path,
            "json",
            &["--report".into(), report.display().to_string()],
        );
        if out.stderr.lines().any(|l| l.starts_with("{\"code\"")) {
            return Some(format!("{}: a diagnostic went to stderr", path.display()));
        }
        let written = std::fs::read_to_string(&report).unwrap_or_default();
        if written.trim().is_empty() {
            return Some(format!("{}: empty report", path.display()));
        }
        for line in written.lines() {
            let v: serde_json::Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(e) => return Some(format!("{}: not JSON ({e}): {line}", path.display())),
            };
            let errors: Vec<String> = validator
                .iter_errors(&v)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            if !errors.is_empty() {
                return Some(format!("{}: {}\n{line}", path.display(), errors.join("; ")));
            }
        }
        None
    });
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The schema is not vacuous: a wrong line fails it.
    let bad = serde_json::json!({"code": "no-such-code", "severity": "fatal"});
    assert!(!validator.is_valid(&bad));
    // And it knows every code cmem has.
    let codes = &schema["properties"]["code"]["enum"];
    for c in cmem::diag::Code::ALL {
        assert!(
            codes
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x == c.as_str())),
            "schema/report.schema.json lacks the code `{c}`"
        );
    }
}

#[test]
fn the_autograder_example_grades_its_submissions_from_the_report_alone() {
    // examples/autograde/grade.py reads nothing but `--report` JSON (Carol's debug
    // output on stderr does not disturb it); its grades are examples/autograde/expected.txt.
    let dir = common::manifest_dir().join("examples/autograde");
    let out = std::process::Command::new("python3")
        .arg(dir.join("grade.py"))
        .arg("--cmem")
        .arg(env!("CARGO_BIN_EXE_cmem"))
        .arg(dir.join("submissions"))
        .output()
        .expect("python3 runs (.ci/run installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = std::fs::read_to_string(dir.join("expected.txt")).expect("expected grades");
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}

#[test]
fn draw_refuses_an_extension_it_cannot_write() {
    let dir = common::manifest_dir().join("examples");
    let out = common::cmem(&dir, &["run", "--draw", "heap.png", "seed_free.c"], b"");
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("FILE.svg"), "{}", out.stderr);
    assert!(!dir.join("heap.png").exists());
}

#[test]
fn check_says_so_on_success_and_warns_of_a_returned_local_address() {
    let dir = common::manifest_dir().join("tests/ui/dangling-stack");
    let out = common::cmem(&dir, &["check", "returned_array.c"], b"");
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "returned_array.c: no errors, 1 warning\n"
    );
    assert!(
        out.stderr
            .contains("`make` returns the address of its local `values`"),
        "{}",
        out.stderr
    );
}

#[test]
fn program_arguments_without_a_double_dash_are_explained() {
    let dir = common::manifest_dir().join("examples");
    let out = common::cmem(&dir, &["run", "seed_free.c", "alpha", "beta"], b"");
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "arguments for the program go after `--`: `cmem run seed_free.c -- alpha beta`"
        ),
        "{}",
        out.stderr
    );
}
