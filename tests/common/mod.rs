//! Helpers shared by the integration tests: running the cmem binary.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

pub struct Output {
    pub stdout: Vec<u8>,
    pub stderr: String,
    pub status: i32,
}

/// Runs `cmem ARGS` in `dir` with `stdin`.
pub fn cmem(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cmem"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the cmem binary runs");
    if let Some(mut i) = child.stdin.take() {
        let _ = i.write_all(stdin);
    }
    let out = child.wait_with_output().expect("cmem finishes");
    Output {
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.code().unwrap_or(-1),
    }
}

/// The (code, line, severity) of every JSON diagnostic on stderr.
pub fn json_diagnostics(stderr: &str) -> Vec<(String, u32, String)> {
    stderr
        .lines()
        .filter(|l| l.trim_start().starts_with('{'))
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            (
                v["code"].as_str().unwrap_or("").to_string(),
                v["line"].as_u64().unwrap_or(0) as u32,
                v["severity"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `f` on every item on all cores; returns the failures' messages.
pub fn parallel<T: Sync, F: Fn(&T) -> Option<String> + Sync>(items: &[T], f: F) -> Vec<String> {
    let n = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..n {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                if let Some(msg) = f(item) {
                    failures.lock().unwrap().push(msg);
                }
            });
        }
    });
    let mut v = failures.into_inner().unwrap();
    v.sort();
    v
}

/// Compares `actual` with the golden file at `expected_path` (with `CMEM_BLESS=1`, writes
/// it instead); the failure, as a unified diff, if they differ.
pub fn golden(expected_path: &Path, actual: &str) -> Option<String> {
    if std::env::var_os("CMEM_BLESS").is_some_and(|v| !v.is_empty() && v != "0") {
        std::fs::write(expected_path, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(expected_path).unwrap_or_default();
    (actual != expected).then(|| {
        let diff = similar::TextDiff::from_lines(expected.as_str(), actual)
            .unified_diff()
            .header("expected", "actual")
            .to_string();
        format!("{}:\n{diff}", expected_path.display())
    })
}
