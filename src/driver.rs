//! The driver: options, the front end, execution, lints and the output of diagnostics —
//! what `cmem run` and `cmem check` do, as functions the binary, the REPL and the test
//! harness call.
//!
//! Invariant: no file, terminal or environment access here; callers pass the source bytes
//! and the writers.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use crate::diag::render::HumanStyle;
use crate::diag::{self, Code, Diagnostic, LintLevels, Severity};
use crate::eval::builtins::Io;
use crate::eval::files::{FileSystem, FsOptions};
use crate::eval::vm::Trap;
use crate::eval::Limits;
use crate::eval::{Machine, Outcome};
use crate::frontend::Session;
use crate::sema::program::Program;
use crate::source::{self, Interner, SourceMap};
use crate::syntax::preprocess::PpOptions;
use crate::{bytecode, explain, inspect, mem};

/// How diagnostics are written.
#[derive(Clone, Copy, Debug)]
pub enum Format {
    Human(HumanStyle),
    Json,
    Sarif,
}

/// Everything a run can be configured with (SPEC §1).
#[derive(Clone, Debug)]
pub struct Options {
    pub pp: PpOptions,
    pub limits: Limits,
    pub format: Format,
    pub lints: LintLevels,
    /// Exit status when an error was reported.
    pub error_exitcode: i32,
    /// `argv[1..]` of the C program.
    pub args: Vec<String>,
    /// Draw the heap at the first error or at exit (`cmem run --draw`).
    pub draw: Option<Picture>,
    /// At most this many diagnostics are written (`--max-diagnostics`).
    pub max_diagnostics: usize,
    /// The sandboxed file system (`--fs-root`, `--fs-out`); with no root, `run_source`
    /// uses the folder of the program's first file.
    pub fs: FsOptions,
    /// Diagnostics go to `Summary::report` instead of the program's stderr (`--report
    /// FILE`: a channel of their own, for autograders).
    pub separate_report: bool,
}

/// The format of a heap picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Picture {
    Svg,
    Dot,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            pp: PpOptions::default(),
            limits: Limits::default(),
            format: Format::Human(HumanStyle::plain()),
            lints: LintLevels::default(),
            error_exitcode: 1,
            args: Vec::new(),
            draw: None,
            max_diagnostics: 100,
            fs: FsOptions::default(),
            separate_report: false,
        }
    }
}

/// A program after the front end: its sources, the checked program and what was found.
pub struct Frontend {
    pub sm: SourceMap,
    pub interner: Interner,
    pub program: Program,
    pub diagnostics: Vec<Diagnostic>,
    pub main_file: source::FileId,
}

impl Frontend {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// A problem that makes bytes unusable as C source: the text to show, where, and why.
pub struct DecodeError {
    pub lossy: String,
    pub offset: usize,
    pub message: String,
}

/// Checks that bytes are C source text (UTF-8, no NUL bytes).
pub fn decode_source(mut bytes: Vec<u8>) -> Result<String, DecodeError> {
    // A UTF-8 byte-order mark is not part of the text (gcc skips it too).
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        let lossy = String::from_utf8_lossy(&bytes).replace('\0', " ");
        return Err(DecodeError {
            lossy,
            offset,
            message: "the file contains a NUL byte: it looks like a binary file, not C source"
                .into(),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
        DecodeError {
            lossy,
            offset,
            message: "the file is not UTF-8 text".into(),
        }
    })
}

/// One file of a program, as read: its name for diagnostics, its path (for `#include
/// "..."` next to it), and its bytes.
pub struct SourceFile {
    pub name: String,
    pub path: Option<PathBuf>,
    pub bytes: Vec<u8>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, path: Option<PathBuf>, bytes: Vec<u8>) -> SourceFile {
        SourceFile {
            name: name.into(),
            path,
            bytes,
        }
    }
}

/// Preprocesses, parses and checks the translation units of a program and links them, as a
/// C toolchain does. The first file is the main one (`argv[0]`, "no `main`" is reported there).
pub fn compile(files: Vec<SourceFile>, opts: &Options) -> Frontend {
    let mut session = Session::new(opts.pp.clone());
    let mut diagnostics = Vec::new();
    let mut main_file = None;
    for file in files {
        let (text, bad) = match decode_source(file.bytes) {
            Ok(t) => (t, None),
            Err(e) => (e.lossy, Some((e.offset, e.message))),
        };
        let id = session.add_file(&file.name, file.path, text);
        main_file.get_or_insert(id);
        match bad {
            Some((offset, message)) => diagnostics.push(not_text(&session, id, offset, message)),
            None => diagnostics.extend(session.check_unit(id)),
        }
    }
    let main_file = main_file.unwrap_or_else(|| session.add_file("<empty>", None, String::new()));
    let errors = diagnostics.iter().any(Diagnostic::is_error);
    diagnostics.extend(session.link(main_file, errors));
    let Session {
        sm,
        interner,
        program,
        ..
    } = session;
    Frontend {
        sm,
        interner,
        program,
        diagnostics,
        main_file,
    }
}

/// A file that is not C source text: the diagnostic points at its first bad byte.
fn not_text(session: &Session, file: source::FileId, offset: usize, message: String) -> Diagnostic {
    // (In the lossy text the offset can only grow.)
    let text = session.sm.file(file).map_or("", |f| &*f.text);
    let off = text
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| i >= offset)
        .unwrap_or(text.len()) as u32;
    let span = source::Span::new(file, off, off);
    Diagnostic::new(Code::SyntaxError, span, message)
        .primary("here")
        .help("cmem runs C source files (UTF-8 text)")
}

/// The result of running a program.
pub struct RunReport {
    pub diagnostics: Vec<Diagnostic>,
    /// The program's own exit status, when it ended normally.
    pub status: Option<i32>,
    pub machine: Machine,
    /// The allocation the error that stopped the program is about (a picture marks it).
    pub culprit: Option<mem::AllocId>,
}

/// Runs a checked program; `io` carries its standard streams.
pub fn execute(fe: &Frontend, opts: &Options, io: Io, program_name: &str) -> RunReport {
    let mut machine = match prepare(fe, opts, io, false) {
        Ok(m) => m,
        Err((machine, d)) => {
            return RunReport {
                diagnostics: d.into_iter().collect(),
                status: None,
                machine,
                culprit: None,
            }
        }
    };
    let main = fe.program.main.map_or(0, |m| m.0);
    let outcome = machine.run_main(main, &program_args(opts, program_name));
    conclude(fe, machine, &outcome)
}

/// A machine with the program linked (`debug`: compiled for the debugger), its files the
/// sandbox's; `Err` with the reason when it cannot run (no diagnostic: there is no `main`).
pub fn prepare(
    fe: &Frontend,
    opts: &Options,
    io: Io,
    debug: bool,
) -> Result<Machine, (Machine, Option<Diagnostic>)> {
    let mut io = io;
    io.fs = FileSystem::new(&opts.fs, opts.pp.files.clone());
    let mut machine = Machine::new(
        bytecode::CompiledProgram::default(),
        opts.limits.clone(),
        io,
    );
    machine.prog.debug = debug;
    machine.c11_zero_size_free = opts.lints.explicit(Code::ZeroSizeFree) == Some(None);
    if let Err(e) = machine.link(&fe.program, &[]) {
        let d = explain::compile_error(&e);
        return Err((machine, Some(d)));
    }
    if fe.program.main.is_none() {
        return Err((machine, None));
    }
    Ok(machine)
}

/// `argv`: the program's name, then its arguments.
pub fn program_args(opts: &Options, program_name: &str) -> Vec<String> {
    let mut args = vec![program_name.to_string()];
    args.extend(opts.args.iter().cloned());
    args
}

/// What a finished run reports: its warnings, then the leaks at exit or the error that
/// stopped it.
pub fn conclude(fe: &Frontend, mut machine: Machine, outcome: &Outcome) -> RunReport {
    if let Outcome::Exited(_) = outcome {
        // exit() closes the streams: what they wrote reaches their files.
        machine.commit_files();
    }
    let mut diags = Vec::new();
    let explain = explain::Explain {
        prog: &fe.program,
        m: &machine,
        sm: &fe.sm,
        interner: &fe.interner,
    };
    for w in &machine.warnings {
        diags.push(explain.warning(w));
    }
    let status = match outcome {
        Outcome::Exited(status) => {
            let leaks = mem::leaks::find_leaks(&machine.mem, false, &[]);
            diags.extend(explain.leaks(&leaks));
            diags.extend(explain.resource_leaks());
            Some(*status)
        }
        Outcome::Trapped(t) => {
            diags.push(explain.trap(t));
            None
        }
    };
    let culprit = match outcome {
        Outcome::Trapped(Trap::Mem { err, .. } | Trap::Free { err, .. }) => err
            .alloc_id()
            .map(|id| machine.mem.canonical(mem::Pointer::start(id)))
            .and_then(|p| p.alloc_id()),
        _ => None,
    };
    RunReport {
        diagnostics: diags,
        status,
        machine,
        culprit,
    }
}

/// The bytecode of a compiled program's own functions, one instruction a line (for work on
/// the compiler: `CMEM_DUMP_BYTECODE=1 cmem run FILE.c`).
pub fn bytecode_listing(fe: &Frontend) -> String {
    if fe.has_errors() {
        return String::new();
    }
    let mut machine = Machine::new(
        bytecode::CompiledProgram::default(),
        Limits::default(),
        Io::new(
            Box::new(std::io::sink()),
            Box::new(std::io::sink()),
            Box::new(std::io::empty()),
        ),
    );
    if let Err(e) = machine.link(&fe.program, &[]) {
        return format!("cannot compile: {}\n", e.message);
    }
    let mut out = String::new();
    for f in machine.prog.funcs.iter().filter(|f| !f.library) {
        for (i, insn) in f.code.iter().enumerate() {
            out.push_str(&format!("{} {i:4} {insn:?}\n", f.name));
        }
    }
    out
}

/// Applies `--allow/--warn/--deny` to diagnostics.
pub fn apply_lints(diags: Vec<Diagnostic>, lints: &LintLevels) -> Vec<Diagnostic> {
    diags.into_iter().filter_map(|d| lints.apply(d)).collect()
}

/// Keeps the first `max` diagnostics; when there were more, the last one says how many
/// were left out and how to see them.
pub fn cap_diagnostics(mut diags: Vec<Diagnostic>, max: usize) -> Vec<Diagnostic> {
    if diags.len() <= max {
        return diags;
    }
    let hidden = diags.len() - max;
    let span = diags[max].span;
    diags.truncate(max);
    diags.push(
        Diagnostic::new(
            Code::DiagnosticLimit,
            span,
            format!(
                "{hidden} more diagnostic{} not shown",
                if hidden == 1 { " is" } else { "s are" }
            ),
        )
        .primary("the first one not shown is here")
        .help(format!(
            "fix the ones above first, or show up to N with `--max-diagnostics N` (now {max})"
        )),
    );
    diags
}

/// Writes diagnostics in the chosen format.
pub fn emit_diagnostics(diags: &[Diagnostic], sm: &SourceMap, format: Format, out: &mut dyn Write) {
    match format {
        Format::Human(style) => {
            for d in diags {
                let _ = writeln!(out, "{}", diag::render::human(d, sm, style));
            }
        }
        Format::Json => {
            for d in diags {
                let _ = out.write_all(diag::render::json_line(d, sm).as_bytes());
            }
        }
        Format::Sarif => {
            let _ = out.write_all(diag::render::sarif(diags, sm).as_bytes());
        }
    }
    let _ = out.flush();
}

/// What a run reported, as data: each diagnostic's severity, code and primary line.
#[derive(Debug, Clone)]
pub struct Summary {
    pub exit: i32,
    pub diagnostics: Vec<Reported>,
    /// The heap picture asked for with [`Options::draw`] (SVG or DOT text).
    pub picture: Option<String>,
    /// With [`Options::separate_report`], the diagnostics as `Options::format` renders
    /// them (none were written to the program's stderr).
    pub report: Option<Vec<u8>>,
}

/// A diagnostic as `cmem test` compares it with an annotation: its severity, its code, and
/// the file (as named on the command line) and line of its primary span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reported {
    pub severity: Severity,
    pub code: Code,
    pub file: String,
    pub line: u32,
}

fn summarize(exit: i32, diags: &[Diagnostic], sm: &SourceMap) -> Summary {
    Summary {
        exit,
        diagnostics: diags
            .iter()
            .map(|d| Reported {
                severity: d.severity,
                code: d.code,
                file: sm
                    .file(d.span.file)
                    .map_or(String::new(), |f| f.name.clone()),
                line: sm.line_of(d.span),
            })
            .collect(),
        picture: None,
        report: None,
    }
}

/// The options with the program's files being those beside its first file, unless the
/// options say otherwise.
pub fn with_default_root(files: &[SourceFile], opts: &Options) -> Options {
    let mut opts = opts.clone();
    if opts.fs.root.is_none() {
        opts.fs.root = files
            .first()
            .and_then(|f| f.path.as_ref())
            .and_then(|p| p.parent())
            .map(|d| {
                if d.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    d
                }
                .to_path_buf()
            });
    }
    opts
}

/// `cmem run`: compiles and runs a file, writing the program's output and the diagnostics.
pub fn run_source(
    files: Vec<SourceFile>,
    opts: &Options,
    stdout: Box<dyn Write>,
    mut stderr: Box<dyn Write>,
    stdin: Box<dyn BufRead>,
) -> Summary {
    let name = files.first().map_or(String::new(), |f| f.name.clone());
    let opts = &with_default_root(&files, opts);
    let fe = compile(files, opts);
    let front = apply_lints(fe.diagnostics.clone(), &opts.lints);
    let mut report_buf: Vec<u8> = Vec::new();
    if front.iter().any(Diagnostic::is_error) {
        let shown = cap_diagnostics(front.clone(), opts.max_diagnostics);
        let sink: &mut dyn Write = if opts.separate_report {
            &mut report_buf
        } else {
            &mut *stderr
        };
        emit_diagnostics(&shown, &fe.sm, opts.format, sink);
        let mut summary = summarize(opts.error_exitcode, &front, &fe.sm);
        summary.report = opts.separate_report.then_some(report_buf);
        return summary;
    }
    let report = execute(&fe, opts, Io::new(stdout, stderr, stdin), &name);
    let mut all = front;
    all.extend(report.diagnostics);
    let all = apply_lints(all, &opts.lints);
    let report_culprit = report.culprit;
    let mut machine = report.machine;
    machine.io.flush();
    let shown = cap_diagnostics(all.clone(), opts.max_diagnostics);
    let sink: &mut dyn Write = if opts.separate_report {
        &mut report_buf
    } else {
        &mut *machine.io.stderr
    };
    emit_diagnostics(&shown, &fe.sm, opts.format, sink);
    if let Err(e) = machine.io.fs.persist() {
        let _ = writeln!(machine.io.stderr, "cmem: --fs-out: {e}");
    }
    let exit = if all.iter().any(|d| d.severity == Severity::Error) {
        opts.error_exitcode
    } else {
        report.status.unwrap_or(0) & 0xFF
    };
    let mut summary = summarize(exit, &all, &fe.sm);
    summary.report = opts.separate_report.then_some(report_buf);
    if let Some(kind) = opts.draw {
        let mut graph = inspect::draw::HeapGraph::capture(inspect::Inspector {
            prog: &fe.program,
            m: &machine,
            sm: &fe.sm,
            interner: &fe.interner,
        });
        graph.culprit = report_culprit.map(|id| format!("b{}", id.get()));
        summary.picture = Some(match kind {
            Picture::Svg => graph.to_svg(),
            Picture::Dot => graph.to_dot(),
        });
    }
    summary
}

/// `cmem check`: front end only. Returns the exit status.
pub fn check_source(files: Vec<SourceFile>, opts: &Options, stderr: &mut dyn Write) -> Summary {
    let fe = compile(files, opts);
    let diags = apply_lints(fe.diagnostics.clone(), &opts.lints);
    let shown = cap_diagnostics(diags.clone(), opts.max_diagnostics);
    emit_diagnostics(&shown, &fe.sm, opts.format, stderr);
    let exit = if diags.iter().any(Diagnostic::is_error) {
        opts.error_exitcode
    } else {
        0
    };
    summarize(exit, &diags, &fe.sm)
}
