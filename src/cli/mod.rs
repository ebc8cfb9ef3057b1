//! The binary's commands: file I/O, terminals and processes live here, not in the library.

use std::io::{BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cmem::Options;

pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
        .clamp(40, 200)
}

fn exit(code: i32) -> ExitCode {
    ExitCode::from((code & 0xFF) as u8)
}

/// `cmem run` / `cmem check`.
pub fn run(file: &str, opts: &Options, draw: Option<&Path>, check_only: bool) -> ExitCode {
    let (name, path, text) = if file == "-" {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
            return super::usage_error(&format!("cannot read the program from stdin: {e}"));
        }
        ("<stdin>".to_string(), None, bytes)
    } else {
        let p = PathBuf::from(file);
        match cmem::read_source(&p) {
            Ok(t) => (file.to_string(), Some(p), t),
            Err(e) => return super::usage_error(&e),
        }
    };
    let _ = draw;
    if check_only {
        let mut err = std::io::stderr();
        return exit(cmem::check_source(&name, path, text, opts, &mut err));
    }
    let stdin: Box<dyn std::io::BufRead> = if file == "-" {
        Box::new(std::io::empty())
    } else {
        Box::new(BufReader::new(std::io::stdin()))
    };
    let stdout: Box<dyn Write> = Box::new(std::io::stdout());
    let stderr: Box<dyn Write> = Box::new(std::io::stderr());
    let _ = std::io::stdout().is_terminal();
    exit(cmem::run_source(&name, path, text, opts, stdout, stderr, stdin).exit)
}

/// `cmem test`.
pub fn test(paths: &[PathBuf], bless: bool, json: bool) -> ExitCode {
    let bless = bless || std::env::var_os("CMEM_BLESS").is_some_and(|v| !v.is_empty() && v != "0");
    let mut out = std::io::stdout();
    match cmem::testing::run_suite(paths, bless, json, &mut out) {
        Ok((_, 0)) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => super::usage_error(&e),
    }
}

/// `cmem repl`.
pub fn repl(opts: Options) -> ExitCode {
    let _ = opts;
    super::usage_error("the REPL is not available yet")
}
