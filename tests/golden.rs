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

/// Every program's expected output is gcc's: where gcc is installed, each program in
/// `tests/programs/` is compiled with it and run (from that folder, with its `.stdin` and
/// `.args`), and what it prints must equal the `.stdout` cmem is tested against.
#[test]
fn program_outputs_are_gccs() {
    let gcc_present = std::process::Command::new("gcc")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !gcc_present {
        eprintln!("gcc is not installed: the comparison with gcc is skipped");
        return;
    }
    let dir = common::manifest_dir().join("tests/programs");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/programs")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "c") && p.with_extension("stdout").exists())
        .collect();
    cases.sort();
    let out_dir = std::env::temp_dir().join(format!("cmem-gcc-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).expect("temp dir");
    let failures = common::parallel(&cases, |path| {
        let name = path.file_stem()?.to_string_lossy().into_owned();
        let exe = out_dir.join(&name);
        // The program's other translation units (`//@ files:`).
        let text = std::fs::read_to_string(path).ok()?;
        let parts: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("//@ files:"))
            .flat_map(str::split_whitespace)
            .collect();
        let built = std::process::Command::new("gcc")
            .args(["-w", "-std=gnu11", "-o"])
            .arg(&exe)
            .arg(path.file_name()?)
            .args(&parts)
            .arg("-lm")
            .current_dir(&dir)
            .output()
            .ok()?;
        if !built.status.success() {
            return Some(format!(
                "{name}: gcc failed: {}",
                String::from_utf8_lossy(&built.stderr)
            ));
        }
        let args = std::fs::read_to_string(path.with_extension("args")).unwrap_or_default();
        let stdin = std::fs::read(path.with_extension("stdin")).unwrap_or_default();
        let mut child = std::process::Command::new(&exe)
            .args(args.split_whitespace())
            .current_dir(&dir)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .ok()?;
        use std::io::Write;
        child.stdin.take()?.write_all(&stdin).ok()?;
        let run = child.wait_with_output().ok()?;
        let expected = std::fs::read(path.with_extension("stdout")).ok()?;
        (run.stdout != expected).then(|| {
            format!(
                "{name}: gcc's program prints\n{}\nbut {name}.stdout says\n{}",
                String::from_utf8_lossy(&run.stdout),
                String::from_utf8_lossy(&expected)
            )
        })
    });
    let _ = std::fs::remove_dir_all(&out_dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `cmem run a.c b.c -- ARGS` and `cmem check a.c b.c` link the files as one program; a
/// file left off is an undefined reference, and `-` cannot be combined with files.
#[test]
fn several_files_on_the_command_line() {
    let dir = common::manifest_dir().join("tests/programs");
    let files = ["multi_file.c", "multi_file_list.c", "multi_file_stats.c"];
    let expected = std::fs::read(dir.join("multi_file.stdout")).expect("multi_file.stdout");
    let mut args = vec!["run"];
    args.extend(files);
    args.extend(["--", "ignored", "args"]);
    let out = common::cmem(&dir, &args, b"");
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(out.stdout, expected);
    let mut check = vec!["check"];
    check.extend(files);
    assert_eq!(common::cmem(&dir, &check, b"").status, 0);
    let partial = common::cmem(&dir, &["check", "multi_file.c", "multi_file_list.c"], b"");
    assert_eq!(partial.status, 1);
    assert!(
        partial.stderr.contains("undefined reference to `sum`"),
        "{}",
        partial.stderr
    );
    let mixed = common::cmem(&dir, &["run", "-", "multi_file.c"], b"");
    assert_eq!(mixed.status, 2, "{}", mixed.stderr);
}
