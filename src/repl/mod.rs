//! The REPL session: the same preprocessor, checker, compiler, machine and diagnostics as
//! `cmem run`, kept alive between inputs (SPEC §5).
//!
//! Declarations typed at the prompt persist: functions (which may be redefined), types,
//! typedefs, macros, and variables (they live for the whole session and start unwritten,
//! like locals). Statements run at once, in a snippet function per input. The value of an
//! expression statement is printed with its type. A runtime error is reported exactly as
//! `cmem run` reports it, and the session goes on with memory as it was.
//!
//! Invariant: no terminal I/O here (the binary's `cli::repl` owns rustyline); the session
//! writes the program's output to the writer it was given and returns its own text.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use crate::bytecode::CompiledProgram;
use crate::diag::render::HumanStyle;
use crate::diag::{Diagnostic, Severity};
use crate::driver::{Format, Options};
use crate::eval::builtins::Io;
use crate::eval::{Machine, Trap};
use crate::frontend::Session;
use crate::inspect::draw::HeapGraph;
use crate::inspect::Inspector;
use crate::mem::{Pointer, Size};
use crate::sema::program::{FuncId, Function, GlobalId, Stmt, StmtKind};
use crate::sema::types::{FnSig, TypeId};
use crate::source::{FileId, Interner, Span};
use crate::syntax::token::Tok;

/// What one input produced.
#[derive(Debug, Default)]
pub struct Reply {
    /// Text for the user (values, diagnostics, command output).
    pub text: String,
    /// The session should end (`:quit`, or the program called `exit`).
    pub quit: bool,
    /// An error was reported.
    pub error: bool,
    /// The status the program passed to `exit` (which ends the session).
    pub exit: Option<i32>,
}

pub struct Repl {
    opts: Options,
    style: HumanStyle,
    /// The front end (sources, macros, typedef names, declarations, program tables).
    fe: Session,
    machine: Machine,
    inputs: usize,
    /// The value of the last expression statement (for `:mem`).
    last_value: Option<(TypeId, u64)>,
}

pub const HELP: &str = "\
Type C declarations and statements; an expression statement prints its value and type.
An incomplete input continues on the next line. stdio.h, stdlib.h, string.h and
stdbool.h are already included.
  :help            this text
  :heap            live heap blocks: id, address, size, bytes written, allocation site
  :mem EXPR [N]    the bytes of an object (or N bytes at a pointer); ?? = never written
  :type EXPR       the type of an expression, without evaluating it
  :leaks           a leak check now: blocks no variable can reach any more
  :draw [FILE]     a picture of the heap, as SVG (or DOT when FILE ends in .dot)
  :load FILE       read declarations and statements from a file
  :reset           start over with an empty session
  :debug FILE [ARGS]  step through a program file (its own session; :quit comes back)
  :quit            leave (Ctrl-D also leaves; Ctrl-C stops a running statement)
";

/// The meta-commands, for completion.
pub const COMMANDS: [&str; 10] = [
    ":help", ":heap", ":mem", ":type", ":leaks", ":draw", ":load", ":reset", ":debug", ":quit",
];

const KEYWORDS: [&str; 34] = [
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
    "enum", "extern", "float", "for", "goto", "if", "int", "long", "register", "return", "short",
    "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
    "volatile", "while", "_Bool", "inline",
];

impl Repl {
    /// A new session whose C program writes to `stdout` (and `stderr`).
    pub fn new(
        opts: Options,
        style: HumanStyle,
        stdout: Box<dyn Write>,
        stderr: Box<dyn Write>,
    ) -> Repl {
        let fe = Session::new(opts.pp.clone());
        let mut io = Io::new(stdout, stderr, Box::new(std::io::empty()));
        // The session's files are those of the folder it was started in.
        let mut fs = opts.fs.clone();
        if fs.root.is_none() {
            fs.root = opts.pp.files.0.current_dir();
        }
        io.fs = crate::eval::files::FileSystem::new(&fs, opts.pp.files.clone());
        let mut machine = Machine::new(CompiledProgram::default(), opts.limits.clone(), io);
        machine.c11_zero_size_free =
            opts.lints.explicit(crate::diag::Code::ZeroSizeFree) == Some(None);
        let mut s = Repl {
            opts,
            style,
            fe,
            machine,
            inputs: 0,
            last_value: None,
        };
        let prelude = s.run_c(
            "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <stdbool.h>\n",
            "<prelude>".into(),
        );
        debug_assert!(!prelude.error, "{}", prelude.text);
        s
    }

    /// A read-only view of the session's program and memory.
    pub fn inspector(&self) -> Inspector<'_> {
        Inspector {
            prog: &self.fe.program,
            m: &self.machine,
            sm: &self.fe.sm,
            interner: &self.fe.interner,
        }
    }

    /// The options the session was started with.
    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// The flag that interrupts a running snippet (set it from a Ctrl-C handler).
    pub fn interrupt_flag(&self) -> Arc<AtomicBool> {
        self.machine.interrupt.clone()
    }

    /// Whether `input` is complete, or the REPL should read another line.
    pub fn is_complete(&self, input: &str) -> bool {
        let t = input.trim();
        if t.is_empty() || t.starts_with(':') {
            return true;
        }
        if t.lines().all(|l| l.trim_start().starts_with('#')) {
            return !t.ends_with('\\');
        }
        let mut interner = Interner::new();
        let mut diags = Vec::new();
        let toks =
            crate::syntax::lexer::lex(crate::source::FileId(0), input, &mut interner, &mut diags);
        if diags.iter().any(|d| d.message.contains("comment")) {
            return false; // an unterminated comment
        }
        let mut depth = 0i64;
        let mut last = None;
        let mut first = None;
        for tk in toks.iter().filter(|t| t.kind != Tok::Newline) {
            match tk.kind {
                Tok::LParen | Tok::LBracket | Tok::LBrace => depth += 1,
                Tok::RParen | Tok::RBracket | Tok::RBrace => depth -= 1,
                _ => {}
            }
            if first.is_none() {
                first = Some(tk.kind);
            }
            last = Some(tk.kind);
        }
        if depth > 0 {
            return false;
        }
        match last {
            Some(Tok::Semi | Tok::RBrace) | None => true,
            // A declaration whose body follows on the next line (`int main(void)`).
            _ => !first.is_some_and(|f| f.is_keyword() && !matches!(f, Tok::Sizeof | Tok::Return)),
        }
    }

    /// Candidates to complete `prefix` (identifiers, keywords, meta-commands).
    pub fn completions(&self, prefix: &str) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        if prefix.starts_with(':') {
            v.extend(COMMANDS.iter().map(|c| c.to_string()));
        } else {
            v.extend(KEYWORDS.iter().map(|k| k.to_string()));
            for f in &self.fe.program.functions {
                if !f.name.starts_with("__") && !f.name.starts_with('<') {
                    v.push(f.name.clone());
                }
            }
            for g in &self.fe.program.globals {
                if !g.name.is_empty() && !g.name.starts_with('<') {
                    v.push(g.name.clone());
                }
            }
        }
        v.retain(|c| c.starts_with(prefix));
        v.sort();
        v.dedup();
        v
    }

    /// For tab completion after `name.` and `name->`: each variable of the session whose
    /// type is a struct or union (or a pointer to one), with its member names.
    pub fn member_completions(&self) -> Vec<(String, Vec<String>)> {
        let types = &self.fe.program.types;
        let mut out = Vec::new();
        for g in &self.fe.program.globals {
            if g.name.is_empty() || g.name.starts_with('<') {
                continue;
            }
            let rec = types
                .record_of(g.ty)
                .or_else(|| types.pointee(g.ty).and_then(|q| types.record_of(q.ty)));
            if let Some(rec) = rec {
                let members = rec
                    .fields
                    .iter()
                    .filter_map(|f| f.name)
                    .map(|s| self.fe.interner.resolve(s).to_string())
                    .collect();
                out.push((g.name.clone(), members));
            }
        }
        out
    }

    fn render(&self, diags: &[Diagnostic]) -> String {
        let mut out = String::new();
        for d in diags {
            match self.opts.format {
                Format::Json => out.push_str(&crate::diag::render::json_line(d, &self.fe.sm)),
                _ => {
                    out.push_str(&crate::diag::render::human(d, &self.fe.sm, self.style));
                    out.push('\n');
                }
            }
        }
        out
    }

    /// Evaluates one input: a meta-command, or C declarations and statements.
    pub fn eval(&mut self, input: &str) -> Reply {
        let t = input.trim();
        if let Some(cmd) = t.strip_prefix(':') {
            return self.command(cmd);
        }
        if t.is_empty() {
            return Reply::default();
        }
        self.inputs += 1;
        self.run_c(input, format!("<repl:{}>", self.inputs))
    }

    /// Compiles and runs C text typed at the prompt (or loaded); `name` is its file name in
    /// diagnostics.
    fn run_c(&mut self, input: &str, name: String) -> Reply {
        // A rejected input leaves no trace (see `frontend::Session::rollback`).
        let checkpoint = self.fe.checkpoint();
        let (file, unit) = match self.parse_snippet(input, &name, &checkpoint) {
            Ok(x) => x,
            Err(reply) => return reply,
        };
        let snippet = self.push_snippet(file);
        let (stmts, locals, redefined, results, check_diags, n_labels) = {
            let mut c = self.fe.checker(true);
            c.begin_snippet(snippet);
            let stmts = c.check_unit(&unit);
            let n_labels = c.func.as_ref().map_or(0, |f| f.n_labels);
            let locals = c.end_snippet();
            let redefined = std::mem::take(&mut c.redefined);
            let results = std::mem::take(&mut c.results);
            (
                stmts,
                locals,
                redefined,
                results,
                c.into_diagnostics(),
                n_labels,
            )
        };
        let mut out = String::new();
        let warnings: Vec<Diagnostic> = check_diags
            .iter()
            .filter(|d| !d.is_error())
            .cloned()
            .collect();
        if check_diags.iter().any(Diagnostic::is_error) {
            // A rejected input leaves no trace: its names, functions and variables go, and
            // functions it redefined get their previous definitions back.
            self.fe.rollback(checkpoint, redefined);
            out.push_str(&self.render(&check_diags));
            return Reply {
                text: out,
                error: true,
                ..Reply::default()
            };
        }
        out.push_str(&self.render(&warnings));
        {
            let f = &mut self.fe.program.functions[snippet.0 as usize];
            f.locals = locals;
            f.n_labels = n_labels;
            f.body = Some(Stmt {
                kind: StmtKind::Block(stmts),
                span: Span::new(file, 0, 0),
            });
        }
        let recompile: Vec<u32> = redefined.iter().map(|(f, _)| f.0).collect();
        if let Err(e) = self.machine.link(&self.fe.program, &recompile) {
            let d = crate::explain::compile_error(&e);
            out.push_str(&self.render(&[d]));
            return Reply {
                text: out,
                error: true,
                ..Reply::default()
            };
        }
        self.machine.steps_left = self.opts.limits.max_steps;
        let n_warnings = self.machine.warnings.len();
        let result = self.machine.call(snippet.0, &[]);
        self.machine.io.flush();
        let mut reply = Reply::default();
        let run_warnings: Vec<Diagnostic> = {
            let ex = crate::explain::Explain {
                prog: &self.fe.program,
                m: &self.machine,
                sm: &self.fe.sm,
                interner: &self.fe.interner,
            };
            self.machine.warnings[n_warnings..]
                .iter()
                .map(|w| ex.warning(w))
                .collect()
        };
        out.push_str(&self.render(&crate::driver::apply_lints(run_warnings, &self.opts.lints)));
        match result {
            Ok(_) => self.print_results(&results, &mut out),
            Err(Trap::Exit(code)) => {
                let site = self.machine.user_site();
                self.machine.unwind_all(site);
                let _ = writeln!(out, "the program called exit({code}); the session ends");
                reply.quit = true;
                reply.exit = Some(code);
            }
            Err(trap) => {
                let d = {
                    let ex = crate::explain::Explain {
                        prog: &self.fe.program,
                        m: &self.machine,
                        sm: &self.fe.sm,
                        interner: &self.fe.interner,
                    };
                    ex.trap(&trap)
                };
                let site = self.machine.user_site();
                self.machine.unwind_all(site);
                let ds = crate::driver::apply_lints(vec![d], &self.opts.lints);
                reply.error = ds.iter().any(|d| d.severity == Severity::Error);
                out.push_str(&self.render(&ds));
            }
        }
        reply.text = out;
        reply
    }

    /// Parses an input; an expression typed without its `;` gets one (a token, not text:
    /// reports quote the input as typed), if that makes it parse. On failure everything the
    /// attempts changed is rolled back.
    fn parse_snippet(
        &mut self,
        input: &str,
        name: &str,
        checkpoint: &crate::frontend::Checkpoint,
    ) -> Result<(FileId, crate::syntax::ast::TranslationUnit), Reply> {
        let diags = match self.parse_input(input, name) {
            Ok(x) => return Ok(x),
            Err(diags) => diags,
        };
        self.fe.rollback(checkpoint.clone(), Vec::new());
        let retry = !input.trim_end().ends_with(';') && !input.trim_start().starts_with('#');
        let closed = if retry {
            let file = self.fe.add_file(name, None, input.to_string());
            match self.fe.parse_closing(file) {
                (Some(unit), diags) if !diags.iter().any(Diagnostic::is_error) => {
                    Some((file, unit))
                }
                _ => None,
            }
        } else {
            None
        };
        match closed {
            Some(x) => Ok(x),
            None => {
                self.fe.rollback(checkpoint.clone(), Vec::new());
                Err(Reply {
                    text: self.render(&diags),
                    error: true,
                    ..Reply::default()
                })
            }
        }
    }

    /// A new function, without a body yet, for the statements of the input in `file`.
    fn push_snippet(&mut self, file: FileId) -> FuncId {
        let snippet = FuncId(self.fe.program.functions.len() as u32);
        let ty = self.fe.program.types.function(FnSig {
            ret: TypeId::VOID,
            params: Vec::new(),
            variadic: false,
            prototyped: true,
        });
        self.fe.program.functions.push(Function {
            name: "<repl>".into(),
            sym: crate::source::Symbol(0),
            ty,
            ret: TypeId::VOID,
            params: Vec::new(),
            locals: Vec::new(),
            body: None,
            builtin: None,
            forbidden: None,
            span: Span::new(file, 0, 0),
            end_span: Span::new(file, 0, 0),
            library: false,
            n_labels: 0,
            is_static: false,
        });
        snippet
    }

    /// Prints the values of the input's expression statements, then forgets them (a
    /// printed value keeps no block reachable).
    fn print_results(&mut self, results: &[(GlobalId, Span)], out: &mut String) {
        for (gid, _) in results {
            let g = &self.fe.program.globals[gid.0 as usize];
            let p = self.machine.prog.global_ptrs[gid.0 as usize];
            let _ = writeln!(
                out,
                "({}) {}",
                self.fe.program.types.display(g.ty, &self.fe.interner),
                self.inspector().format_value(g.ty, p, 0)
            );
            self.last_value = self
                .fe
                .program
                .types
                .scalar(g.ty)
                .filter(|&sc| sc != crate::mem::Scalar::F80)
                .and_then(|sc| self.machine.mem.load(p, sc).ok())
                .map(|v| (g.ty, v));
            let size = Size::from_bytes(self.fe.program.types.size_of(g.ty).unwrap_or(0));
            self.machine
                .mem
                .mark_uninit(p, size, crate::mem::NO_SITE)
                .unwrap_or_else(|e| crate::bug!("the result global is not writable: {e:?}"));
        }
    }

    /// Preprocesses and parses one input (a new file of the session).
    fn parse_input(
        &mut self,
        text: &str,
        name: &str,
    ) -> Result<(FileId, crate::syntax::ast::TranslationUnit), Vec<Diagnostic>> {
        let file = self.fe.add_file(name, None, text.to_string());
        if let Some(at) = stray_close_brace(text) {
            let span = Span::new(file, at as u32, at as u32 + 1);
            let mut d = Diagnostic::new(
                crate::diag::Code::SyntaxError,
                span,
                "this `}` closes no block: no `{` before it is still open",
            )
            .primary("a stray `}`");
            d.help = Some("each input at the prompt is complete by itself: a block typed over several lines is closed by the `}` of the same input".into());
            return Err(vec![d]);
        }
        match self.fe.parse(file, true) {
            (Some(unit), diags) if !diags.iter().any(Diagnostic::is_error) => Ok((file, unit)),
            (_, diags) => Err(diags),
        }
    }

    fn command(&mut self, cmd: &str) -> Reply {
        let (name, arg) = cmd
            .split_once(char::is_whitespace)
            .map_or((cmd, ""), |(a, b)| (a, b.trim()));
        let text = |t: String| Reply {
            text: t,
            ..Reply::default()
        };
        let takes_none = matches!(
            name,
            "help" | "h" | "?" | "quit" | "q" | "exit" | "heap" | "leaks" | "reset"
        );
        if takes_none && !arg.is_empty() {
            return Reply {
                text: format!("`:{name}` takes no arguments (got `{arg}`)\n"),
                error: true,
                ..Reply::default()
            };
        }
        match name {
            "help" | "h" | "?" => text(HELP.to_string()),
            "quit" | "q" | "exit" => Reply {
                quit: true,
                ..Reply::default()
            },
            "heap" => text(self.inspector().heap_table()),
            "leaks" => self.leaks(),
            "type" | "t" => match self.expression_type(arg) {
                Ok(ty) => text(format!(
                    "{}\n",
                    self.fe.program.types.display(ty, &self.fe.interner)
                )),
                Err(r) => r,
            },
            "mem" | "m" => self.mem(arg),
            "draw" => self.draw(arg),
            "load" | "l" => match self.opts.pp.files.0.read(Path::new(arg)) {
                Ok(bytes) => match crate::driver::decode_source(bytes) {
                    Ok(src) => self.run_c(&src, arg.to_string()),
                    Err(e) => Reply {
                        text: format!("cannot load `{arg}`: {}\n", e.message),
                        error: true,
                        ..Reply::default()
                    },
                },
                Err(e) => Reply {
                    text: format!("cannot load `{arg}`: {e}\n"),
                    error: true,
                    ..Reply::default()
                },
            },
            "reset" => {
                let stdout =
                    std::mem::replace(&mut self.machine.io.stdout, Box::new(std::io::sink()));
                let stderr =
                    std::mem::replace(&mut self.machine.io.stderr, Box::new(std::io::sink()));
                let interrupt = self.machine.interrupt.clone();
                *self = Repl::new(self.opts.clone(), self.style, stdout, stderr);
                // The Ctrl-C handler holds this flag: the new machine keeps it.
                self.machine.interrupt = interrupt;
                text("the session is empty again\n".into())
            }
            _ => Reply {
                text: format!("unknown command `:{name}`; type :help for the list\n"),
                error: true,
                ..Reply::default()
            },
        }
    }

    /// Checks `expr` alone (in a scratch snippet) and returns its type.
    fn expression_type(&mut self, expr: &str) -> Result<TypeId, Reply> {
        let (e, _) = self.check_expression(expr)?;
        Ok(e)
    }

    /// Type-checks an expression; returns its type (before array decay) and whether it is an
    /// lvalue.
    fn check_expression(&mut self, expr: &str) -> Result<(TypeId, bool), Reply> {
        if expr.trim().is_empty() {
            return Err(Reply {
                text: "an expression is needed\n".into(),
                error: true,
                ..Reply::default()
            });
        }
        let checkpoint = self.fe.checkpoint();
        let file = self.fe.add_file("<expression>", None, expr.to_string());
        let parsed = match self.fe.parse_closing(file) {
            (Some(unit), diags) if !diags.iter().any(Diagnostic::is_error) => Ok((file, unit)),
            (_, diags) => Err(diags),
        };
        // Looking at an expression changes nothing (not even a macro it defines).
        self.fe.rollback(checkpoint, Vec::new());
        let unit = match parsed {
            Ok((_, unit)) => unit,
            Err(diags) => {
                return Err(Reply {
                    text: self.render(&diags),
                    error: true,
                    ..Reply::default()
                })
            }
        };
        let Some(crate::syntax::ast::ExternalDecl::Stmt(crate::syntax::ast::Stmt {
            kind: crate::syntax::ast::StmtKind::Expr(Some(e)),
            ..
        })) = unit.items.first()
        else {
            return Err(Reply {
                text: "expected an expression\n".into(),
                error: true,
                ..Reply::default()
            });
        };
        let scratch = FuncId(self.fe.program.functions.len() as u32);
        let mut c = self.fe.checker(true);
        c.begin_snippet(scratch);
        let checked = c.expr(e);
        let _ = c.end_snippet();
        let diags = c.into_diagnostics();
        if diags.iter().any(Diagnostic::is_error) {
            return Err(Reply {
                text: self.render(&diags),
                error: true,
                ..Reply::default()
            });
        }
        Ok((checked.ty, checked.is_lvalue()))
    }

    /// Evaluates a scalar expression and returns its type and value.
    fn evaluate(&mut self, expr: &str) -> Result<(TypeId, u64), Reply> {
        self.last_value = None;
        let r = self.run_c(&format!("{expr};"), "<expression>".into());
        if r.error || r.quit {
            return Err(r);
        }
        self.last_value.take().ok_or_else(|| Reply {
            text: "the expression has no value\n".into(),
            error: true,
            ..Reply::default()
        })
    }

    fn mem(&mut self, arg: &str) -> Reply {
        // `:mem EXPR [N]`: a trailing number is the byte count.
        let (expr, count) = match arg.rsplit_once(char::is_whitespace) {
            Some((e, n)) if n.parse::<u64>().is_ok() && !e.trim().is_empty() => {
                (e.trim(), n.parse::<u64>().ok())
            }
            _ => (arg, None),
        };
        let (ty, lvalue) = match self.check_expression(expr) {
            Ok(x) => x,
            Err(r) => return r,
        };
        let types = &self.fe.program.types;
        // An object designated by an lvalue (not a pointer variable): its own bytes.
        let (addr, len) = if lvalue && !types.is_pointer(ty) {
            let size = types.size_of(ty).unwrap_or(0);
            match self.evaluate(&format!("(void *)&({expr})")) {
                Ok((_, p)) => (Pointer::from_bits(p), count.unwrap_or(size)),
                Err(r) => return r,
            }
        } else if types.is_pointer(ty) || types.is_array(ty) {
            match self.evaluate(&format!("(void *)({expr})")) {
                Ok((_, p)) => {
                    let p = self.machine.mem.canonical(Pointer::from_bits(p));
                    let size = p
                        .alloc_id()
                        .and_then(|id| self.machine.mem.slot(id)?.size())
                        .map_or(0, Size::bytes);
                    let off = p.offset_bytes().map_or(size, |o| o.max(0) as u64);
                    let rest = size.saturating_sub(off);
                    (p, count.unwrap_or(rest.min(256)))
                }
                Err(r) => return r,
            }
        } else {
            return Reply {
                text: "`:mem` needs an object or a pointer\n".into(),
                error: true,
                ..Reply::default()
            };
        };
        Reply {
            text: self.inspector().hex_dump(addr, len),
            ..Reply::default()
        }
    }

    fn leaks(&mut self) -> Reply {
        let roots = self.machine.register_roots();
        let leaks: Vec<_> = crate::mem::leaks::find_leaks(&self.machine.mem, true, &roots)
            .into_iter()
            .filter(|l| l.kind != crate::mem::leaks::LeakKind::StillReachable)
            .collect();
        if leaks.is_empty() {
            return Reply {
                text: "no leaks: every live heap block is still reachable\n".into(),
                ..Reply::default()
            };
        }
        let ds = {
            let ex = crate::explain::Explain {
                prog: &self.fe.program,
                m: &self.machine,
                sm: &self.fe.sm,
                interner: &self.fe.interner,
            };
            ex.leaks(&leaks)
        };
        Reply {
            text: self.render(&ds),
            error: true,
            ..Reply::default()
        }
    }

    fn draw(&mut self, arg: &str) -> Reply {
        let file = if arg.is_empty() { "heap.svg" } else { arg };
        let dot = file.ends_with(".dot");
        let graph = HeapGraph::capture(self.inspector());
        let text = if dot { graph.to_dot() } else { graph.to_svg() };
        match self.opts.pp.files.0.write(Path::new(file), text.as_bytes()) {
            Ok(()) => {
                let (b, e) = (graph.blocks.len(), graph.edges.len());
                let plural = |n: usize, what: &str| {
                    if n == 1 {
                        format!("1 {what}")
                    } else {
                        format!("{n} {what}s")
                    }
                };
                Reply {
                    text: format!(
                        "wrote {file} ({}, {})\n",
                        plural(b, "block"),
                        plural(e, "pointer")
                    ),
                    ..Reply::default()
                }
            }
            Err(e) => Reply {
                text: format!("cannot write `{file}`: {e}\n"),
                error: true,
                ..Reply::default()
            },
        }
    }
}

/// The offset of the first `}` that closes no block of `text` (braces in strings, character
/// constants and comments do not count).
fn stray_close_brace(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let (mut depth, mut i) = (0i64, 0);
    while i < b.len() {
        match b[i] {
            b'"' | b'\'' => {
                let q = b[i];
                i += 1;
                while i < b.len() && b[i] != q {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b'{' => depth += 1,
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Repl {
        Repl::new(
            Options::default(),
            HumanStyle::plain(),
            Box::new(std::io::sink()),
            Box::new(std::io::sink()),
        )
    }

    /// A rejected input takes its typedef names and macros with it.
    #[test]
    fn a_rejected_input_is_rolled_back_in_every_stage() {
        let mut s = session();
        let r = s.eval("typedef int U; U z = nope;");
        assert!(r.error, "{}", r.text);
        let r = s.eval("U + 1");
        assert!(r.error && r.text.contains("undeclared"), "{}", r.text);
        assert!(!r.text.contains("syntax-error"), "{}", r.text);
        let r = s.eval("#define TWICE(x) ((x) * 2)\nint w = missing;");
        assert!(r.error, "{}", r.text);
        let r = s.eval("TWICE(3)");
        assert!(r.error, "the macro survived: {}", r.text);
        // An accepted input keeps both.
        assert_eq!(s.eval("typedef int V; V v = 4;").text, "");
        assert_eq!(s.eval("#define THRICE(x) ((x) * 3)").text, "");
        assert_eq!(s.eval("THRICE(v)").text, "(int) 12\n");
    }

    /// The Ctrl-C flag the binary's handler holds still stops snippets after `:reset`.
    #[test]
    fn interrupt_flag_survives_reset() {
        let mut s = session();
        let flag = s.interrupt_flag();
        s.eval(":reset");
        assert!(Arc::ptr_eq(&flag, &s.interrupt_flag()));
        flag.store(true, std::sync::atomic::Ordering::SeqCst);
        let r = s.eval("while (1);");
        assert!(r.text.contains("interrupted"), "{}", r.text);
    }

    #[test]
    fn values_and_types_are_printed() {
        let mut s = session();
        assert_eq!(s.eval("40 + 2").text, "(int) 42\n");
        assert_eq!(s.eval("int x = 5;").text, "");
        assert_eq!(s.eval("x * 2;").text, "(int) 10\n");
        assert_eq!(s.eval("char *greeting = \"hello\";").text, "");
        assert!(s.eval("greeting").text.contains("-> \"hello\""));
        s.eval("struct point { int x, y; };");
        assert_eq!(
            s.eval("(struct point){1, 2}").text,
            "(struct point) {x = 1, y = 2}\n"
        );
        assert_eq!(s.eval(":type greeting").text, "char *\n");
    }

    #[test]
    fn errors_keep_the_session_going() {
        let mut s = session();
        s.eval("int *p = malloc(sizeof(int));");
        s.eval("free(p);");
        let r = s.eval("*p");
        assert!(r.error && r.text.contains("use-after-free"), "{}", r.text);
        assert_eq!(s.eval("1 + 1").text, "(int) 2\n");
        let r = s.eval("int y;");
        assert!(!r.error);
        let r = s.eval("y + 1");
        assert!(r.error && r.text.contains("uninit-read"), "{}", r.text);
    }

    #[test]
    fn functions_persist_and_can_be_redefined() {
        let mut s = session();
        s.eval("int twice(int v) { return 2 * v; }");
        s.eval("int call(void) { return twice(21); }");
        assert_eq!(s.eval("call()").text, "(int) 42\n");
        s.eval("int twice(int v) { return 3 * v; }");
        assert_eq!(s.eval("call()").text, "(int) 63\n");
    }

    #[test]
    fn heap_mem_and_leaks() {
        let mut s = session();
        s.eval("char *q = malloc(4);");
        s.eval("q[0] = 'h'; q[1] = 'i';");
        assert!(s.eval(":heap").text.contains("2/4"));
        let dump = s.eval(":mem q").text;
        assert!(dump.contains("68 69 ?? ??"), "{dump}");
        assert!(s.eval(":leaks").text.contains("no leaks"));
        s.eval("q = NULL;");
        let r = s.eval(":leaks");
        assert!(
            r.text.contains("memory-leak") && r.text.contains("overwritten"),
            "{}",
            r.text
        );
    }

    #[test]
    fn completeness() {
        let s = session();
        assert!(!s.is_complete("int f(int a) {"));
        assert!(s.is_complete("int f(int a) { return a; }"));
        assert!(!s.is_complete("int main(void)"));
        assert!(s.is_complete("1 + 2"));
        assert!(!s.is_complete("/* open"));
        assert!(s.is_complete(":heap"));
        assert!(s.is_complete("#include <math.h>"));
    }
}
