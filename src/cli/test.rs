//! `cmem test`: golden-file tests of programs and their diagnostics (SPEC §6).
//!
//! Every `.c` file under the given paths is run as `cmem run` would run it. Its stdout, its
//! stderr (the human report, without colour, at a fixed width, with paths relative to the
//! test's folder) and its exit status are compared with `NAME.stdout`, `NAME.stderr` and
//! `NAME.exit` beside it; a stream whose file is absent is not compared. Comments
//! `//~ ERROR: CODE` and `//~ WARN: CODE` (or `//~^` for the line above) assert a diagnostic
//! with that code whose primary span is on that line, and an error without an annotation
//! fails the test. `NAME.stdin` and `NAME.args` feed the program; a header comment
//! `//@ flags: ...` passes command-line options (e.g. `--max-steps 1000`), and
//! `//@ files: other.c ...` adds translation units (paths relative to the test; their own
//! annotations count too, and they are not tests by themselves); the corpus'
//! `// exit: N` header states the exit status. Files run in parallel. A `//~` comment that
//! is not an annotation (`//~ EROR:`, an unknown code) fails its test, `--bless` or not.
//! A failure is data (`Failure`: its kind, place, expected and actual), which
//! `--format json` writes as it is.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use cmem::diag::render::HumanStyle;
use cmem::diag::{Code, LintLevels, Severity};
use cmem::driver::{Format, Options, Reported, SourceFile};

/// What to check for one test file.
#[derive(Debug, Default)]
struct Expectations {
    /// Each annotation: what it expects, in which file (as named on the command line).
    annotations: Vec<Annotation>,
    flags: Vec<String>,
    /// The other translation units of the program (`//@ files:`).
    files: Vec<String>,
    exit_header: Option<i32>,
    /// `//~` comments that are not annotations: the line and what is wrong.
    bad: Vec<(u32, String)>,
}

#[derive(Debug, PartialEq, Eq)]
struct Annotation {
    severity: Severity,
    code: String,
    file: String,
    line: u32,
}

/// One test's outcome.
#[derive(Debug)]
pub struct TestResult {
    pub path: PathBuf,
    pub passed: bool,
    pub failures: Vec<Failure>,
}

/// Why a test failed, as data (`cmem test --format json` writes it as it is).
#[derive(Debug, Clone)]
pub struct Failure {
    /// `stdout`, `stderr`, `exit`, `missing-annotation` (an annotated diagnostic was not
    /// reported), `unexpected-diagnostic`, `wrong-line` (reported on another line than
    /// annotated), `timeout` (the step limit stopped the program), `bad-annotation` (a
    /// `//~` comment that does not parse or names no code), `setup` (the test could not
    /// run).
    pub kind: &'static str,
    /// The file and line it concerns, when it is a place.
    pub file: Option<String>,
    pub line: Option<u32>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    /// The failure in words (for a stream, with a unified diff).
    pub message: String,
}

impl Failure {
    fn new(kind: &'static str, message: String) -> Failure {
        Failure {
            kind,
            file: None,
            line: None,
            expected: None,
            actual: None,
            message,
        }
    }

    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "kind": self.kind,
            "file": self.file,
            "line": self.line,
            "expected": self.expected,
            "actual": self.actual,
            "message": self.message,
        })
    }

    fn at(mut self, file: &str, line: u32) -> Failure {
        self.file = Some(file.to_string());
        self.line = Some(line);
        self
    }

    fn expected_actual(mut self, expected: String, actual: String) -> Failure {
        self.expected = Some(expected);
        self.actual = Some(actual);
        self
    }
}

/// What a program did.
#[derive(Debug, Clone)]
pub struct Captured {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub exit: i32,
    pub diagnostics: Vec<Reported>,
}

/// Every `.c` file under `paths`, sorted.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_file() {
            out.push(p.clone());
        } else if p.is_dir() {
            walk(p, &mut out).map_err(|e| format!("cannot read `{}`: {e}", p.display()))?;
        } else {
            return Err(format!("`{}` is neither a file nor a folder", p.display()));
        }
    }
    out.sort();
    out.dedup();
    // A file another test names in `//@ files:` is part of that program, not a test.
    let parts: std::collections::HashSet<PathBuf> = out
        .iter()
        .flat_map(|p| {
            let text = fs::read_to_string(p).unwrap_or_default();
            let dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
            parse_expectations(&text, "")
                .files
                .into_iter()
                .map(move |f| dir.join(f))
        })
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    out.retain(|p| p.canonicalize().map_or(true, |c| !parts.contains(&c)));
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "c") {
            out.push(path);
        }
    }
    Ok(())
}

/// `ERROR: CODE` or `WARN: CODE` (the text after `//~` and its carets).
fn parse_annotation(text: &str) -> Result<(Severity, String), String> {
    let Some((sev, code)) = text.split_once(':') else {
        return Err(format!(
            "`//~ {text}` is not an annotation: write `//~ ERROR: CODE` or `//~ WARN: CODE`"
        ));
    };
    let severity = match sev.trim() {
        "ERROR" => Severity::Error,
        "WARN" | "WARNING" => Severity::Warning,
        other => {
            return Err(format!(
                "`{other}` is not a severity: write `ERROR` or `WARN` (`//~ ERROR: CODE`)"
            ))
        }
    };
    let code = code.split_whitespace().next().unwrap_or("");
    if Code::parse(code).is_none() {
        let near = Code::ALL
            .iter()
            .map(|c| (edit_distance(c.as_str(), code), c.as_str()))
            .min()
            .filter(|(d, _)| *d <= 3)
            .map(|(_, c)| format!(" (did you mean `{c}`?)"))
            .unwrap_or_default();
        return Err(format!("`{code}` is not a diagnostic code{near}"));
    }
    Ok((severity, code.to_string()))
}

/// Levenshtein distance, for suggesting the code an annotation meant.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The expectations a test file states; `file` is its name in diagnostics.
fn parse_expectations(text: &str, file: &str) -> Expectations {
    let mut ex = Expectations::default();
    let mut in_header = true;
    for (i, line) in text.lines().enumerate() {
        let lineno = i as u32 + 1;
        if let Some(pos) = line.find("//~") {
            let rest = &line[pos + 3..];
            let ups = rest.chars().take_while(|c| *c == '^').count() as u32;
            let at = lineno.saturating_sub(ups);
            match parse_annotation(rest[ups as usize..].trim()) {
                Ok((severity, code)) => ex.annotations.push(Annotation {
                    severity,
                    code,
                    file: file.to_string(),
                    line: at,
                }),
                Err(why) => ex.bad.push((lineno, why)),
            }
        }
        let t = line.trim();
        if let Some(f) = t.strip_prefix("//@ flags:") {
            ex.flags.extend(f.split_whitespace().map(str::to_string));
        }
        if let Some(f) = t.strip_prefix("//@ files:") {
            ex.files.extend(f.split_whitespace().map(str::to_string));
        }
        if in_header {
            if let Some(rest) = t.strip_prefix("//") {
                if let Some(n) = rest.trim().strip_prefix("exit:") {
                    ex.exit_header = n.trim().parse().ok();
                }
            } else if !t.is_empty() {
                in_header = false;
            }
        }
    }
    ex
}

/// Applies `//@ flags:` to the options of a test run.
fn apply_flags(opts: &mut Options, flags: &[String]) -> Result<(), String> {
    let mut it = flags.iter();
    let mut lints = LintLevels::default();
    while let Some(f) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("`{f}` needs a value"))
        };
        match f.as_str() {
            "--max-steps" => {
                opts.limits.max_steps = value()?.parse().map_err(|_| "bad --max-steps")?
            }
            "--heap-limit" => {
                opts.limits.memory_bytes = value()?.parse().map_err(|_| "bad --heap-limit")?
            }
            "--stack-limit" => {
                opts.limits.max_frames = value()?.parse().map_err(|_| "bad --stack-limit")?
            }
            "--max-tokens" => {
                opts.pp.max_tokens = Some(value()?.parse().map_err(|_| "bad --max-tokens")?)
            }
            "--max-pp-work" => {
                opts.pp.max_work = Some(value()?.parse().map_err(|_| "bad --max-pp-work")?)
            }
            "--max-diagnostics" => {
                opts.max_diagnostics = value()?.parse().map_err(|_| "bad --max-diagnostics")?
            }
            "--output-limit" => {
                opts.limits.output_bytes = value()?.parse().map_err(|_| "bad --output-limit")?
            }
            "--fail-alloc" => {
                opts.limits.fail_alloc = Some(value()?.parse().map_err(|_| "bad --fail-alloc")?)
            }
            "--error-exitcode" => {
                opts.error_exitcode = value()?.parse().map_err(|_| "bad --error-exitcode")?
            }
            "--allow" | "--warn" | "--deny" => {
                let v = value()?;
                let code = Code::parse(&v).ok_or_else(|| format!("unknown code `{v}`"))?;
                let level = match f.as_str() {
                    "--allow" => None,
                    "--warn" => Some(Severity::Warning),
                    _ => Some(Severity::Error),
                };
                lints.set(code, level);
            }
            "-D" => {
                let v = value()?;
                let d = match v.split_once('=') {
                    Some((n, x)) => (n.to_string(), Some(x.to_string())),
                    None => (v, None),
                };
                opts.pp.defines.push(d);
            }
            other => return Err(format!("unknown flag `{other}` in `//@ flags:`")),
        }
    }
    opts.lints = lints;
    Ok(())
}

/// A test file (or one of its `//@ files:`) as the program's source, named by its file name.
fn source_file(path: &Path) -> Result<SourceFile, String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let abs = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    Ok(SourceFile::new(name, Some(abs), bytes))
}

/// Runs a program (a test and its `//@ files:`) as `cmem run` would, capturing everything
/// (in-process).
pub fn run_captured(files: Vec<SourceFile>, opts: &Options, stdin: Vec<u8>) -> Captured {
    let out = SharedBuf::default();
    let err = SharedBuf::default();
    let summary = cmem::driver::run_source(
        files,
        opts,
        Box::new(out.clone()),
        Box::new(err.clone()),
        Box::new(std::io::Cursor::new(stdin)),
    );
    Captured {
        stdout: out.take(),
        stderr: err.take(),
        exit: summary.exit,
        diagnostics: summary.diagnostics,
    }
}

/// A writer whose bytes can be read back (the captured streams).
#[derive(Clone, Default)]
struct SharedBuf(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl SharedBuf {
    fn take(&self) -> Vec<u8> {
        self.0
            .lock()
            .map(|mut b| std::mem::take(&mut *b))
            .unwrap_or_default()
    }
}

impl Write for SharedBuf {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut b) = self.0.lock() {
            b.extend_from_slice(data);
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn diff(name: &str, expected: &[u8], actual: &[u8]) -> String {
    let e = String::from_utf8_lossy(expected);
    let a = String::from_utf8_lossy(actual);
    let d = similar::TextDiff::from_lines(e.as_ref(), a.as_ref());
    let mut out = format!("{name} differs:\n");
    out.push_str(
        &d.unified_diff()
            .context_radius(3)
            .header(&format!("expected {name}"), &format!("actual {name}"))
            .to_string(),
    );
    out
}

/// Runs one test file; `bless` writes the expected files instead of comparing (its
/// annotations are still checked: a failing one fails the run).
pub fn run_test(path: &Path, bless: bool) -> TestResult {
    let text = fs::read_to_string(path).unwrap_or_default();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut ex = parse_expectations(&text, &name);
    let failed = |f: Failure| TestResult {
        path: path.to_path_buf(),
        passed: false,
        failures: vec![f],
    };
    let sources = match program_files(path, &mut ex) {
        Ok(s) => s,
        Err(e) => return failed(Failure::new("setup", e)),
    };
    let mut opts = Options {
        format: Format::Human(HumanStyle::plain()),
        ..Options::default()
    };
    opts.pp.files = super::host_files();
    if let Err(e) = apply_flags(&mut opts, &ex.flags) {
        return failed(Failure::new("setup", e));
    }
    if let Ok(a) = fs::read_to_string(path.with_extension("args")) {
        opts.args = a.split_whitespace().map(str::to_string).collect();
    }
    let stdin = fs::read(path.with_extension("stdin")).unwrap_or_default();
    let got = run_captured(sources, &opts, stdin);
    let mut failures: Vec<Failure> = ex
        .bad
        .iter()
        .map(|(line, why)| {
            Failure::new("bad-annotation", format!("line {line}: {why}")).at(&name, *line)
        })
        .collect();
    failures.extend(compare_streams(path, &got, bless));
    if let Some(code) = ex.exit_header {
        if !bless && code != got.exit && !path.with_extension("exit").exists() {
            failures.push(
                Failure::new(
                    "exit",
                    format!(
                        "exit status {}, expected {code} (the `// exit:` header)",
                        got.exit
                    ),
                )
                .expected_actual(code.to_string(), got.exit.to_string()),
            );
        }
    }
    failures.extend(compare_diagnostics(
        &ex.annotations,
        &got.diagnostics,
        &name,
    ));
    TestResult {
        path: path.to_path_buf(),
        passed: failures.is_empty(),
        failures,
    }
}

/// The program's stdout, stderr and exit status against `NAME.stdout`, `.stderr` and
/// `.exit` (or, with `bless`, written to them).
fn compare_streams(path: &Path, got: &Captured, bless: bool) -> Vec<Failure> {
    let mut failures = Vec::new();
    let files: [(&'static str, Vec<u8>); 3] = [
        ("stdout", got.stdout.clone()),
        ("stderr", got.stderr.clone()),
        ("exit", format!("{}\n", got.exit).into_bytes()),
    ];
    for (ext, actual) in files {
        let file = path.with_extension(ext);
        if bless {
            if let Err(e) = fs::write(&file, &actual) {
                failures.push(Failure::new(
                    "setup",
                    format!("cannot write `{}`: {e}", file.display()),
                ));
            }
            continue;
        }
        if let Ok(expected) = fs::read(&file) {
            let matches = if ext == "exit" {
                String::from_utf8_lossy(&expected).trim() == String::from_utf8_lossy(&actual).trim()
            } else {
                expected == actual
            };
            if !matches {
                let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
                failures.push(
                    Failure::new(ext, diff(ext, &expected, &actual))
                        .expected_actual(text(&expected), text(&actual)),
                );
            }
        }
    }
    failures
}

/// The reported diagnostics against the annotations: each annotation must be matched by
/// a diagnostic of its severity and code on its line, and each error must be annotated.
/// An annotated diagnostic reported on another line is one `wrong-line` failure.
fn compare_diagnostics(
    annotations: &[Annotation],
    reported: &[Reported],
    name: &str,
) -> Vec<Failure> {
    // (A place in the test itself is its line; in another file, file:line.)
    let place = |file: &str, line: u32| {
        if file == name {
            format!("line {line}")
        } else {
            format!("{file}:{line}")
        }
    };
    let word = |s: Severity| {
        if s == Severity::Error {
            "ERROR"
        } else {
            "WARN"
        }
    };
    let matches = |a: &Annotation, d: &Reported| {
        d.severity == a.severity && d.code.as_str() == a.code && d.file == a.file
    };
    let unannotated: Vec<&Reported> = reported
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| {
            !annotations
                .iter()
                .any(|a| matches(a, d) && a.line == d.line)
        })
        .collect();
    let mut paired = vec![false; unannotated.len()];
    let mut failures = Vec::new();
    for a in annotations {
        if reported.iter().any(|d| matches(a, d) && d.line == a.line) {
            continue;
        }
        let expected = format!(
            "{}: {} at {}",
            word(a.severity),
            a.code,
            place(&a.file, a.line)
        );
        let elsewhere = unannotated
            .iter()
            .enumerate()
            .find(|(i, d)| !paired[*i] && matches(a, d));
        let f = match elsewhere {
            Some((i, d)) => {
                paired[i] = true;
                Failure::new(
                    "wrong-line",
                    format!(
                        "{}: expected {}: {}, but it was reported at {}",
                        place(&a.file, a.line),
                        word(a.severity),
                        a.code,
                        place(&d.file, d.line)
                    ),
                )
                .expected_actual(
                    expected,
                    format!("{} at {}", d.code, place(&d.file, d.line)),
                )
            }
            None => Failure::new(
                "missing-annotation",
                format!(
                    "{}: expected {}: {}, but no such diagnostic was reported there",
                    place(&a.file, a.line),
                    word(a.severity),
                    a.code
                ),
            )
            .expected_actual(expected, "nothing".into()),
        };
        failures.push(f.at(&a.file, a.line));
    }
    for (d, _) in unannotated.iter().zip(&paired).filter(|(_, p)| !**p) {
        let kind = if d.code == Code::StepLimit {
            "timeout"
        } else {
            "unexpected-diagnostic"
        };
        failures.push(
            Failure::new(
                kind,
                format!(
                    "{}: unexpected error `{code}` (annotate it with `//~ ERROR: {code}`)",
                    place(&d.file, d.line),
                    code = d.code
                ),
            )
            .at(&d.file, d.line)
            .expected_actual("nothing".into(), d.code.as_str().into()),
        );
    }
    failures
}

/// The program's files: the test, then its `//@ files:` (whose annotations join `ex`'s).
fn program_files(path: &Path, ex: &mut Expectations) -> Result<Vec<SourceFile>, String> {
    let mut sources = vec![source_file(path)?];
    let dir = path.parent().unwrap_or(Path::new("."));
    for f in ex.files.clone() {
        let other = source_file(&dir.join(&f))?;
        let text = String::from_utf8_lossy(&other.bytes).into_owned();
        ex.annotations
            .extend(parse_expectations(&text, &other.name).annotations);
        sources.push(other);
    }
    Ok(sources)
}

/// Runs every test under `paths` in parallel; writes a report; returns (passed, failed).
pub fn run_suite(
    paths: &[PathBuf],
    bless: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<(usize, usize), String> {
    let files = collect(paths)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(256 << 20)
        .build()
        .map_err(|e| e.to_string())?;
    let results: Vec<TestResult> =
        pool.install(|| files.par_iter().map(|f| run_test(f, bless)).collect());
    let mut passed = 0;
    let mut failed = 0;
    for r in &results {
        if r.passed {
            passed += 1;
        } else {
            failed += 1;
        }
        if json {
            let failures: Vec<serde_json::Value> =
                r.failures.iter().map(Failure::to_json).collect();
            let v = serde_json::json!({ "file": r.path.display().to_string(), "passed": r.passed, "failures": failures });
            let _ = writeln!(out, "{v}");
        } else if !r.passed {
            let _ = writeln!(out, "FAIL {}", r.path.display());
            for f in &r.failures {
                for line in f.message.lines() {
                    let _ = writeln!(out, "    {line}");
                }
            }
        }
    }
    if bless && !json {
        let _ = writeln!(out, "blessed {} file(s)", files.len());
    }
    if json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::json!({ "passed": passed, "failed": failed })
        );
    } else {
        let _ = writeln!(out, "{passed} passed, {failed} failed");
    }
    Ok((passed, failed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_and_headers() {
        let ex = parse_expectations("// exit: 3\n//@ flags: --max-steps 10\n//@ files: a.c b.c\nint x; //~ ERROR: out-of-bounds\n//~^ WARN: zero-size-alloc\n", "t.c");
        assert_eq!(ex.exit_header, Some(3));
        assert_eq!(ex.flags, vec!["--max-steps", "10"]);
        assert_eq!(ex.files, vec!["a.c", "b.c"]);
        let at = |severity, code: &str| Annotation {
            severity,
            code: code.to_string(),
            file: "t.c".to_string(),
            line: 4,
        };
        assert_eq!(
            ex.annotations,
            vec![
                at(Severity::Error, "out-of-bounds"),
                at(Severity::Warning, "zero-size-alloc")
            ]
        );
    }
}
