//! Tidy: the architecture's invariants, checked on the sources (after rust-analyzer's
//! `tidy.rs`). Each rule here is written in ARCHITECTURE.md; this test makes it true.
//!
//! * every module depends only on the modules below it (the table in [`ALLOWED`]);
//! * every source file starts with a `//!` comment saying what it owns;
//! * every diagnostic code has a golden case in `tests/ui/<code>/`;
//! * only the binary (`src/main.rs`, `src/cli/`) reaches files, the environment or the
//!   terminal (the library sees files through `source::Files`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each top-level module of `src/` and the modules it may use (`bug` is the crate's
/// `bug!` macro, usable everywhere). Data flows down this table, never up.
const ALLOWED: &[(&str, &[&str])] = &[
    ("source", &[]),
    ("mem", &[]),
    ("num", &[]),
    ("diag", &["source"]),
    ("syntax", &["source", "diag"]),
    ("sema", &["source", "diag", "syntax", "mem", "num"]),
    ("bytecode", &["source", "sema", "mem", "num"]),
    (
        "eval",
        &["source", "diag", "sema", "mem", "num", "bytecode"],
    ),
    (
        "explain",
        &["source", "diag", "sema", "mem", "bytecode", "eval"],
    ),
    (
        "inspect",
        &["source", "sema", "mem", "num", "bytecode", "eval"],
    ),
    ("frontend", &["source", "diag", "syntax", "sema"]),
    (
        "driver",
        &[
            "source", "diag", "syntax", "sema", "mem", "num", "bytecode", "eval", "explain",
            "inspect", "frontend",
        ],
    ),
    (
        "repl",
        &[
            "source", "diag", "syntax", "sema", "mem", "num", "bytecode", "eval", "explain",
            "inspect", "frontend", "driver",
        ],
    ),
    (
        "debug",
        &[
            "source", "diag", "syntax", "sema", "mem", "num", "bytecode", "eval", "explain",
            "inspect", "frontend", "driver",
        ],
    ),
];

/// Library files allowed to touch the host, each with its reason (none: files reach the
/// library only through `source::Files`, which the binary implements). Anything in the
/// library that reads files, the environment or the terminal fails this test.
const IO_EXCEPTIONS: &[(&str, &str)] = &[];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("readable source folder")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn sources() -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root())
                .expect("under the root")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&p).expect("UTF-8 source");
            (rel, text)
        })
        .collect()
}

/// The module a file belongs to: the first component under `src/`.
fn module_of(rel: &str) -> &str {
    let rest = rel.strip_prefix("src/").unwrap_or(rel);
    let first = rest.split('/').next().unwrap_or(rest);
    first.strip_suffix(".rs").unwrap_or(first)
}

/// The code of a file without comments and without its `#[cfg(test)]` tail (tests may
/// use any module).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
}

/// The top-level modules a line names through `crate::`.
fn crate_refs(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
        }
    }
    out
}

fn dependency_violations(files: &[(String, String)]) -> Vec<String> {
    let mut bad = Vec::new();
    for (rel, text) in files {
        let module = module_of(rel);
        let Some((_, allowed)) = ALLOWED.iter().find(|(m, _)| *m == module) else {
            // The crate root and the binary may use everything.
            if !matches!(module, "lib" | "main" | "cli") {
                bad.push(format!(
                    "{rel}: module `{module}` is not in the layer table"
                ));
            }
            continue;
        };
        for (n, line) in code_lines(text) {
            for dep in crate_refs(line) {
                if dep != module && dep != "bug" && !allowed.contains(&dep.as_str()) {
                    bad.push(format!(
                        "{rel}:{}: `{module}` may not use `{dep}` (see ALLOWED)",
                        n + 1
                    ));
                }
            }
        }
    }
    bad
}

#[test]
fn modules_depend_only_on_the_layers_below() {
    let bad = dependency_violations(&sources());
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The dependency check itself fails on a forbidden `use` (here: the memory model using
/// the checker, and diagnostics using the machine).
#[test]
fn a_forbidden_use_is_caught() {
    let files = vec![
        (
            "src/mem/mod.rs".to_string(),
            "//! m\nuse crate::sema::types::TypeId;\n".to_string(),
        ),
        (
            "src/diag/render.rs".to_string(),
            "//! r\nuse crate::{source::Span, eval::Machine};\n".to_string(),
        ),
        (
            "src/sema/check.rs".to_string(),
            "//! c\n// crate::eval in a comment is fine\n#[cfg(test)]\nuse crate::driver::compile;\n"
                .to_string(),
        ),
    ];
    let bad = dependency_violations(&files);
    assert_eq!(bad.len(), 2, "{bad:#?}");
    assert!(bad[0].contains("`mem` may not use `sema`"));
    assert!(bad[1].contains("`diag` may not use `eval`"));
}

#[test]
fn every_source_file_says_what_it_owns() {
    let missing: Vec<String> = sources()
        .into_iter()
        .filter(|(_, text)| !text.starts_with("//!"))
        .map(|(rel, _)| rel)
        .collect();
    assert!(
        missing.is_empty(),
        "files without a leading `//!` comment:\n{}",
        missing.join("\n")
    );
}

/// Codes that a program file cannot produce, with where they are tested instead.
const UI_EXCEPTIONS: &[(&str, &str)] = &[(
    "interrupted",
    "only Ctrl-C raises it: tests/repl.rs (pty) and repl::tests",
)];

#[test]
fn every_diagnostic_code_has_a_ui_case() {
    let ui = root().join("tests/ui");
    let mut missing = Vec::new();
    for code in cmem::diag::Code::ALL {
        if UI_EXCEPTIONS.iter().any(|(c, _)| *c == code.as_str()) {
            continue;
        }
        let dir = ui.join(code.as_str());
        let has_case = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .any(|e| e.path().extension().is_some_and(|x| x == "c"))
            })
            .unwrap_or(false);
        if !has_case {
            missing.push(code.as_str());
        }
    }
    assert!(
        missing.is_empty(),
        "codes without a case in tests/ui/<code>/: {missing:?}"
    );
}

#[test]
fn only_the_binary_touches_the_host() {
    const HOST: &[&str] = &[
        "std::fs",
        "fs::",
        "std::env",
        "env::var",
        "std::io::stderr",
        "std::io::stdout",
        "std::io::stdin",
        "eprintln!",
        "println!",
        "eprint!",
        "print!(",
        "std::process",
        "File::open",
        "File::create",
    ];
    let exceptions: BTreeSet<&str> = IO_EXCEPTIONS.iter().map(|(f, _)| *f).collect();
    let mut bad = Vec::new();
    for (rel, text) in sources() {
        let module = module_of(&rel);
        if matches!(module, "main" | "cli") || exceptions.contains(rel.as_str()) {
            continue;
        }
        for (n, line) in code_lines(&text) {
            if let Some(what) = HOST.iter().find(|h| line.contains(*h)) {
                bad.push(format!("{rel}:{}: `{what}` outside the binary", n + 1));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// No source file over this many lines.
const MAX_FILE_LINES: usize = 1000;
/// No function over this many lines, except the ones listed in [`LONG_FUNCTIONS`].
const MAX_FN_LINES: usize = 150;

/// Functions longer than [`MAX_FN_LINES`]: the VM's dispatch loop alone (one `match` kept
/// whole for speed). A new long function, or this one growing past its length, fails.
const LONG_FUNCTIONS: &[(&str, &str, usize)] = &[("src/eval/vm.rs", "run", 700)];

/// Each `fn` of a file with its length in lines (from its `fn` line to the closing brace
/// at the same indentation).
fn function_lengths(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let after_vis = trimmed
            .strip_prefix("pub(crate) ")
            .or_else(|| trimmed.strip_prefix("pub(super) "))
            .or_else(|| trimmed.strip_prefix("pub "))
            .unwrap_or(trimmed);
        if let Some(rest) = after_vis.strip_prefix("fn ") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let close = format!("{}}}", " ".repeat(indent));
            let end = (i + 1..lines.len())
                .find(|&j| lines[j] == close)
                .unwrap_or(lines.len());
            out.push((name, end - i + 1));
            i = end;
        }
        i += 1;
    }
    out
}

#[test]
fn files_and_functions_fit_in_a_head() {
    let mut bad = Vec::new();
    for (rel, text) in sources() {
        let n = text.lines().count();
        if n > MAX_FILE_LINES {
            bad.push(format!("{rel}: {n} lines (at most {MAX_FILE_LINES})"));
        }
        for (name, len) in function_lengths(&text) {
            let allowed = LONG_FUNCTIONS
                .iter()
                .find(|(f, n, _)| *f == rel && *n == name)
                .map_or(MAX_FN_LINES, |l| l.2);
            if len > allowed {
                bad.push(format!(
                    "{rel}: fn {name} has {len} lines (at most {allowed}); split it"
                ));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
