//! The debugger's faces end to end: `cmem debug` sessions piped through stdin against
//! golden transcripts (every command, forward and back, watches and breakpoints),
//! `:debug` from the REPL, and `cmem trace` checked against the rules of Python Tutor's
//! trace format (`opt-trace-format`, with its C backend's value encoding).

mod common;

use std::collections::HashSet;
use std::path::PathBuf;

use common::{cmem, golden, manifest_dir};
use serde_json::Value;

/// A temporary folder holding a copy of `tests/debug/list.c`.
fn work(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cmem-debugger-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        manifest_dir().join("tests/debug/list.c"),
        dir.join("list.c"),
    )
    .unwrap();
    dir
}

/// Every `tests/debug/NAME.cmds` piped into `cmem debug NAME.c` prints `NAME.out`.
#[test]
fn debug_transcripts() {
    let dir = manifest_dir().join("tests/debug");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "cmds"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for case in cases {
        let stem = case.file_stem().unwrap().to_str().unwrap().to_string();
        let w = work(&stem);
        let input = std::fs::read(&case).unwrap();
        let out = cmem(&w, &["debug", &format!("{stem}.c")], &input);
        assert_eq!(out.status, 0, "{}", out.stderr);
        let actual = String::from_utf8_lossy(&out.stdout).into_owned();
        failures.extend(golden(&case.with_extension("out"), &actual));
        if stem == "list" {
            let svg = std::fs::read_to_string(w.join("list.svg")).expect(":draw wrote list.svg");
            assert!(svg.contains("main (line 22)"), "drawn where it paused");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `:debug FILE` inside the REPL runs a debugging session on the same input and comes back.
#[test]
fn debug_from_the_repl() {
    let w = work("repl");
    let input = b"int x = 41;\n:debug list.c\n:break 21\n:continue\nlist->value\n:quit\nx + 1\n";
    let out = cmem(&w, &["repl"], input);
    let text = String::from_utf8_lossy(&out.stdout);
    for want in [
        "breakpoint 1, #0 main at list.c:21",
        "(int) 30",
        "back at the REPL",
        "(int) 42",
    ] {
        assert!(text.contains(want), "`{want}` in:\n{text}");
    }
}

/// Stepping back one statement of a run of ten million steps: a replay from the start.
/// (The time is measured in BENCHMARKS.md; here: that it lands where it should.)
#[test]
fn back_after_a_long_run_lands_on_the_statement_before() {
    let w = work("long");
    std::fs::write(
        w.join("long.c"),
        "int main(void) {\n    long s = 0;\n    for (long i = 0; i < 100000; i++)\n        s += i;\n    s = s / 2;\n    return (int)(s % 7);\n}\n",
    )
    .unwrap();
    let out = cmem(
        &w,
        &["debug", "long.c"],
        b":break 5\n:continue\ns\n:back\ns\ni\n:quit\n",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("(long) 4999950000"), "{text}");
    // Back before `s = s / 2`: the loop's last test, where `i` is 100000.
    assert!(text.contains("#0 main at long.c:3"), "{text}");
    assert!(text.contains("(long) 100000"), "{text}");
}

/// What the trace format requires of one encoded C value; collects the pointers it holds.
fn check_value(v: &Value, pointers: &mut Vec<String>, addresses: &mut HashSet<String>) {
    let a = v
        .as_array()
        .unwrap_or_else(|| panic!("a value is a list: {v}"));
    let kind = a[0].as_str().unwrap();
    let address = a[1].as_str().unwrap();
    assert!(address.starts_with("0x"), "{v}");
    addresses.insert(address.to_string());
    match kind {
        "C_DATA" => {
            assert_eq!(a.len(), 4, "{v}");
            let ty = a[2].as_str().unwrap();
            assert!(
                ["int", "char", "float", "double", "bool", "pointer"].contains(&ty),
                "{v}"
            );
            if ty == "pointer" && a[3] != "<UNINITIALIZED>" {
                pointers.push(a[3].as_str().unwrap().to_string());
            }
        }
        "C_STRUCT" => {
            assert!(a[2].is_string(), "{v}");
            for m in &a[3..] {
                let m = m.as_array().unwrap();
                assert!(m[0].is_string());
                check_value(&m[1], pointers, addresses);
            }
        }
        "C_ARRAY" => {
            for e in &a[2..] {
                check_value(e, pointers, addresses);
            }
        }
        other => panic!("unknown encoding {other}"),
    }
}

fn check_trace(trace: &Value, source: &str) {
    assert_eq!(trace["code"], source);
    let steps = trace["trace"].as_array().unwrap();
    assert!(steps.len() > 5);
    let lines = source.lines().count() as u64;
    for (i, s) in steps.iter().enumerate() {
        for key in [
            "event",
            "line",
            "func_name",
            "globals",
            "ordered_globals",
            "stack_to_render",
            "heap",
            "stdout",
        ] {
            assert!(!s[key].is_null(), "step {i} has no `{key}`: {s}");
        }
        let event = s["event"].as_str().unwrap();
        assert!(
            [
                "step_line",
                "call",
                "return",
                "uncaught_exception",
                "instruction_limit_reached"
            ]
            .contains(&event),
            "{event}"
        );
        if i + 1 < steps.len() {
            assert!(["step_line", "call"].contains(&event), "step {i}: {event}");
            let line = s["line"].as_u64().unwrap();
            assert!(line >= 1 && line <= lines, "line {line}");
        }
        let mut pointers = Vec::new();
        let mut addresses = HashSet::new();
        let globals = s["globals"].as_object().unwrap();
        let ordered: Vec<&str> = s["ordered_globals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        assert_eq!(ordered.len(), globals.len());
        for (_, v) in globals {
            check_value(v, &mut pointers, &mut addresses);
        }
        let frames = s["stack_to_render"].as_array().unwrap();
        for (fi, f) in frames.iter().enumerate() {
            for key in [
                "func_name",
                "frame_id",
                "unique_hash",
                "is_highlighted",
                "is_parent",
                "is_zombie",
                "parent_frame_id_list",
                "encoded_locals",
                "ordered_varnames",
            ] {
                assert!(!f[key].is_null(), "frame without `{key}`: {f}");
            }
            // The current frame (the last) is the highlighted one.
            assert_eq!(f["is_highlighted"], fi + 1 == frames.len());
            let locals = f["encoded_locals"].as_object().unwrap();
            let names = f["ordered_varnames"].as_array().unwrap();
            assert_eq!(names.len(), locals.len());
            for n in names {
                check_value(&locals[n.as_str().unwrap()], &mut pointers, &mut addresses);
            }
        }
        if let Some(top) = frames.last() {
            assert_eq!(top["func_name"], s["func_name"]);
        }
        for (key, v) in s["heap"].as_object().unwrap() {
            check_value(v, &mut pointers, &mut addresses);
            assert_eq!(
                v[1].as_str(),
                Some(key.as_str()),
                "a heap object is keyed by its address"
            );
        }
        // Every pointer is NULL, or leads to something drawn, or dangles (freed).
        for p in &pointers {
            if p == "0x0" || addresses.contains(p) || s["heap"].get(p).is_some() {
                continue;
            }
            assert!(event != "step_line" || i > 0, "{p}");
        }
    }
}

#[test]
fn trace_follows_the_python_tutor_format() {
    let w = work("trace");
    let out = cmem(&w, &["trace", "list.c", "-o", "list.json"], b"");
    assert_eq!(
        out.status, 1,
        "the program stops at an error: {}",
        out.stderr
    );
    let text = std::fs::read_to_string(w.join("list.json")).unwrap();
    let trace: Value = serde_json::from_str(&text).unwrap();
    let source = std::fs::read_to_string(w.join("list.c")).unwrap();
    check_trace(&trace, &source);
    let steps = trace["trace"].as_array().unwrap();
    // push is entered with a call event; the list grows on the heap as struct nodes.
    assert!(steps
        .iter()
        .any(|s| s["event"] == "call" && s["func_name"] == "push"));
    let full = steps
        .iter()
        .find(|s| s["heap"].as_object().unwrap().len() == 3)
        .expect("three nodes");
    let node = full["heap"].as_object().unwrap().values().next().unwrap();
    assert_eq!(node[0], "C_STRUCT");
    assert_eq!(node[2], "struct node");
    // A fresh node's members are unwritten.
    assert!(steps
        .iter()
        .any(|s| s["heap"].to_string().contains("<UNINITIALIZED>")));
    // stdout so far, and the error at the end with cmem's report.
    let last = steps.last().unwrap();
    assert_eq!(last["event"], "uncaught_exception");
    assert_eq!(last["line"], 25);
    assert!(last["exception_msg"]
        .as_str()
        .unwrap()
        .contains("use-after-free"));
    assert_eq!(last["stdout"], "first 30\n");

    // Bounded: a limit ends the trace with a last entry that says so.
    let out = cmem(&w, &["trace", "list.c", "--max-trace-steps", "5"], b"");
    assert_eq!(out.status, 1);
    let trace: Value = serde_json::from_slice(&out.stdout).unwrap();
    let steps = trace["trace"].as_array().unwrap();
    assert_eq!(steps.len(), 6);
    assert_eq!(steps[5]["event"], "instruction_limit_reached");
    assert!(steps[5]["exception_msg"]
        .as_str()
        .unwrap()
        .contains("--max-trace-steps"));
}

#[test]
fn trace_of_a_program_that_ends() {
    let w = work("trace-ok");
    let src = "#include <stdio.h>\nint sq(int x) {\n    return x * x;\n}\nint g = 2;\nint main(void) {\n    int a[3] = {1, 2, 3};\n    g = sq(a[2]);\n    printf(\"%d\\n\", g);\n    return 0;\n}\n";
    std::fs::write(w.join("ok.c"), src).unwrap();
    let out = cmem(&w, &["trace", "ok.c"], b"");
    assert_eq!(out.status, 0, "{}", out.stderr);
    let trace: Value = serde_json::from_slice(&out.stdout).unwrap();
    check_trace(&trace, src);
    let steps = trace["trace"].as_array().unwrap();
    let last = steps.last().unwrap();
    assert_eq!(last["event"], "return");
    assert_eq!(last["stdout"], "9\n");
    assert_eq!(last["globals"]["g"][3], 9);
    let arr = steps
        .iter()
        .find_map(|s| s["stack_to_render"][0]["encoded_locals"].get("a").cloned())
        .unwrap();
    assert_eq!(arr[0], "C_ARRAY");
}

/// A trace is bounded in bytes too: each entry repeats the output so far, so a program that
/// printed a megabyte reaches the limit in about 64 entries, and says so.
#[test]
fn trace_stops_at_its_byte_limit() {
    let w = work("trace-big");
    let src = "#include <stdio.h>\n#include <string.h>\nchar b[1 << 20];\nint main(void) {\n    memset(b, 'x', sizeof b - 1);\n    printf(\"%s\", b);\n    for (int i = 0; i < 1000; i++)\n        b[i] = 'y';\n    return 0;\n}\n";
    std::fs::write(w.join("big.c"), src).unwrap();
    let out = cmem(&w, &["trace", "big.c", "-o", "big.json"], b"");
    assert_eq!(out.status, 1, "{}", out.stderr);
    let trace: Value =
        serde_json::from_str(&std::fs::read_to_string(w.join("big.json")).unwrap()).unwrap();
    let steps = trace["trace"].as_array().unwrap();
    assert!(steps.len() < 100, "{} steps", steps.len());
    let last = steps.last().unwrap();
    assert_eq!(last["event"], "instruction_limit_reached");
    assert!(last["exception_msg"]
        .as_str()
        .unwrap()
        .contains("MiB of JSON"));
}

/// A program with errors is not started: the report, and the error status (a file that
/// cannot be read is a usage error).
#[test]
fn a_program_with_errors_is_not_debugged() {
    let w = work("bad");
    std::fs::write(w.join("bad.c"), "int main(void) { return x; }\n").unwrap();
    let out = cmem(&w, &["debug", "bad.c"], b":step\n");
    assert_eq!(out.status, 1);
    assert!(out.stderr.contains("undeclared") && out.stderr.contains("fix them first"));
    let out = cmem(&w, &["trace", "bad.c"], b"");
    assert_eq!(out.status, 1);
    let out = cmem(&w, &["debug", "missing.c"], b"");
    assert_eq!(out.status, 2);
}

/// A program compiled for debugging (statement markers, every local in memory) behaves as
/// under `cmem run`: each corpus program continued to its end prints gcc's output, and
/// each buggy one stops with its first expected code.
#[test]
fn the_corpus_runs_the_same_under_the_debugger() {
    let dir = manifest_dir().join("tests/corpus");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    cases.sort();
    assert!(cases.len() > 50);
    let checked = std::sync::atomic::AtomicUsize::new(0);
    let failures = common::parallel(&cases, |case| {
        let text = std::fs::read_to_string(case).ok()?;
        let want = match text.find("//~ ERROR: ") {
            Some(at) => text[at + 11..]
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .next()?
                .to_string(),
            None => std::fs::read_to_string(case.with_extension("stdout")).ok()?,
        };
        let name = case.file_name()?.to_str()?;
        let out = cmem(&dir, &["debug", name], b":continue\n:continue\n:quit\n");
        let got = String::from_utf8_lossy(&out.stdout);
        checked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        (!got.contains(&want)).then(|| format!("{name}: `{want}` not in\n{got}"))
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        checked.into_inner() > 70,
        "most corpus programs are checked"
    );
}

/// `:draw` at the error marks the block it is about, as `cmem run --draw` does.
#[test]
fn draw_at_the_error_marks_its_block() {
    let w = work("draw-error");
    let out = cmem(
        &w,
        &["debug", "list.c"],
        b":continue\n:draw err.svg\n:back\n:draw ok.svg\n:quit\n",
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    let at_error = std::fs::read_to_string(w.join("err.svg")).unwrap();
    assert!(
        at_error.contains("the block the error is about"),
        "{at_error}"
    );
    let before = std::fs::read_to_string(w.join("ok.svg")).unwrap();
    assert!(!before.contains("the block the error is about"));
}
