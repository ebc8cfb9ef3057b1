//! The binary's commands: file I/O, terminals and processes live here, not in the library.

use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use cmem::diag::render::HumanStyle;
use cmem::driver::{Options, Picture, SourceFile};
use cmem::repl::{Repl, Reply};

pub mod debug;
mod test;

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

/// `cmem run` / `cmem check`: the program's files (`-` alone reads it from stdin); the
/// diagnostics go to stderr, or with `report` to that file.
pub fn run(
    files: &[String],
    opts: &Options,
    draw: Option<&Path>,
    report: Option<&Path>,
    check_only: bool,
) -> ExitCode {
    let picture = match draw.map(|d| d.extension().and_then(|e| e.to_str())) {
        None => None,
        Some(Some("svg")) => Some(Picture::Svg),
        Some(Some("dot")) => Some(Picture::Dot),
        Some(_) => {
            return super::usage_error(
                "--draw writes SVG (`FILE.svg`) or Graphviz DOT (`FILE.dot`); give one of those extensions",
            )
        }
    };
    let mut opts = opts.clone();
    if report.is_some() {
        opts.separate_report = true;
        if let cmem::driver::Format::Human(style) = &mut opts.format {
            *style = HumanStyle::plain();
        }
    }
    let opts = &opts;
    let from_stdin = files.iter().any(|f| f == "-");
    if from_stdin && files.len() > 1 {
        return super::usage_error(
            "`-` (the program on stdin) cannot be combined with other files",
        );
    }
    let mut sources = Vec::new();
    for file in files {
        if file == "-" {
            let mut bytes = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
                return super::usage_error(&format!("cannot read the program from stdin: {e}"));
            }
            sources.push(SourceFile::new("<stdin>", None, bytes));
        } else {
            let p = PathBuf::from(file);
            match read_source(&p) {
                Ok(t) => sources.push(SourceFile::new(file.as_str(), Some(p), t)),
                // A program argument given without `--` is taken for a file.
                Err(e) if !sources.is_empty() && !file.ends_with(".c") && !p.exists() => {
                    let first = files.first().map_or("prog.c", String::as_str);
                    let rest: Vec<&str> = files[1..].iter().map(String::as_str).collect();
                    return super::usage_error(&format!(
                        "{e}\nnote: `{file}` is taken for a C file of the program; arguments for the program go after `--`: `cmem run {first} -- {}`",
                        rest.join(" ")
                    ));
                }
                Err(e) => return super::usage_error(&e),
            }
        }
    }
    if check_only {
        let mut buf = Vec::new();
        let mut err = std::io::stderr();
        let sink: &mut dyn Write = if report.is_some() { &mut buf } else { &mut err };
        let summary = cmem::driver::check_source(sources, opts, sink);
        if let Some(path) = report {
            if let Err(e) = std::fs::write(path, &buf) {
                return super::usage_error(&format!("cannot write `{}`: {e}", path.display()));
            }
        }
        // On success, one line says so (as a compiler's silence would not).
        if summary.exit == 0 && matches!(opts.format, cmem::driver::Format::Human(_)) {
            let warnings = summary.diagnostics.len();
            let _ = writeln!(
                std::io::stdout(),
                "{}: no errors{}",
                files.join(", "),
                match warnings {
                    0 => String::new(),
                    1 => ", 1 warning".into(),
                    n => format!(", {n} warnings"),
                }
            );
        }
        return exit(summary.exit);
    }
    // A developer aid: the bytecode of the program's own functions, for work on the compiler.
    if std::env::var_os("CMEM_DUMP_BYTECODE").is_some() {
        let copy = sources
            .iter()
            .map(|s| SourceFile::new(s.name.as_str(), s.path.clone(), s.bytes.clone()))
            .collect();
        let fe = cmem::driver::compile(copy, opts);
        let _ = std::io::stderr().write_all(cmem::driver::bytecode_listing(&fe).as_bytes());
    }
    let stdin: Box<dyn std::io::BufRead> = if from_stdin {
        Box::new(std::io::empty())
    } else {
        Box::new(BufReader::new(std::io::stdin()))
    };
    let stdout: Box<dyn Write> = Box::new(std::io::stdout());
    let stderr: Box<dyn Write> = Box::new(std::io::stderr());
    let mut opts = opts.clone();
    opts.draw = picture;
    let summary = cmem::driver::run_source(sources, &opts, stdout, stderr, stdin);
    if let (Some(path), Some(text)) = (report, &summary.report) {
        if let Err(e) = std::fs::write(path, text) {
            return super::usage_error(&format!("cannot write `{}`: {e}", path.display()));
        }
    }
    if let (Some(d), Some(picture)) = (draw, &summary.picture) {
        if let Err(e) = std::fs::write(d, picture) {
            return super::usage_error(&format!("cannot write `{}`: {e}", d.display()));
        }
    }
    exit(summary.exit)
}

/// `cmem test`.
pub fn test(paths: &[PathBuf], bless: bool, json: bool) -> ExitCode {
    let bless = bless || std::env::var_os("CMEM_BLESS").is_some_and(|v| !v.is_empty() && v != "0");
    let mut out = std::io::stdout();
    match test::run_suite(paths, bless, json, &mut out) {
        Ok((_, 0)) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => super::usage_error(&e),
    }
}

/// `cmem repl` (and `cmem` alone): line editing and history on a terminal, plain lines
/// (no prompts) when stdin is a pipe.
pub fn repl(opts: Options) -> ExitCode {
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let color = interactive && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let style = HumanStyle {
        color,
        width: if interactive { terminal_width() } else { 100 },
    };
    let stdout = EndsWithNewline::new();
    let last_newline = stdout.flag.clone();
    let mut session = Repl::new(
        opts.clone(),
        style,
        Box::new(stdout),
        Box::new(std::io::stderr()),
    );
    // Ctrl-C while a snippet runs stops it (at the next loop or call) and keeps the session.
    let flag = session.interrupt_flag();
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
    if interactive {
        interactive_loop(&mut session, &last_newline)
    } else {
        piped_loop(&mut session, &last_newline, opts.error_exitcode)
    }
}

/// The program's stdout, remembering whether the last byte written was a newline (so the
/// REPL can end an unfinished line before it prints).
struct EndsWithNewline {
    flag: Arc<AtomicBool>,
    out: std::io::Stdout,
}

impl EndsWithNewline {
    fn new() -> EndsWithNewline {
        EndsWithNewline {
            flag: Arc::new(AtomicBool::new(true)),
            out: std::io::stdout(),
        }
    }
}

impl Write for EndsWithNewline {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        if n > 0 {
            self.flag.store(buf[n - 1] == b'\n', Ordering::Relaxed);
        }
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Prints a reply after the program's own output, on a line of its own.
fn print_reply(reply: &Reply, last_newline: &AtomicBool) {
    let mut out = std::io::stdout().lock();
    if !last_newline.swap(true, Ordering::Relaxed) {
        let _ = out.write_all(b"\n");
    }
    let _ = out.write_all(reply.text.as_bytes());
    let _ = out.flush();
}

fn piped_loop(session: &mut Repl, last_newline: &AtomicBool, error_exitcode: i32) -> ExitCode {
    let mut any_error = false;
    let mut status = 0;
    let mut buffer = String::new();
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        let line = match lines.next() {
            Some(Ok(l)) => l,
            Some(Err(e)) => return super::usage_error(&format!("cannot read stdin: {e}")),
            None => break,
        };
        buffer.push_str(&line);
        buffer.push('\n');
        if !session.is_complete(&buffer) {
            continue;
        }
        let input = std::mem::take(&mut buffer);
        if let Some(arg) = input.trim().strip_prefix(":debug") {
            let flag = session.interrupt_flag();
            debug::from_repl(arg, session.options(), flag, || {
                lines.next().and_then(Result::ok)
            });
            continue;
        }
        session.interrupt_flag().store(false, Ordering::Relaxed);
        let reply = session.eval(&input);
        print_reply(&reply, last_newline);
        any_error |= reply.error;
        if reply.quit {
            status = reply.exit.unwrap_or(0);
            break;
        }
    }
    if !buffer.trim().is_empty() {
        let reply = session.eval(&buffer);
        print_reply(&reply, last_newline);
        any_error |= reply.error;
    }
    // As for `cmem run`: an error wins over the program's own status.
    if any_error {
        exit(error_exitcode)
    } else {
        exit(status)
    }
}

/// Where the history is kept: `$CMEM_HISTORY`, else the user's data directory.
fn history_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CMEM_HISTORY").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".local/share")))?;
    Some(data.join("cmem").join("history"))
}

fn interactive_loop(session: &mut Repl, last_newline: &AtomicBool) -> ExitCode {
    // Tab lists the candidates (and completes what they share).
    let config = rustyline::Config::builder()
        .auto_add_history(false)
        .completion_type(rustyline::CompletionType::List)
        .max_history_size(5000)
        .map(|b| b.build())
        .unwrap_or_default();
    let mut rl: rustyline::Editor<Completion, rustyline::history::DefaultHistory> =
        match rustyline::Editor::with_config(config) {
            Ok(rl) => rl,
            Err(e) => return super::usage_error(&format!("cannot start line editing: {e}")),
        };
    rl.set_helper(Some(Completion {
        names: session.completions(""),
        members: session.member_completions(),
        files: rustyline::completion::FilenameCompleter::new(),
    }));
    let history = history_path();
    if let Some(h) = &history {
        let _ = rl.load_history(h);
    }
    println!(
        "cmem {} — type C declarations and statements, :help for commands, Ctrl-D to leave",
        env!("CARGO_PKG_VERSION")
    );
    let mut buffer = String::new();
    loop {
        let prompt = if buffer.is_empty() {
            "cmem> "
        } else {
            "  ... "
        };
        match rl.readline(prompt) {
            Ok(line) => {
                buffer.push_str(&line);
                buffer.push('\n');
                if !session.is_complete(&buffer) {
                    continue;
                }
                let input = std::mem::take(&mut buffer);
                if input.trim().is_empty() {
                    continue;
                }
                let _ = rl.add_history_entry(input.trim_end());
                if let Some(h) = &history {
                    if let Some(dir) = h.parent() {
                        let _ = std::fs::create_dir_all(dir);
                    }
                    let _ = rl.save_history(h);
                }
                if let Some(arg) = input.trim().strip_prefix(":debug") {
                    let flag = session.interrupt_flag();
                    debug::from_repl(arg, session.options(), flag, || {
                        rl.readline("(debug) ").ok()
                    });
                    continue;
                }
                session.interrupt_flag().store(false, Ordering::Relaxed);
                let reply = session.eval(&input);
                print_reply(&reply, last_newline);
                if reply.quit {
                    return exit(reply.exit.unwrap_or(0));
                }
                if let Some(h) = rl.helper_mut() {
                    h.names = session.completions("");
                    h.members = session.member_completions();
                }
            }
            // Ctrl-C at the prompt drops the unfinished input.
            Err(rustyline::error::ReadlineError::Interrupted) => {
                buffer.clear();
            }
            Err(rustyline::error::ReadlineError::Eof) => break,
            Err(e) => return super::usage_error(&format!("cannot read input: {e}")),
        }
    }
    ExitCode::SUCCESS
}

/// Tab completion of identifiers, keywords and meta-commands; of members after `s.` and
/// `p->`; of file names after `:load` and `:draw`.
struct Completion {
    names: Vec<String>,
    /// Each struct (or pointer-to-struct) variable and its members.
    members: Vec<(String, Vec<String>)>,
    files: rustyline::completion::FilenameCompleter,
}

impl rustyline::completion::Completer for Completion {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let before = &line[..pos];
        if before.starts_with(":load ") || before.starts_with(":draw ") {
            let (start, pairs) = self.files.complete(line, pos, ctx)?;
            return Ok((start, pairs.into_iter().map(|p| p.replacement).collect()));
        }
        let start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .map_or(0, |i| i + 1);
        let word = &before[start..];
        // A member after `name.` or `name->`.
        let head = before[..start]
            .strip_suffix('.')
            .or_else(|| before[..start].strip_suffix("->"));
        if let Some(head) = head {
            let var_start = head
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .map_or(0, |i| i + 1);
            let var = &head[var_start..];
            let members = self
                .members
                .iter()
                .find(|(n, _)| n == var)
                .map(|(_, m)| m.iter().filter(|m| m.starts_with(word)).cloned().collect())
                .unwrap_or_default();
            return Ok((start, members));
        }
        if word.is_empty() {
            return Ok((pos, Vec::new()));
        }
        let candidates = if word.starts_with(':') {
            cmem::repl::COMMANDS
                .iter()
                .filter(|c| c.starts_with(word))
                .map(|c| c.to_string())
                .collect()
        } else {
            self.names
                .iter()
                .filter(|n| n.starts_with(word))
                .cloned()
                .collect()
        };
        Ok((start, candidates))
    }
}

impl rustyline::hint::Hinter for Completion {
    type Hint = String;
}
impl rustyline::highlight::Highlighter for Completion {}
impl rustyline::validate::Validator for Completion {}
impl rustyline::Helper for Completion {}

/// Reads a source file's bytes.
pub fn read_source(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))
}

/// The host's file system, as the library sees it (`#include`, the REPL's `:load` and
/// `:draw`, a program's sandboxed files): the one place cmem's library code reaches files.
struct HostFiles;

impl cmem::source::Files for HostFiles {
    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn canonicalize(&self, path: &Path) -> std::io::Result<std::path::PathBuf> {
        path.canonicalize()
    }

    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn len(&self, path: &Path) -> std::io::Result<u64> {
        std::fs::metadata(path).map(|m| m.len())
    }

    fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::write(path, bytes)
    }

    fn current_dir(&self) -> Option<std::path::PathBuf> {
        std::env::current_dir().ok()
    }
}

/// A handle to the host's files for the library's options.
pub fn host_files() -> cmem::source::FileAccess {
    cmem::source::FileAccess(std::sync::Arc::new(HostFiles))
}
