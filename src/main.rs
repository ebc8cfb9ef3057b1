//! The `cmem` command: a thin shell that maps arguments to the library.

mod cli;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use cmem::diag::render::HumanStyle;
use cmem::diag::{Code, LintLevels, Severity};
use cmem::driver::{Format, Options};

#[derive(Parser)]
#[command(
    name = "cmem",
    version,
    about = "Run C programs and explain every misuse of memory",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Parse, check and run a C file (`-` reads the program from stdin)
    Run(RunArgs),
    /// Parse and type-check a C file without running it
    Check(RunArgs),
    /// Run golden-file tests: every .c file under the paths
    Test(TestArgs),
    /// Start the interactive REPL
    Repl(ReplArgs),
    /// Step through a program: breakpoints, watches, stepping forward and back
    Debug(ProgramArgs),
    /// Write a whole run as JSON, one step per statement (Python Tutor's trace format)
    Trace(TraceArgs),
    /// Speak the Debug Adapter Protocol on stdin/stdout (for editors)
    Dap(ReplArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Sarif,
}

#[derive(Args, Clone)]
struct CommonArgs {
    /// How to print diagnostics
    #[arg(long, value_enum, default_value = "human")]
    format: FormatArg,
    /// Exit status when an error is reported
    #[arg(long, default_value_t = 1, value_name = "N")]
    error_exitcode: i32,
    /// Stop a program after N steps: one per operation executed (a loop iteration counts
    /// the operations of its body, a call one, a library call its work) [default: 5*10^9]
    #[arg(long, value_name = "N")]
    max_steps: Option<u64>,
    /// Memory for the program's objects (heap blocks, locals, globals, with cmem's
    /// bookkeeping for each); malloc beyond it returns NULL [default: 1 GiB]
    #[arg(long, value_name = "BYTES")]
    heap_limit: Option<u64>,
    /// Maximum depth of nested calls
    #[arg(long, value_name = "FRAMES")]
    stack_limit: Option<usize>,
    /// Stop a program that writes more than this many bytes to stdout, stderr and files
    #[arg(long, value_name = "BYTES")]
    output_limit: Option<u64>,
    /// The folder whose files the program may open (default: the folder of its first file)
    #[arg(long, value_name = "DIR")]
    fs_root: Option<PathBuf>,
    /// Copy the files the program writes into DIR when it ends (default: they are kept in
    /// memory for the run only)
    #[arg(long, value_name = "DIR")]
    fs_out: Option<PathBuf>,
    /// Write at most N diagnostics (default 100); the last says how many were left out
    #[arg(long, value_name = "N")]
    max_diagnostics: Option<usize>,
    /// Stop preprocessing after N macro expansions and inclusions (default 10000000)
    #[arg(long, value_name = "N")]
    max_pp_work: Option<u64>,
    /// Stop preprocessing a program that has more than N tokens (default 5000000)
    #[arg(long, value_name = "N")]
    max_tokens: Option<u64>,
    /// Do not report this diagnostic code
    #[arg(long, value_name = "CODE")]
    allow: Vec<String>,
    /// Report this code as a warning
    #[arg(long, value_name = "CODE")]
    warn: Vec<String>,
    /// Report this code as an error
    #[arg(long, value_name = "CODE")]
    deny: Vec<String>,
    /// Make the N-th heap allocation return NULL
    #[arg(long, value_name = "N")]
    fail_alloc: Option<u64>,
    /// Add a folder to search for `#include "..."` and `<...>` files
    #[arg(short = 'I', value_name = "DIR")]
    include: Vec<PathBuf>,
    /// Define a macro, as a C compiler's -D
    #[arg(short = 'D', value_name = "NAME[=VALUE]")]
    define: Vec<String>,
}

#[derive(Args)]
struct RunArgs {
    /// The C files of the program, linked as one (`-` alone: the program on stdin)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    #[command(flatten)]
    common: CommonArgs,
    /// Draw the heap as SVG at the first error or at exit
    #[arg(long, value_name = "FILE.svg")]
    draw: Option<PathBuf>,
    /// Write the diagnostics to FILE (in the --format chosen) instead of stderr, so the
    /// program's own stdout and stderr stay untouched
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Arguments passed to the program's main
    #[arg(last = true)]
    args: Vec<String>,
}

#[derive(Args)]
struct TestArgs {
    /// Files or folders of .c tests
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Write the expected-output files from the actual output
    #[arg(long)]
    bless: bool,
    /// Print results as human text or JSON lines
    #[arg(long, value_enum, default_value = "human")]
    format: FormatArg,
}

/// A program to debug or trace: its files, options, input and arguments.
#[derive(Args)]
struct ProgramArgs {
    /// The C files of the program
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    #[command(flatten)]
    common: CommonArgs,
    /// The program's standard input (default: empty; `cmem debug` reads its own commands
    /// from the terminal or stdin)
    #[arg(long, value_name = "FILE")]
    stdin: Option<PathBuf>,
    /// Arguments passed to the program's main
    #[arg(last = true)]
    args: Vec<String>,
}

#[derive(Args)]
struct TraceArgs {
    #[command(flatten)]
    program: ProgramArgs,
    /// Write the trace to FILE instead of stdout
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Stop the trace after N steps (statements), with a last entry saying so
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    max_trace_steps: u64,
}

#[derive(Args)]
struct ReplArgs {
    #[command(flatten)]
    common: CommonArgs,
}

fn parse_code(s: &str) -> Result<Code, String> {
    Code::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        format!(
            "unknown diagnostic code `{s}` (the codes are: {})",
            all.join(", ")
        )
    })
}

fn options(c: &CommonArgs, args: Vec<String>) -> Result<Options, String> {
    let format = match c.format {
        FormatArg::Human => {
            let tty = std::io::stderr().is_terminal();
            let color = tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            Format::Human(HumanStyle {
                color,
                width: if tty { cli::terminal_width() } else { 100 },
            })
        }
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
    };
    let mut o = Options {
        format,
        ..Options::default()
    };
    o.error_exitcode = c.error_exitcode;
    if let Some(n) = c.max_steps {
        o.limits.max_steps = n.max(1);
    }
    if let Some(n) = c.heap_limit {
        o.limits.memory_bytes = n;
    }
    if let Some(n) = c.stack_limit {
        o.limits.max_frames = n.max(1);
    }
    if let Some(n) = c.output_limit {
        o.limits.output_bytes = n;
    }
    if let Some(n) = c.max_diagnostics {
        o.max_diagnostics = n;
    }
    o.limits.fail_alloc = c.fail_alloc;
    o.fs.root = c.fs_root.clone();
    if let Some(out) = &c.fs_out {
        if !out.is_dir() {
            return Err(format!("--fs-out `{}` is not a folder", out.display()));
        }
        o.fs.out = Some(out.clone());
    }
    let mut lints = LintLevels::default();
    for s in &c.allow {
        lints.set(parse_code(s)?, None);
    }
    for s in &c.warn {
        lints.set(parse_code(s)?, Some(Severity::Warning));
    }
    for s in &c.deny {
        lints.set(parse_code(s)?, Some(Severity::Error));
    }
    o.lints = lints;
    o.pp.files = cli::host_files();
    o.pp.include_dirs = c.include.clone();
    o.pp.max_work = c.max_pp_work;
    o.pp.max_tokens = c.max_tokens;
    o.pp.defines = c
        .define
        .iter()
        .map(|d| match d.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (d.clone(), None),
        })
        .collect();
    o.args = args;
    Ok(o)
}

/// The exit status of an internal error (a bug of cmem): not 1 (the program's errors) nor
/// 2 (a usage error).
const INTERNAL_ERROR: u8 = 70;

fn usage_error(msg: &str) -> ExitCode {
    let _ = std::io::Write::write_all(&mut std::io::stderr(), format!("error: {msg}\n").as_bytes());
    ExitCode::from(2)
}

fn main() -> ExitCode {
    // `cmem FILE.c ...` is `cmem run FILE.c ...`.
    let mut argv: Vec<String> = std::env::args().collect();
    if let Some(first) = argv.get(1) {
        let known = [
            "run",
            "check",
            "test",
            "repl",
            "debug",
            "trace",
            "dap",
            "help",
            "-h",
            "--help",
            "-V",
            "--version",
        ];
        if !known.contains(&first.as_str())
            && (first.ends_with(".c") || first == "-" || !first.starts_with('-'))
        {
            argv.insert(1, "run".into());
        }
    }
    let cli = Cli::parse_from(argv);
    // A panic is a bug in cmem: say so briefly instead of printing a Rust backtrace.
    std::panic::set_hook(Box::new(|info| {
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            format!("cmem: internal error: {info}\nplease report this with the program that caused it\n").as_bytes(),
        );
    }));
    // The pipeline runs on a thread with a large stack: the checker and compiler recurse
    // over (bounded-height) trees; C recursion itself never uses the Rust stack.
    let worker = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || dispatch(cli));
    match worker.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        // The panic hook has said what happened; a bug of cmem has its own status.
        Ok(Err(_)) => ExitCode::from(INTERNAL_ERROR),
        Err(e) => {
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                format!("cmem: internal error: cannot start the interpreter: {e}\n").as_bytes(),
            );
            ExitCode::from(INTERNAL_ERROR)
        }
    }
}

fn dispatch(cli: Cli) -> ExitCode {
    match cli.command {
        None => cli::repl(Options {
            pp: cmem::syntax::preprocess::PpOptions {
                files: cli::host_files(),
                ..Default::default()
            },
            ..Options::default()
        }),
        Some(Command::Repl(r)) => match options(&r.common, Vec::new()) {
            Ok(o) => cli::repl(o),
            Err(e) => usage_error(&e),
        },
        Some(Command::Run(r)) => {
            let opts = match options(&r.common, r.args.clone()) {
                Ok(o) => o,
                Err(e) => return usage_error(&e),
            };
            cli::run(
                &r.files,
                &opts,
                r.draw.as_deref(),
                r.report.as_deref(),
                false,
            )
        }
        Some(Command::Check(r)) => {
            let opts = match options(&r.common, Vec::new()) {
                Ok(o) => o,
                Err(e) => return usage_error(&e),
            };
            cli::run(&r.files, &opts, None, r.report.as_deref(), true)
        }
        Some(Command::Test(t)) => cli::test(&t.paths, t.bless, matches!(t.format, FormatArg::Json)),
        Some(Command::Debug(p)) => match options(&p.common, p.args.clone()) {
            Ok(o) => cli::debug::debug(&p.files, &o, p.stdin.as_deref()),
            Err(e) => usage_error(&e),
        },
        Some(Command::Trace(t)) => {
            let p = &t.program;
            match options(&p.common, p.args.clone()) {
                Ok(o) => cli::debug::trace(
                    &p.files,
                    &o,
                    p.stdin.as_deref(),
                    t.output.as_deref(),
                    t.max_trace_steps,
                ),
                Err(e) => usage_error(&e),
            }
        }
        Some(Command::Dap(r)) => match options(&r.common, Vec::new()) {
            Ok(o) => cli::debug::dap(&o),
            Err(e) => usage_error(&e),
        },
    }
}
