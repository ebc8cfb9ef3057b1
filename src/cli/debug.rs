//! `cmem debug`, `cmem trace` and `cmem dap`: the debugger's faces on the host — the
//! program's files and input read here, commands from a terminal (with line editing) or a
//! pipe, pictures and traces written here.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cmem::debug::commands::{DebugPrompt, Reply};
use cmem::debug::Debugger;
use cmem::driver::{Options, SourceFile};

/// The program's files, read; the options with their default file root.
fn load(files: &[String], opts: &Options) -> Result<(Vec<SourceFile>, Options), String> {
    let mut sources = Vec::new();
    for f in files {
        let p = PathBuf::from(f);
        sources.push(SourceFile::new(
            f.as_str(),
            Some(p.clone()),
            super::read_source(&p)?,
        ));
    }
    let opts = cmem::driver::with_default_root(&sources, opts);
    Ok((sources, opts))
}

/// Why a debugging session did not start.
pub enum NotStarted {
    /// cmem was used wrongly (a file that cannot be read): status 2.
    Usage(String),
    /// The program has errors (the checker's report) or cannot run: the error status.
    Program(String),
}

impl NotStarted {
    fn message(self) -> String {
        match self {
            NotStarted::Usage(m) | NotStarted::Program(m) => m,
        }
    }

    /// Says why on stderr; the exit status.
    fn exit(self, opts: &Options) -> ExitCode {
        match self {
            NotStarted::Usage(m) => super::super::usage_error(&m),
            NotStarted::Program(m) => {
                let _ = std::io::stderr().write_all(m.as_bytes());
                ExitCode::from((opts.error_exitcode & 0xFF) as u8)
            }
        }
    }
}

/// Compiles the program and stops it before its first statement; a program with errors
/// is refused with the checker's report.
pub fn start(files: &[String], opts: &Options, stdin: Vec<u8>) -> Result<Debugger, NotStarted> {
    let (sources, opts) = load(files, opts).map_err(NotStarted::Usage)?;
    let fe = cmem::driver::compile(sources, &opts);
    if fe.has_errors() {
        let mut report = Vec::new();
        cmem::driver::emit_diagnostics(&fe.diagnostics, &fe.sm, opts.format, &mut report);
        return Err(NotStarted::Program(format!(
            "{}the program has errors: fix them first\n",
            String::from_utf8_lossy(&report)
        )));
    }
    let name = files.first().cloned().unwrap_or_default();
    Debugger::start(fe, &opts, stdin, &name).map_err(|m| NotStarted::Program(format!("{m}\n")))
}

fn read_stdin_file(stdin: Option<&Path>) -> Result<Vec<u8>, String> {
    match stdin {
        Some(p) => std::fs::read(p).map_err(|e| format!("cannot read `{}`: {e}", p.display())),
        None => Ok(Vec::new()),
    }
}

/// `cmem debug FILE.c`: commands from the terminal or from stdin (the program's own input
/// comes from `--stdin FILE`).
pub fn debug(files: &[String], opts: &Options, stdin: Option<&Path>) -> ExitCode {
    let input = match read_stdin_file(stdin) {
        Ok(b) => b,
        Err(e) => return super::super::usage_error(&e),
    };
    let d = match start(files, opts, input) {
        Ok(d) => d,
        Err(e) => return e.exit(opts),
    };
    // Ctrl-C stops a run going forward (`:continue` into an endless loop).
    let flag = d.interrupt_flag();
    let _ = ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::Relaxed));
    let mut prompt = DebugPrompt::new(d);
    if std::io::stdin().is_terminal() {
        interactive(&mut prompt)
    } else {
        let stdin = std::io::stdin();
        let mut lines = stdin.lock().lines();
        // Piped: each command is echoed before its reply, so the output reads as a session.
        drive(&mut prompt, || lines.next().and_then(Result::ok), true);
        ExitCode::SUCCESS
    }
}

/// Runs commands from `next_line` until it ends or `:quit`.
pub fn drive(prompt: &mut DebugPrompt, mut next_line: impl FnMut() -> Option<String>, echo: bool) {
    print(&prompt.banner());
    while let Some(line) = next_line() {
        if echo {
            print(&format!("(debug) {line}\n"));
        }
        let reply = prompt.eval(&line);
        show(&reply);
        if reply.quit {
            break;
        }
    }
}

fn interactive(prompt: &mut DebugPrompt) -> ExitCode {
    let mut rl = match rustyline::DefaultEditor::new() {
        Ok(rl) => rl,
        Err(e) => return super::super::usage_error(&format!("cannot start line editing: {e}")),
    };
    println!("cmem debug — :help lists the commands, Ctrl-D leaves");
    print(&prompt.banner());
    loop {
        match rl.readline("(debug) ") {
            Ok(line) => {
                let _ = rl.add_history_entry(line.as_str());
                let reply = prompt.eval(&line);
                show(&reply);
                if reply.quit {
                    break;
                }
            }
            Err(rustyline::error::ReadlineError::Interrupted) => continue,
            Err(_) => break,
        }
    }
    ExitCode::SUCCESS
}

fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Prints a reply (and writes its picture).
fn show(reply: &Reply) {
    if let Some((file, text)) = &reply.picture {
        if let Err(e) = std::fs::write(file, text) {
            print(&format!("cannot write `{file}`: {e}\n"));
            return;
        }
    }
    print(&reply.text);
}

/// `:debug FILE.c [ARGS]` at the REPL: a debugging session on the REPL's own input, back
/// to the REPL after `:quit`.
pub fn from_repl(
    arg: &str,
    opts: &Options,
    interrupt: std::sync::Arc<std::sync::atomic::AtomicBool>,
    next_line: impl FnMut() -> Option<String>,
) {
    let mut words = arg.split_whitespace();
    let Some(file) = words.next() else {
        print("`:debug FILE.c [ARGS]`\n");
        return;
    };
    let mut opts = opts.clone();
    opts.args = words.map(str::to_string).collect();
    match start(&[file.to_string()], &opts, Vec::new()) {
        Ok(mut d) => {
            d.set_interrupt_flag(interrupt);
            let mut prompt = DebugPrompt::new(d);
            drive(&mut prompt, next_line, !std::io::stdin().is_terminal());
            print("back at the REPL\n");
        }
        Err(e) => print(&format!("cannot debug `{file}`: {}", e.message())),
    }
}

/// `cmem trace FILE.c`: the run in Python Tutor's trace format, on stdout or to `out`.
pub fn trace(
    files: &[String],
    opts: &Options,
    stdin: Option<&Path>,
    out: Option<&Path>,
    max_trace: u64,
) -> ExitCode {
    let input = match read_stdin_file(stdin) {
        Ok(b) => b,
        Err(e) => return super::super::usage_error(&e),
    };
    let d = match start(files, opts, input) {
        Ok(d) => d,
        Err(e) => return e.exit(opts),
    };
    let traced = cmem::debug::trace::trace(d, max_trace);
    let text = traced.json.to_string();
    match out {
        Some(p) => {
            if let Err(e) = std::fs::write(p, text) {
                return super::super::usage_error(&format!("cannot write `{}`: {e}", p.display()));
            }
        }
        None => println!("{text}"),
    }
    // As `cmem run`: an error (or a trace cut short) is the error status.
    if traced.complete && !traced.errors {
        ExitCode::SUCCESS
    } else {
        ExitCode::from((opts.error_exitcode & 0xFF) as u8)
    }
}

/// `cmem dap`: the Debug Adapter Protocol on stdin and stdout.
pub fn dap(opts: &Options) -> ExitCode {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut output = std::io::stdout();
    let mut host = DapHost;
    match cmem::debug::dap::serve(&mut input, &mut output, opts, &mut host) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => super::super::usage_error(&format!("dap: {e}")),
    }
}

/// What the adapter needs of the host: the program's files and input.
struct DapHost;

impl cmem::debug::dap::Host for DapHost {
    fn start(
        &mut self,
        program: &str,
        args: &[String],
        stdin: &[u8],
        opts: &Options,
    ) -> Result<Debugger, String> {
        let mut opts = opts.clone();
        opts.args = args.to_vec();
        start(&[program.to_string()], &opts, stdin.to_vec()).map_err(NotStarted::message)
    }
    fn read_file(&mut self, path: &str) -> Result<Vec<u8>, String> {
        std::fs::read(path).map_err(|e| format!("cannot read `{path}`: {e}"))
    }
}
