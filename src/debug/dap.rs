//! `cmem dap`: the Debug Adapter Protocol (the protocol VS Code, nvim-dap and other
//! editors speak to debuggers) over a byte stream: `Content-Length` framed JSON requests
//! in, responses and events out. One program, one thread (id 1).
//!
//! Supported: initialize, launch (`program`, `args`, `stdin` as text, `stopOnEntry`),
//! setBreakpoints (lines of the program's main file), setFunctionBreakpoints,
//! dataBreakpointInfo + setDataBreakpoints (cmem's watches), configurationDone, threads,
//! stackTrace, scopes (Locals, Globals), variables (structs and arrays expand, a pointer
//! expands to what it points at; its value says when it dangles or is NULL; unwritten
//! values are `??`), evaluate (lvalue paths in a frame), next, stepIn, stepOut, continue,
//! stepBack, reverseContinue, readMemory, exceptionInfo, disconnect. A memory error is a
//! `stopped` event with reason `exception` whose text is cmem's whole report; the
//! program's output comes as `output` events; the end as `exited` and `terminated`.
//!
//! The host (the binary) reads the program's files: this module touches no file.

use std::io::{BufRead, Write};

use base64::Engine as _;
use serde_json::{json, Value as Json};

use super::values::{self, Value};
use super::{Debugger, Motion, State};
use crate::driver::Options;
use crate::eval::pause::PauseReason;

/// What the adapter needs from the host.
pub trait Host {
    /// Compiles `program` and stops it before its first statement.
    fn start(
        &mut self,
        program: &str,
        args: &[String],
        stdin: &[u8],
        opts: &Options,
    ) -> Result<Debugger, String>;
    /// A file's bytes (for `stdinFile`).
    fn read_file(&mut self, path: &str) -> Result<Vec<u8>, String>;
}

/// A message larger than this is refused (a protocol error, not a request).
const MAX_MESSAGE: usize = 16 << 20;

/// Reads one framed message; `None` at the end of the stream.
pub fn read_message(input: &mut dyn BufRead) -> Result<Option<Json>, String> {
    let mut length = None;
    loop {
        let mut line = String::new();
        let n = input
            .read_line(&mut line)
            .map_err(|e| format!("cannot read: {e}"))?;
        if n == 0 {
            return Ok(None);
        }
        let line = line.trim_end();
        if line.is_empty() {
            if length.is_some() {
                break;
            }
            continue;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            let n: usize = v
                .trim()
                .parse()
                .map_err(|_| format!("bad Content-Length `{v}`"))?;
            if n > MAX_MESSAGE {
                return Err(format!("a message of {n} bytes is too large"));
            }
            length = Some(n);
        }
    }
    let mut body = vec![0u8; length.unwrap_or(0)];
    input
        .read_exact(&mut body)
        .map_err(|e| format!("cannot read a message body: {e}"))?;
    serde_json::from_slice(&body)
        .map(Some)
        .map_err(|e| format!("a message is not JSON: {e}"))
}

/// Writes one framed message.
pub fn write_message(out: &mut dyn Write, msg: &Json) -> std::io::Result<()> {
    let body = msg.to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

/// The three kinds of pause points a client sets, each replaced as a whole.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Line,
    Function,
    Data,
}

/// The `key` string of each object of a list.
fn strings(list: &Json, key: &str) -> Vec<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|b| b[key].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// A variables reference: what `variables` lists for it.
enum Handle {
    Locals(usize),
    Globals,
    Value(Value),
}

struct Adapter<'a> {
    out: &'a mut dyn Write,
    opts: &'a Options,
    seq: u64,
    d: Option<Debugger>,
    handles: Vec<Handle>,
    /// Ids of the breakpoints set by setBreakpoints / setFunctionBreakpoints / watches.
    line_bps: Vec<u32>,
    func_bps: Vec<u32>,
    data_bps: Vec<u32>,
    stop_on_entry: bool,
    ended: bool,
}

/// Serves one debugging session until `disconnect` or the end of the input.
pub fn serve(
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    opts: &Options,
    host: &mut dyn Host,
) -> Result<(), String> {
    let mut a = Adapter {
        out,
        opts,
        seq: 1,
        d: None,
        handles: Vec::new(),
        line_bps: Vec::new(),
        func_bps: Vec::new(),
        data_bps: Vec::new(),
        stop_on_entry: false,
        ended: false,
    };
    while let Some(msg) = read_message(input)? {
        if msg["type"] != "request" {
            continue;
        }
        let command = msg["command"].as_str().unwrap_or("").to_string();
        let args = msg["arguments"].clone();
        let result = a.request(&command, &args, host);
        let (success, body, message) = match result {
            Ok(body) => (true, body, None),
            Err(e) => (false, Json::Null, Some(e)),
        };
        let mut resp = json!({
            "type": "response",
            "request_seq": msg["seq"],
            "success": success,
            "command": command,
        });
        if !body.is_null() {
            resp["body"] = body;
        }
        if let Some(m) = message {
            resp["message"] = json!(m);
        }
        a.send(resp).map_err(|e| format!("cannot write: {e}"))?;
        a.after(&command)
            .map_err(|e| format!("cannot write: {e}"))?;
        if command == "disconnect" {
            break;
        }
    }
    Ok(())
}

impl Adapter<'_> {
    fn send(&mut self, mut msg: Json) -> std::io::Result<()> {
        msg["seq"] = json!(self.seq);
        self.seq += 1;
        write_message(self.out, &msg)
    }

    fn event(&mut self, event: &str, body: Json) -> std::io::Result<()> {
        self.send(json!({"type": "event", "event": event, "body": body}))
    }

    fn d(&mut self) -> Result<&mut Debugger, String> {
        self.d
            .as_mut()
            .ok_or_else(|| "no program: send `launch` first".to_string())
    }

    /// Events that follow a response.
    fn after(&mut self, command: &str) -> std::io::Result<()> {
        match command {
            "launch" if self.d.is_some() => self.event("initialized", json!({})),
            "configurationDone" if self.d.is_some() => {
                let here = self.d.as_ref().and_then(Debugger::breakpoint_here);
                if self.stop_on_entry {
                    self.stopped("entry")
                } else if let Some(id) = here {
                    if let Some(d) = self.d.as_mut() {
                        d.state = State::Paused(PauseReason::Breakpoint(id));
                    }
                    self.report_stop()
                } else {
                    self.motion_done(Motion::Continue)
                }
            }
            "next" => self.motion_done(Motion::StepOver),
            "stepIn" => self.motion_done(Motion::StepIn),
            "stepOut" => self.motion_done(Motion::StepOut),
            "continue" => self.motion_done(Motion::Continue),
            "stepBack" | "reverseContinue" => self.report_stop(),
            _ => Ok(()),
        }
    }

    /// Moves forward, then reports the program's output and where it stopped.
    fn motion_done(&mut self, m: Motion) -> std::io::Result<()> {
        let Some(d) = self.d.as_mut() else {
            return Ok(());
        };
        if d.finished() {
            return self.end();
        }
        d.step(m);
        self.report_stop()
    }

    fn report_stop(&mut self) -> std::io::Result<()> {
        let Some(d) = self.d.as_mut() else {
            return Ok(());
        };
        let (out, err) = d.take_output();
        let state = d.state.clone();
        if !out.is_empty() {
            let text = String::from_utf8_lossy(&out).into_owned();
            self.event("output", json!({"category": "stdout", "output": text}))?;
        }
        if !err.is_empty() {
            let text = String::from_utf8_lossy(&err).into_owned();
            self.event("output", json!({"category": "stderr", "output": text}))?;
        }
        match state {
            State::Paused(PauseReason::Step | PauseReason::Snapshot) => self.stopped("step"),
            State::Paused(PauseReason::Breakpoint(id)) => {
                let reason = if self.func_bps.contains(&id) {
                    "function breakpoint"
                } else {
                    "breakpoint"
                };
                self.handles.clear();
                self.event(
                    "stopped",
                    json!({"reason": reason, "threadId": 1, "allThreadsStopped": true,
                           "hitBreakpointIds": [id]}),
                )
            }
            State::Paused(PauseReason::Watch(_) | PauseReason::WatchBefore(_)) => {
                self.stopped("data breakpoint")
            }
            State::Trapped(_) => {
                let report = self
                    .d
                    .as_ref()
                    .map(Debugger::report_text)
                    .unwrap_or_default();
                let code = self.error_code();
                self.handles.clear();
                self.event(
                    "stopped",
                    json!({"reason": "exception", "threadId": 1, "allThreadsStopped": true,
                           "description": code, "text": report}),
                )
            }
            State::Exited(_) => self.end(),
        }
    }

    fn stopped(&mut self, reason: &str) -> std::io::Result<()> {
        self.handles.clear();
        self.event(
            "stopped",
            json!({"reason": reason, "threadId": 1, "allThreadsStopped": true}),
        )
    }

    /// The run is over: its report (the leaks), its status, and the end of the session.
    fn end(&mut self) -> std::io::Result<()> {
        if self.ended {
            return Ok(());
        }
        self.ended = true;
        let (report, status) = match self.d.as_ref() {
            Some(d) => (
                d.report_text(),
                match d.state {
                    State::Exited(s)
                        if d.report
                            .as_ref()
                            .is_none_or(|r| r.iter().all(|x| !x.is_error())) =>
                    {
                        s
                    }
                    _ => self.opts.error_exitcode,
                },
            ),
            None => (String::new(), 0),
        };
        if !report.is_empty() {
            self.event("output", json!({"category": "stderr", "output": report}))?;
        }
        self.event("exited", json!({"exitCode": status}))?;
        self.event("terminated", json!({}))
    }

    fn error_code(&self) -> String {
        self.d
            .as_ref()
            .and_then(|d| d.report.as_ref())
            .and_then(|r| r.iter().find(|x| x.is_error()))
            .map_or("error".into(), |x| x.code.as_str().to_string())
    }

    /// Replaces the pause points of one kind with `specs` (lines, function names or
    /// lvalues); the answer lists each with whether it was placed, and where.
    fn replace(&mut self, kind: Kind, specs: Vec<String>) -> Result<Json, String> {
        let ids = match kind {
            Kind::Line => &mut self.line_bps,
            Kind::Function => &mut self.func_bps,
            Kind::Data => &mut self.data_bps,
        };
        let old = std::mem::take(ids);
        let d = self.d.as_mut().ok_or("no program: send `launch` first")?;
        for id in old {
            d.delete(id);
        }
        let mut out = Vec::new();
        let mut ids = Vec::new();
        for spec in specs {
            let placed = if kind == Kind::Data {
                d.add_watch(&spec).map(|w| (w.id, None))
            } else {
                d.add_breakpoint(&spec).map(|b| (b.id, Some(b.line)))
            };
            match placed {
                Ok((id, line)) => {
                    ids.push(id);
                    let mut bp = json!({"id": id, "verified": true});
                    if let Some(l) = line {
                        bp["line"] = json!(l);
                    }
                    out.push(bp);
                }
                Err(e) => out.push(json!({"verified": false, "message": e})),
            }
        }
        match kind {
            Kind::Line => self.line_bps = ids,
            Kind::Function => self.func_bps = ids,
            Kind::Data => self.data_bps = ids,
        }
        Ok(json!({"breakpoints": out}))
    }

    /// Whether a variable (by name, in a listed value) can be watched: its lvalue path.
    fn data_breakpoint_info(&mut self, args: &Json) -> Result<Json, String> {
        let name = args["name"].as_str().unwrap_or("");
        let reference = args["variablesReference"].as_u64().unwrap_or(0) as usize;
        let expr = match self.handles.get(reference.wrapping_sub(1)) {
            Some(Handle::Value(v)) => format!("{}.{name}", v.name).replace(".[", "["),
            _ => name.to_string(),
        };
        let ok = values::eval_path(self.d()?, &expr).is_ok_and(|v| v.place.is_some());
        Ok(if ok {
            json!({"dataId": expr, "description": format!("`{expr}` changes"),
                   "accessTypes": ["write"]})
        } else {
            json!({"dataId": null, "description": format!("`{expr}` cannot be watched")})
        })
    }

    fn launch(&mut self, args: &Json, host: &mut dyn Host) -> Result<Json, String> {
        let program = args["program"]
            .as_str()
            .ok_or("`launch` needs `program`: the C file to debug")?;
        let argv: Vec<String> = args["args"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        let stdin = match (args["stdin"].as_str(), args["stdinFile"].as_str()) {
            (Some(s), _) => s.as_bytes().to_vec(),
            (None, Some(f)) => host.read_file(f)?,
            _ => Vec::new(),
        };
        self.stop_on_entry = args["stopOnEntry"].as_bool().unwrap_or(false);
        self.d = Some(host.start(program, &argv, &stdin, self.opts)?);
        Ok(Json::Null)
    }

    fn stack_trace(&mut self) -> Result<Json, String> {
        let d = self.d()?;
        let frames: Vec<Json> = values::frames(d)
            .into_iter()
            .map(|f| {
                json!({"id": f.index + 1, "name": f.func, "line": f.line, "column": f.col,
                       "source": {"name": f.file.rsplit('/').next().unwrap_or(&f.file),
                                  "path": f.file}})
            })
            .collect();
        let n = frames.len();
        Ok(json!({"stackFrames": frames, "totalFrames": n}))
    }

    fn variables(&mut self, args: &Json) -> Result<Json, String> {
        let r = args["variablesReference"].as_u64().unwrap_or(0) as usize;
        let d = self.d.as_ref().ok_or("no program")?;
        let list = match self.handles.get(r.wrapping_sub(1)) {
            Some(Handle::Locals(f)) => values::locals(d, *f),
            Some(Handle::Globals) => values::globals(d),
            Some(Handle::Value(v)) => v.children(d),
            None => return Err(format!("no variables reference {r}")),
        };
        let mut out = Vec::new();
        for v in list {
            let d = self.d.as_ref().ok_or("no program")?;
            let text = v.text(d);
            let ty = v.type_name(d);
            let place = v.place;
            let expandable = v.expandable(d);
            let name = v.name.clone();
            let reference = if expandable {
                self.handle(Handle::Value(v))
            } else {
                0
            };
            let mut item = json!({"name": name, "value": text, "type": ty,
                                  "variablesReference": reference});
            if let Some(p) = place {
                item["memoryReference"] = json!(format!("0x{:x}", p.to_bits()));
            }
            out.push(item);
        }
        Ok(json!({"variables": out}))
    }

    fn evaluate(&mut self, args: &Json) -> Result<Json, String> {
        let expr = args["expression"].as_str().unwrap_or("");
        let frame = args["frameId"]
            .as_u64()
            .map(|f| f.saturating_sub(1) as usize);
        let d = self.d()?;
        if let Some(f) = frame {
            d.frame = f;
        }
        let v = values::eval_path(d, expr)?;
        let (text, ty, expandable) = (v.text(d), v.type_name(d), v.expandable(d));
        let place = v.place;
        let reference = if expandable {
            self.handle(Handle::Value(v))
        } else {
            0
        };
        let mut body = json!({"result": text, "type": ty, "variablesReference": reference});
        if let Some(p) = place {
            body["memoryReference"] = json!(format!("0x{:x}", p.to_bits()));
        }
        Ok(body)
    }

    fn read_memory(&mut self, args: &Json) -> Result<Json, String> {
        let reference = args["memoryReference"].as_str().unwrap_or("");
        let bits = u64::from_str_radix(reference.trim_start_matches("0x"), 16)
            .map_err(|_| format!("bad memory reference `{reference}`"))?;
        let offset = args["offset"].as_i64().unwrap_or(0);
        let count = args["count"].as_u64().unwrap_or(0).min(1 << 20);
        let d = self.d()?;
        let p = crate::mem::Pointer::from_bits(bits).offset_by(offset);
        let w = d.m.watched(p, count);
        let data: Vec<u8> = w.bytes.iter().map(|b| b.unwrap_or(0)).collect();
        let unreadable = count - data.len() as u64;
        Ok(json!({
            "address": format!("0x{:x}", p.to_bits()),
            "data": base64::engine::general_purpose::STANDARD.encode(&data),
            "unreadableBytes": unreadable,
        }))
    }

    fn exception_info(&mut self) -> Result<Json, String> {
        let code = self.error_code();
        let d = self.d()?;
        let report = d.report_text();
        let message = d
            .report
            .as_ref()
            .and_then(|r| r.iter().find(|x| x.is_error()))
            .map_or(String::new(), |x| x.message.clone());
        Ok(
            json!({"exceptionId": code, "description": message, "breakMode": "always",
                  "details": {"message": message, "stackTrace": report}}),
        )
    }

    /// Whether a client's path names the program's main file (compared by file name).
    fn is_main_file(&self, path: &str) -> bool {
        let Some(d) = self.d.as_ref() else {
            return true;
        };
        let main = d.fe.sm.file(d.fe.main_file).map_or("", |f| f.name.as_str());
        let base = |p: &str| p.rsplit(['/', '\\']).next().unwrap_or(p).to_string();
        base(main) == base(path)
    }

    fn handle(&mut self, h: Handle) -> usize {
        self.handles.push(h);
        self.handles.len()
    }

    fn request(&mut self, command: &str, args: &Json, host: &mut dyn Host) -> Result<Json, String> {
        match command {
            "initialize" => Ok(json!({
                "supportsConfigurationDoneRequest": true,
                "supportsStepBack": true,
                "supportsFunctionBreakpoints": true,
                "supportsDataBreakpoints": true,
                "supportsReadMemoryRequest": true,
                "supportsEvaluateForHovers": true,
                "supportsExceptionInfoRequest": true,
                "supportsTerminateRequest": false,
            })),
            "launch" => self.launch(args, host),
            "setBreakpoints" => {
                let lines: Vec<String> = args["breakpoints"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|b| b["line"].as_u64())
                            .map(|l| l.to_string())
                            .collect()
                    })
                    .unwrap_or_default();
                // Breakpoints go on the main file's lines: another file's are not placed.
                let path = args["source"]["path"].as_str().unwrap_or("");
                if !path.is_empty() && !self.is_main_file(path) {
                    let out: Vec<Json> = lines
                        .iter()
                        .map(|_| {
                            json!({"verified": false,
                                   "message": "cmem places breakpoints in the program's main file"})
                        })
                        .collect();
                    return Ok(json!({"breakpoints": out}));
                }
                self.replace(Kind::Line, lines)
            }
            "setFunctionBreakpoints" => {
                let names = strings(&args["breakpoints"], "name");
                self.replace(Kind::Function, names)
            }
            "dataBreakpointInfo" => self.data_breakpoint_info(args),
            "setDataBreakpoints" => {
                let exprs = strings(&args["breakpoints"], "dataId");
                self.replace(Kind::Data, exprs)
            }
            "configurationDone" | "next" | "stepIn" | "stepOut" | "continue" => {
                self.d()?;
                Ok(if command == "continue" {
                    json!({"allThreadsContinued": true})
                } else {
                    Json::Null
                })
            }
            "stepBack" => {
                let d = self.d()?;
                d.back()?;
                self.ended = false;
                Ok(Json::Null)
            }
            "reverseContinue" => {
                let d = self.d()?;
                d.reverse_continue()?;
                self.ended = false;
                Ok(Json::Null)
            }
            "threads" => Ok(json!({"threads": [{"id": 1, "name": "main"}]})),
            "stackTrace" => self.stack_trace(),
            "scopes" => {
                let frame = args["frameId"].as_u64().unwrap_or(1).saturating_sub(1) as usize;
                let locals = self.handle(Handle::Locals(frame));
                let globals = self.handle(Handle::Globals);
                Ok(json!({"scopes": [
                    {"name": "Locals", "variablesReference": locals, "expensive": false},
                    {"name": "Globals", "variablesReference": globals, "expensive": false},
                ]}))
            }
            "variables" => self.variables(args),
            "evaluate" => self.evaluate(args),
            "readMemory" => self.read_memory(args),
            "exceptionInfo" => self.exception_info(),
            "disconnect" | "terminate" => Ok(Json::Null),
            "source" => Err("cmem debugs files on disk: open the program's file".into()),
            _ => Err(format!("`{command}` is not supported by cmem")),
        }
    }
}
