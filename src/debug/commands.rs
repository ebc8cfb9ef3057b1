//! The `cmem debug` prompt: one command in, one reply out (the binary reads the lines, in
//! a terminal or piped). Motion (`:step`, `:next`, `:finish`, `:continue`, `:back`,
//! `:rcontinue`), pause points (`:break`, `:watch`, `:delete`), where the run is
//! (`:where`, `:frame`, `:list`) and what it holds (an lvalue typed alone, `:locals`,
//! `:heap`, `:mem`, `:type`, `:draw`), read in the selected frame.

use std::fmt::Write as _;

use super::values::{self, Value};
use super::{Debugger, Motion, State};
use crate::eval::pause::PauseReason;
use crate::inspect::draw::HeapGraph;

pub const HELP: &str = "\
commands (short forms: :b :w :d :s :n :fin :c :rc :bt :f :l :q):
  :break LINE | FUNC    stop before line LINE (or the next line with a statement), or at
                        FUNC's first statement
  :watch LVALUE         stop when its bytes change; `:watch block PTR`: when any byte of
                        the block PTR points into changes or it is freed
  :delete ID            remove a breakpoint or a watch
  :step  :next          the next statement (entering calls / not)
  :finish               until the current function returns
  :continue             until a breakpoint, a watch, an error or the end
  :back                 one statement back
  :rcontinue            back to the previous breakpoint or watch hit (for a watch: to the
                        statement that made the change)
  :where                the call stack          :frame N   select frame N
  :list                 the source around the selected frame's line
  :locals               the selected frame's variables
  LVALUE                its value: a name, then .member, ->member, [index], leading *
  :heap  :mem LVALUE [N]  :type LVALUE  :draw FILE.svg
  :quit
";

/// What the prompt prints for one command.
#[derive(Debug, Default)]
pub struct Reply {
    pub text: String,
    /// A picture to write: (file name, contents).
    pub picture: Option<(String, String)>,
    pub quit: bool,
    pub error: bool,
}

fn reply(text: String) -> Reply {
    Reply {
        text,
        ..Reply::default()
    }
}

fn error(text: String) -> Reply {
    Reply {
        text,
        error: true,
        ..Reply::default()
    }
}

/// A `cmem debug` session.
pub struct DebugPrompt {
    pub d: Debugger,
}

impl DebugPrompt {
    pub fn new(d: Debugger) -> DebugPrompt {
        DebugPrompt { d }
    }

    /// Where the run starts, as the prompt first shows it.
    pub fn banner(&mut self) -> String {
        self.stop_text()
    }

    /// Runs one command.
    pub fn eval(&mut self, line: &str) -> Reply {
        let line = line.trim();
        if line.is_empty() {
            return reply(String::new());
        }
        let Some(cmd) = line.strip_prefix(':') else {
            return self.print(line);
        };
        let (name, arg) = cmd.split_once(char::is_whitespace).unwrap_or((cmd, ""));
        let arg = arg.trim();
        match name {
            "help" | "h" | "?" => reply(HELP.into()),
            "quit" | "q" => Reply {
                quit: true,
                ..Reply::default()
            },
            "step" | "s" => self.motion(Motion::StepIn),
            "next" | "n" => self.motion(Motion::StepOver),
            "finish" | "fin" => self.motion(Motion::StepOut),
            "continue" | "c" => self.motion(Motion::Continue),
            "back" => match self.d.back() {
                Ok(true) => reply(self.stop_text()),
                Ok(false) => error("already at the first statement\n".into()),
                Err(e) => error(format!("{e}\n")),
            },
            "rcontinue" | "rc" => match self.d.reverse_continue() {
                Ok(Some(_)) => reply(self.stop_text()),
                Ok(None) => reply(format!(
                    "no breakpoint or watch hit before this point: at the first statement\n{}",
                    self.stop_text()
                )),
                Err(e) => error(format!("{e}\n")),
            },
            "break" | "b" => match self.d.add_breakpoint(arg) {
                Ok(b) => reply(format!("breakpoint {} at line {}\n", b.id, b.line)),
                Err(e) => error(format!("{e}\n")),
            },
            "watch" | "w" => match self.d.add_watch(arg) {
                Ok(w) => reply(format!("watch {}: {} ({} bytes)\n", w.id, w.expr, w.len)),
                Err(e) => error(format!("{e}\n")),
            },
            "delete" | "d" => match arg.parse::<u32>() {
                Ok(id) if self.d.delete(id) => reply(format!("deleted {id}\n")),
                _ => error(format!("no breakpoint or watch `{arg}`\n")),
            },
            "where" | "bt" => reply(self.where_text()),
            "frame" | "f" => match arg.parse::<usize>() {
                Ok(n) if n < self.d.m.frames.len() => {
                    self.d.frame = n;
                    reply(self.frame_line(n))
                }
                _ => error(format!(
                    "no frame `{arg}` (0 to {})\n",
                    self.d.m.frames.len().saturating_sub(1)
                )),
            },
            "list" | "l" => reply(self.list()),
            "locals" => reply(self.locals()),
            "heap" => reply(self.d.inspector().heap_table()),
            "mem" => self.mem(arg),
            "type" => match values::eval_path(&self.d, arg) {
                Ok(v) => reply(format!("{}\n", v.type_name(&self.d))),
                Err(e) => error(format!("{e}\n")),
            },
            "draw" => self.draw(arg),
            _ => error(format!("unknown command `:{name}`; :help lists them\n")),
        }
    }

    fn motion(&mut self, m: Motion) -> Reply {
        if self.d.finished() {
            return error(format!(
                "the program is not running (it {}); :back goes back into it\n",
                self.ended_how()
            ));
        }
        self.d.step(m);
        reply(self.stop_text())
    }

    fn ended_how(&self) -> String {
        match &self.d.state {
            State::Exited(s) => format!("exited with status {s}"),
            State::Trapped(_) => "stopped at an error".into(),
            State::Paused(_) => "is paused".into(),
        }
    }

    /// The program's new output, then where it stopped and why.
    fn stop_text(&mut self) -> String {
        let (out, err) = self.d.take_output();
        let mut text = String::from_utf8_lossy(&out).into_owned();
        text.push_str(&String::from_utf8_lossy(&err));
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        match self.d.state.clone() {
            State::Paused(reason) => {
                match reason {
                    PauseReason::Breakpoint(id) => {
                        let _ = write!(text, "breakpoint {id}, ");
                    }
                    PauseReason::Watch(i) => text.push_str(&self.watch_text(i)),
                    PauseReason::WatchBefore(i) => {
                        if let Some(w) = self.d.watches.get(i) {
                            let _ = writeln!(
                                text,
                                "watch {}: the statement below changes `{}` (or frees it)",
                                w.id, w.expr
                            );
                        }
                    }
                    PauseReason::Step | PauseReason::Snapshot => {}
                }
                text.push_str(&self.frame_line(0));
                text.push_str(&self.source_line(0));
            }
            State::Trapped(_) => {
                text.push_str(&self.d.report_text());
                let _ = writeln!(
                    text,
                    "stopped at the error (statement {}); the machine is as it was: inspect it, or :back",
                    self.d.position
                );
            }
            State::Exited(s) => {
                text.push_str(&self.d.report_text());
                let _ = writeln!(text, "the program exited with status {s}");
            }
        }
        text
    }

    fn watch_text(&self, i: usize) -> String {
        let Some((w, st)) = self.d.watch_hit(i) else {
            return String::new();
        };
        let bytes = |b: &crate::eval::pause::Watched| {
            if b.gone {
                return "(gone)".to_string();
            }
            b.bytes
                .iter()
                .map(|x| x.map_or("??".into(), |v| format!("{v:02x}")))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut s = format!("watch {}: `{}` ", w.id, w.expr);
        if st.last.gone {
            s.push_str("was freed (or its function returned)");
        } else if let (Some(ty), false) = (w.ty, st.before.as_ref().is_some_and(|b| b.gone)) {
            let now = Value {
                name: w.expr.clone(),
                ty,
                place: Some(w.ptr),
            }
            .text(&self.d);
            let _ = write!(s, "changed: now {now} (bytes {})", bytes(&st.last));
        } else {
            let _ = write!(s, "changed: bytes now {}", bytes(&st.last));
        }
        let _ = write!(s, ", by line {}", self.line_of(st.changed_by));
        if st.changed_before != crate::mem::NO_SITE {
            let _ = write!(
                s,
                " (written before at line {})",
                self.line_of(st.changed_before)
            );
        }
        s.push('\n');
        s
    }

    fn line_of(&self, site: crate::mem::Site) -> String {
        self.d
            .m
            .prog
            .site(site)
            .map_or("?".into(), |s| self.d.fe.sm.locate(s.span).1.to_string())
    }

    fn frame_line(&self, n: usize) -> String {
        match values::frames(&self.d).get(n) {
            Some(f) => format!("#{} {} at {}:{}\n", f.index, f.func, f.file, f.line),
            None => "no frame\n".into(),
        }
    }

    fn source_line(&self, n: usize) -> String {
        let Some((file, line, _)) = self.d.location(n) else {
            return String::new();
        };
        let text = self.file_lines(&file);
        match text.get(line as usize - 1) {
            Some(l) => format!("{line:>5} │ {l}\n"),
            None => String::new(),
        }
    }

    fn file_lines(&self, name: &str) -> Vec<String> {
        let sm = &self.d.fe.sm;
        let file = sm.file(self.d.fe.main_file).filter(|f| *f.name == *name);
        file.map(|f| f.text.lines().map(str::to_string).collect())
            .unwrap_or_default()
    }

    fn where_text(&self) -> String {
        let mut s = String::new();
        for f in values::frames(&self.d) {
            let mark = if f.index == self.d.frame { "→" } else { " " };
            let _ = writeln!(s, "{mark} #{} {} at {}:{}", f.index, f.func, f.file, f.line);
        }
        if s.is_empty() {
            s.push_str("no frames: the program is not running\n");
        }
        s
    }

    fn list(&self) -> String {
        let Some((file, line, _)) = self.d.location(self.d.frame) else {
            return "no source here\n".into();
        };
        let lines = self.file_lines(&file);
        let lo = line.saturating_sub(5).max(1);
        let hi = (line + 5).min(lines.len() as u32);
        let mut s = String::new();
        for l in lo..=hi {
            let mark = if l == line { "→" } else { " " };
            let _ = writeln!(s, "{mark}{l:>4} │ {}", lines[l as usize - 1]);
        }
        s
    }

    fn locals(&self) -> String {
        let mut s = String::new();
        for v in values::locals(&self.d, self.d.frame) {
            let _ = writeln!(
                s,
                "{} ({}) = {}",
                v.name,
                v.type_name(&self.d),
                v.text(&self.d)
            );
        }
        if s.is_empty() {
            s.push_str("no variables in scope\n");
        }
        s
    }

    fn print(&self, expr: &str) -> Reply {
        match values::eval_path(&self.d, expr.trim_end_matches(';')) {
            Ok(v) => reply(format!("({}) {}\n", v.type_name(&self.d), v.text(&self.d))),
            Err(e) => error(format!("{e}\n")),
        }
    }

    fn mem(&self, arg: &str) -> Reply {
        let (expr, n) = match arg.rsplit_once(char::is_whitespace) {
            Some((e, n)) if n.parse::<u64>().is_ok() => (e, n.parse::<u64>().ok()),
            _ => (arg, None),
        };
        let v = match values::eval_path(&self.d, expr) {
            Ok(v) => v,
            Err(e) => return error(format!("{e}\n")),
        };
        // A pointer's target when a length is given (as the REPL's `:mem p 32`), else
        // the object itself.
        let (p, len) = match (n, v.pointer_value(&self.d)) {
            (Some(n), Some(p)) => (p, n),
            _ => match v.place {
                Some(p) => (
                    p,
                    n.unwrap_or(self.d.fe.program.types.size_of(v.ty).unwrap_or(0)),
                ),
                None => return error(format!("`{expr}` is not in memory\n")),
            },
        };
        reply(self.d.inspector().hex_dump(p, len))
    }

    fn draw(&self, arg: &str) -> Reply {
        if arg.is_empty() {
            return error("`:draw FILE.svg` (or FILE.dot)\n".into());
        }
        let mut g = HeapGraph::capture(self.d.inspector());
        // At an error, the block it is about (and the pointers to it) are marked.
        g.culprit = self.d.culprit.map(|id| format!("b{}", id.get()));
        let text = if arg.ends_with(".dot") {
            g.to_dot()
        } else if arg.ends_with(".svg") {
            g.to_svg()
        } else {
            return error(format!("`{arg}`: cmem draws .svg or .dot files\n"));
        };
        Reply {
            text: format!("wrote {arg}\n"),
            picture: Some((arg.to_string(), text)),
            ..Reply::default()
        }
    }
}
