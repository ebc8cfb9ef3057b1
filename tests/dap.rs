//! `cmem dap` driven by a scripted client over stdio, as an editor drives it: a whole
//! session on a linked-list program with a use-after-free (tests/debug/list.c) —
//! breakpoints hit on their lines, variables as expected (a struct through a pointer, a
//! dangling pointer, an unwritten local), the program's output as events, a `stopped`
//! event with reason `exception` at the bad read with cmem's report, `stepBack` and
//! `reverseContinue` back to the `free`, then the end.

mod common;

use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use cmem::debug::dap::{read_message, write_message};
use common::manifest_dir;
use serde_json::{json, Value};

struct Client {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    seq: u64,
    /// Events received, in order.
    events: Vec<Value>,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cmem"))
            .arg("dap")
            .current_dir(manifest_dir().join("tests/debug"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("cmem dap starts");
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap());
        Client {
            child,
            input,
            output,
            seq: 1,
            events: Vec::new(),
        }
    }

    /// Sends a request and returns its response (events that come first are kept).
    fn request(&mut self, command: &str, args: Value) -> Value {
        let seq = self.seq;
        self.seq += 1;
        let msg = json!({"seq": seq, "type": "request", "command": command, "arguments": args});
        write_message(&mut self.input, &msg).unwrap();
        loop {
            let m = read_message(&mut self.output)
                .expect("a well-formed message")
                .unwrap_or_else(|| panic!("cmem dap ended before answering `{command}`"));
            match m["type"].as_str() {
                Some("response") if m["request_seq"] == seq => {
                    assert_eq!(m["command"], command);
                    return m;
                }
                Some("event") => self.events.push(m),
                _ => panic!("unexpected message {m}"),
            }
        }
    }

    fn ok(&mut self, command: &str, args: Value) -> Value {
        let r = self.request(command, args);
        assert_eq!(r["success"], true, "{command} failed: {r}");
        r["body"].clone()
    }

    /// Waits for the next event named `name` (earlier events are kept).
    fn event(&mut self, name: &str) -> Value {
        if let Some(i) = self.events.iter().position(|e| e["event"] == name) {
            return self.events.remove(i);
        }
        loop {
            let m = read_message(&mut self.output)
                .expect("a well-formed message")
                .unwrap_or_else(|| panic!("cmem dap ended before the `{name}` event"));
            assert_eq!(m["type"], "event", "{m}");
            if m["event"] == name {
                return m;
            }
            self.events.push(m);
        }
    }

    /// The top frame's line, and its locals by name: (value, type, reference).
    fn top(&mut self) -> (u64, Vec<(String, String, u64)>) {
        let st = self.ok("stackTrace", json!({"threadId": 1}));
        let frame = &st["stackFrames"][0];
        let line = frame["line"].as_u64().unwrap();
        let id = frame["id"].clone();
        let scopes = self.ok("scopes", json!({"frameId": id}));
        let locals_ref = scopes["scopes"][0]["variablesReference"].clone();
        assert_eq!(scopes["scopes"][0]["name"], "Locals");
        (line, self.variables(locals_ref))
    }

    fn variables(&mut self, reference: Value) -> Vec<(String, String, u64)> {
        let vars = self.ok("variables", json!({"variablesReference": reference}));
        vars["variables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["name"].as_str().unwrap().to_string(),
                    v["value"].as_str().unwrap().to_string(),
                    v["variablesReference"].as_u64().unwrap(),
                )
            })
            .collect()
    }
}

fn find<'a>(vars: &'a [(String, String, u64)], name: &str) -> &'a (String, String, u64) {
    vars.iter()
        .find(|v| v.0 == name)
        .unwrap_or_else(|| panic!("no `{name}` in {vars:?}"))
}

#[test]
fn a_whole_session_over_stdio() {
    let mut c = Client::start();
    let caps = c.ok(
        "initialize",
        json!({"adapterID": "cmem", "linesStartAt1": true}),
    );
    for cap in [
        "supportsConfigurationDoneRequest",
        "supportsStepBack",
        "supportsReadMemoryRequest",
        "supportsDataBreakpoints",
    ] {
        assert_eq!(caps[cap], true, "{cap}");
    }
    c.ok("launch", json!({"program": "list.c"}));
    c.event("initialized");
    let bps = c.ok(
        "setBreakpoints",
        json!({"source": {"path": "list.c"}, "breakpoints": [{"line": 20}, {"line": 15}]}),
    );
    // Line 15 has no statement: the breakpoint moves to the next line that has one.
    assert_eq!(bps["breakpoints"][0]["line"], 20);
    assert_eq!(bps["breakpoints"][1]["line"], 17);
    assert_eq!(bps["breakpoints"][1]["verified"], true);
    let fbps = c.ok(
        "setFunctionBreakpoints",
        json!({"breakpoints": [{"name": "push"}]}),
    );
    assert_eq!(fbps["breakpoints"][0]["line"], 10);
    c.ok("configurationDone", json!({}));

    // Line 17 first (the moved breakpoint): `list` is not written yet... it is declared on
    // this line, so it is in scope once its statement ran; nothing else is.
    let stop = c.event("stopped");
    assert_eq!(stop["body"]["reason"], "breakpoint");
    assert_eq!(c.top().0, 17);

    // The function breakpoint: in `push`, called from main.
    c.ok("continue", json!({"threadId": 1}));
    let stop = c.event("stopped");
    assert_eq!(stop["body"]["reason"], "function breakpoint");
    let st = c.ok("stackTrace", json!({"threadId": 1}));
    assert_eq!(st["stackFrames"][0]["name"], "push");
    assert_eq!(st["stackFrames"][1]["name"], "main");
    let (line, vars) = c.top();
    assert_eq!(line, 10);
    assert_eq!(find(&vars, "value").1, "10");
    assert_eq!(find(&vars, "head").1, "NULL");
    // `n` is declared on this line and not yet written.
    assert!(vars.iter().all(|v| v.0 != "n"), "{vars:?}");
    c.ok("stepIn", json!({"threadId": 1}));
    c.event("stopped");
    let (line, vars) = c.top();
    assert_eq!(line, 11);
    // A fresh block: the pointer expands to a struct of unwritten members.
    let n = find(&vars, "n").clone();
    assert!(n.2 > 0, "a pointer to a struct expands: {n:?}");
    let target = c.variables(json!(n.2));
    assert_eq!(target[0].0, "*n");
    let members = c.variables(json!(target[0].2));
    assert_eq!(members[0], ("value".into(), "??".into(), 0));

    // Out of push, then on to line 20 (the function breakpoint is removed first).
    c.ok("setFunctionBreakpoints", json!({"breakpoints": []}));
    // stepOut stops at the caller's next statement: the loop's test.
    c.ok("stepOut", json!({"threadId": 1}));
    c.event("stopped");
    assert_eq!(c.top().0, 18);
    c.ok("continue", json!({"threadId": 1}));
    let stop = c.event("stopped");
    assert_eq!(stop["body"]["reason"], "breakpoint");
    let (line, vars) = c.top();
    assert_eq!(line, 20);
    let list = find(&vars, "list").clone();
    let node = c.variables(json!(list.2));
    let fields = c.variables(json!(node[0].2));
    assert_eq!(fields[0], ("value".into(), "30".into(), 0));

    // evaluate in the frame, and readMemory of the result.
    let frame = c.ok("stackTrace", json!({"threadId": 1}))["stackFrames"][0]["id"].clone();
    let e = c.ok(
        "evaluate",
        json!({"expression": "list->next->value", "frameId": frame}),
    );
    assert_eq!(e["result"], "20");
    let mem = c.ok(
        "readMemory",
        json!({"memoryReference": e["memoryReference"], "count": 4}),
    );
    assert_eq!(
        mem["data"], "FAAAAA==",
        "20 as 4 little-endian bytes: {mem}"
    );

    // next over the printf: its output arrives as an event.
    c.ok("next", json!({"threadId": 1}));
    c.event("stopped");
    c.ok("next", json!({"threadId": 1}));
    c.event("stopped");
    let out = c.event("output");
    assert_eq!(out["body"]["category"], "stdout");
    assert_eq!(out["body"]["output"], "first 30\n");
    assert_eq!(c.top().0, 22);

    // On to the error: a stopped event with reason exception and cmem's whole report.
    c.ok(
        "setBreakpoints",
        json!({"source": {"path": "list.c"}, "breakpoints": []}),
    );
    c.ok("continue", json!({"threadId": 1}));
    let stop = c.event("stopped");
    assert_eq!(stop["body"]["reason"], "exception", "{stop}");
    assert_eq!(stop["body"]["description"], "use-after-free");
    let text = stop["body"]["text"].as_str().unwrap();
    assert!(
        text.contains("freed here") && text.contains("list.c"),
        "{text}"
    );
    let info = c.ok("exceptionInfo", json!({"threadId": 1}));
    assert_eq!(info["exceptionId"], "use-after-free");
    // The machine is inspectable where it stopped: `p` points to the freed block.
    let (line, vars) = c.top();
    assert_eq!(line, 25);
    assert!(find(&vars, "p").1.contains("dangling"), "{vars:?}");
    assert!(find(&vars, "second").1.contains("dangling"), "{vars:?}");

    // Backwards: stepBack goes before the failing statement, then to the loop's test.
    c.ok("stepBack", json!({"threadId": 1}));
    c.event("stopped");
    assert_eq!(c.top().0, 25);
    c.ok("stepBack", json!({"threadId": 1}));
    c.event("stopped");
    assert_eq!(c.top().0, 24);
    // Back through the loop's first iteration and its start to the `free`, where
    // `second` does not dangle yet.
    for want in [25, 24, 24, 23, 22] {
        c.ok("stepBack", json!({"threadId": 1}));
        c.event("stopped");
        assert_eq!(c.top().0, want);
    }
    let (_, vars) = c.top();
    assert!(!find(&vars, "second").1.contains("dangling"), "{vars:?}");
    // Forward again into the loop, then back to the free with reverseContinue.
    for _ in 0..3 {
        c.ok("stepIn", json!({"threadId": 1}));
        c.event("stopped");
    }
    assert_eq!(c.top().0, 24);
    // A breakpoint on the free, then reverseContinue reaches it.
    c.ok(
        "setBreakpoints",
        json!({"source": {"path": "list.c"}, "breakpoints": [{"line": 22}]}),
    );
    c.ok("reverseContinue", json!({"threadId": 1}));
    let stop = c.event("stopped");
    assert_eq!(stop["body"]["reason"], "breakpoint");
    let (line, vars) = c.top();
    assert_eq!(line, 22);
    assert!(!find(&vars, "second").1.contains("dangling"), "{vars:?}");
    // Output already shown is not shown again after going back.
    assert!(
        c.events.iter().all(|e| e["event"] != "output"),
        "{:?}",
        c.events
    );

    // A data breakpoint on the block `second` points to: continue stops after the free.
    let info = c.ok("dataBreakpointInfo", json!({"name": "second->value"}));
    assert_eq!(info["dataId"], "second->value");
    c.ok(
        "setDataBreakpoints",
        json!({"breakpoints": [{"dataId": "second->value"}]}),
    );
    c.ok("continue", json!({"threadId": 1}));
    let stop = c.event("stopped");
    assert_eq!(stop["body"]["reason"], "data breakpoint");
    assert_eq!(c.top().0, 23);

    // To the end: the error again, then the session ends.
    c.ok("setDataBreakpoints", json!({"breakpoints": []}));
    c.ok(
        "setBreakpoints",
        json!({"source": {"path": "list.c"}, "breakpoints": []}),
    );
    c.ok("continue", json!({"threadId": 1}));
    assert_eq!(c.event("stopped")["body"]["reason"], "exception");
    c.ok("continue", json!({"threadId": 1}));
    let exited = c.event("exited");
    assert_eq!(exited["body"]["exitCode"], 1);
    c.event("terminated");
    c.ok("disconnect", json!({}));
    drop(c.input);
    let status = c.child.wait().unwrap();
    assert!(status.success());
}

/// A program that ends normally: its output, its exit status, and a leak report as output.
#[test]
fn a_run_to_the_end_reports_output_and_status() {
    let mut c = Client::start();
    c.ok("initialize", json!({"adapterID": "cmem"}));
    let dir = std::env::temp_dir().join(format!("cmem-dap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let prog = dir.join("echo.c");
    let mut f = std::fs::File::create(&prog).unwrap();
    f.write_all(b"#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n    char buf[32];\n    if (!fgets(buf, sizeof buf, stdin)) return 2;\n    printf(\"got %s\", buf);\n    malloc(4);\n    return 3;\n}\n").unwrap();
    c.ok(
        "launch",
        json!({"program": prog.to_str().unwrap(), "stdin": "hello\n", "stopOnEntry": true}),
    );
    c.event("initialized");
    c.ok("configurationDone", json!({}));
    assert_eq!(c.event("stopped")["body"]["reason"], "entry");
    let (_, vars) = c.top();
    assert!(find(&vars, "buf").1.contains("??"), "{vars:?}");
    c.ok("continue", json!({"threadId": 1}));
    let out = c.event("output");
    assert_eq!(out["body"]["output"], "got hello\n");
    let leak = c.event("output");
    assert!(
        leak["body"]["output"]
            .as_str()
            .unwrap()
            .contains("memory-leak"),
        "{leak}"
    );
    // The leak is an error: the status is cmem's error status, as `cmem run` would exit.
    assert_eq!(c.event("exited")["body"]["exitCode"], 1);
    c.event("terminated");
    let r = c.request("next", json!({"threadId": 1}));
    assert_eq!(r["success"], true);
    c.ok("disconnect", json!({}));
}

/// A program with errors is refused at launch, with the checker's report as the message.
#[test]
fn a_program_with_errors_is_refused_with_its_report() {
    let mut c = Client::start();
    c.ok("initialize", json!({"adapterID": "cmem"}));
    let dir = std::env::temp_dir().join(format!("cmem-dap-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let prog = dir.join("bad.c");
    std::fs::write(&prog, "int main(void) {\n    return undeclared_name;\n}\n").unwrap();
    let r = c.request("launch", json!({"program": prog.to_str().unwrap()}));
    assert_eq!(r["success"], false);
    let msg = r["message"].as_str().unwrap();
    assert!(
        msg.contains("undeclared_name") && msg.contains("fix them first"),
        "{msg}"
    );
    c.ok("disconnect", json!({}));
}
