//! The REPL end to end: a session piped through stdin against a golden transcript, and the
//! same kind of session typed into a pseudo-terminal (line editing, continuation prompts,
//! Ctrl-C, history across restarts, `:draw`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{cmem, golden, manifest_dir};

fn bless() -> bool {
    std::env::var_os("CMEM_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cmem-repl-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

/// Every `tests/repl/NAME.in` piped into `cmem repl` prints `NAME.out`.
#[test]
fn piped_transcripts() {
    let dir = manifest_dir().join("tests/repl");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/repl exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "in"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    let mut failures = Vec::new();
    for input in &inputs {
        let work = temp_dir(&input.file_stem().unwrap().to_string_lossy());
        // Files the session loads (`:load helpers.c`) sit beside the transcripts.
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "c" || x == "h") {
                std::fs::copy(&p, work.join(e.file_name())).unwrap();
            }
        }
        let text = std::fs::read(input).unwrap();
        let out = cmem(&work, &["repl"], &text);
        let actual = String::from_utf8_lossy(&out.stdout).into_owned();
        failures.extend(golden(&input.with_extension("out"), &actual));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The walk-through's `:draw` wrote an SVG with the boxes and arrows of its heap.
#[test]
fn piped_draw_writes_svg_and_dot() {
    let work = temp_dir("draw");
    let script = "struct node { int value; struct node *next; };\n\
                  struct node *a = malloc(sizeof *a);\n\
                  struct node *b = malloc(sizeof *b);\n\
                  a->value = 1; a->next = b; b->value = 2; b->next = NULL;\n\
                  char *lost = malloc(3);\n\
                  lost = NULL;\n\
                  int *gone = malloc(sizeof(int));\n\
                  free(gone);\n\
                  :draw heap.svg\n\
                  :draw heap.dot\n";
    let out = cmem(&work, &["repl"], script.as_bytes());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("wrote heap.svg"), "{stdout}{}", out.stderr);
    check_svg(&work.join("heap.svg"));
    let dot = std::fs::read_to_string(work.join("heap.dot")).unwrap();
    assert!(dot.starts_with("digraph heap {"), "{dot}");
    // a -> first node, its `next` -> the second, gone -> a freed block (dashed)
    assert!(dot.contains("globals:v0 -> b"), "{dot}");
    assert!(dot.matches(" -> b").count() >= 3, "{dot}");
    assert!(dot.contains("style=dashed"), "{dot}");
    assert!(dot.contains("LOST #"), "{dot}");
    assert!(dot.contains("FREED #"), "{dot}");
    assert!(dot.contains("{<n0> value|<v0> 1}"), "{dot}");
}

/// An SVG of the heap above: boxes (rects) with the field names, arrows (paths with arrow
/// markers), a lost block and a freed one.
fn check_svg(path: &Path) {
    let svg = std::fs::read_to_string(path).expect("the SVG was written");
    assert!(svg.contains("<svg"), "not an SVG: {svg}");
    let rects = svg.matches("<rect").count();
    assert!(rects >= 4, "expected boxes, found {rects} rects");
    let arrows = svg.matches("marker-end").count();
    assert!(arrows >= 3, "expected at least 3 arrows, found {arrows}");
    for text in ["globals", "value", "next", "LOST", "FREED", "struct node"] {
        assert!(svg.contains(text), "the SVG does not show `{text}`");
    }
}

/// At exit no variable points to a lost list any more: its blocks are still drawn as
/// `struct node`s with decoded values (the type the allocation was converted to), not as
/// hex words.
#[test]
fn lost_blocks_at_exit_are_drawn_with_their_allocation_type() {
    let work = temp_dir("alloc-type");
    let src = "#include <stdlib.h>\nstruct node { int value; struct node *next; };\nint main(void) {\n  struct node *head = NULL;\n  for (int i = 0; i < 3; i++) {\n    struct node *n = malloc(sizeof *n);\n    n->value = 10 * (i + 1);\n    n->next = head;\n    head = n;\n  }\n  head = NULL;\n  return 0;\n}\n";
    std::fs::write(work.join("list.c"), src).unwrap();
    let out = cmem(&work, &["run", "--draw", "pic.dot", "list.c"], b"");
    assert_eq!(out.status, 1, "{}", out.stderr);
    let dot = std::fs::read_to_string(work.join("pic.dot")).unwrap();
    assert!(
        dot.contains("LOST #") && dot.contains("struct node"),
        "{dot}"
    );
    for v in ["<v0> 10}", "<v0> 20}", "<v0> 30}"] {
        assert!(dot.contains(v), "{v} in {dot}");
    }
    assert!(!dot.contains("??"), "no hex words: {dot}");
    let out = cmem(&work, &["run", "--draw", "pic.svg", "list.c"], b"");
    assert_eq!(out.status, 1);
    let svg = std::fs::read_to_string(work.join("pic.svg")).unwrap();
    assert!(svg.contains("monospace") && svg.contains("a leak"), "{svg}");
}

/// A frame lists the locals in scope where it stopped: a loop's variables are gone after
/// the loop.
#[test]
fn out_of_scope_locals_are_not_drawn() {
    let work = temp_dir("scope-draw");
    let src = "#include <stdlib.h>\nint main(void) {\n    int *keep = malloc(8);\n    for (int i = 0; i < 2; i++) {\n        int inner = i;\n        keep[i] = inner;\n    }\n    int after = keep[0];\n    free(keep);\n    return keep[1] + after;\n}\n";
    std::fs::write(work.join("scope.c"), src).unwrap();
    let out = cmem(&work, &["run", "--draw", "pic.dot", "scope.c"], b"");
    assert_eq!(out.status, 1, "{}", out.stderr);
    let dot = std::fs::read_to_string(work.join("pic.dot")).unwrap();
    assert!(
        dot.contains("<n0> keep|") && dot.contains("<n1> after|"),
        "{dot}"
    );
    assert!(!dot.contains("> i|") && !dot.contains("> inner|"), "{dot}");
}

/// `cmem run --draw` draws at the first error.
#[test]
fn run_draw_at_first_error() {
    let work = temp_dir("run-draw");
    let src = "#include <stdlib.h>\nint main(void) {\n  int *p = malloc(8);\n  free(p);\n  return *p;\n}\n";
    std::fs::write(work.join("uaf.c"), src).unwrap();
    let out = cmem(&work, &["run", "--draw", "pic.dot", "uaf.c"], b"");
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains("use-after-free"));
    let dot = std::fs::read_to_string(work.join("pic.dot")).unwrap();
    assert!(dot.contains("main (line 5)"), "{dot}");
    assert!(dot.contains("{<n0> p|<v0> • (dangling: freed)}"), "{dot}");
    assert!(dot.contains("FREED #"), "{dot}");
    // The block the error is about is marked.
    assert!(
        dot.lines()
            .any(|l| l.contains("FREED #") && l.contains("penwidth=3")),
        "{dot}"
    );
    // So is the pointer that reaches it.
    assert!(
        dot.lines()
            .any(|l| l.contains(":v0 ->") && l.contains("penwidth=3")),
        "{dot}"
    );
    let out = cmem(&work, &["run", "--draw", "pic.svg", "uaf.c"], b"");
    assert_eq!(out.status, 1);
    let svg = std::fs::read_to_string(work.join("pic.svg")).unwrap();
    assert!(
        svg.contains("<svg") && svg.contains("main (line 5)"),
        "{svg}"
    );
    assert!(svg.contains("the block the error is about"), "{svg}");
}

mod pty {
    use super::*;
    use rexpect::session::PtySession;

    const PROMPT: &str = "cmem> ";

    fn spawn(dir: &Path, history: &Path) -> PtySession {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cmem"));
        cmd.current_dir(dir)
            .env("CMEM_HISTORY", history)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm");
        let opts = rexpect::reader::Options::new()
            // No wall-clock bound: on a busy machine any bound flakes; a hang is caught
            // by the test runner instead.
            .timeout_ms(None)
            .strip_ansi_escape_codes(true);
        let mut p = rexpect::session::spawn_with_options(cmd, opts).expect("cmem starts on a pty");
        p.exp_string(PROMPT).expect("the first prompt");
        p
    }

    /// Types a line and returns what the REPL printed before its next prompt (the main
    /// prompt or the continuation prompt).
    fn ask(p: &mut PtySession, text: &str) -> String {
        p.send_line(text).expect("send");
        let (before, _) = p
            .exp_regex(r"cmem> |  \.\.\. ")
            .unwrap_or_else(|e| panic!("no prompt after `{text}`: {e}"));
        before
    }

    fn expect_in(out: &str, want: &str) {
        assert!(out.contains(want), "expected `{want}` in:\n{out}");
    }

    #[test]
    fn terminal_session() {
        let work = temp_dir("pty");
        let history = work.join("history");
        let mut p = spawn(&work, &history);

        // A function typed over several lines, with continuation prompts.
        ask(&mut p, "int sum(int n) {");
        ask(&mut p, "    int s = 0;");
        ask(&mut p, "    for (int i = 1; i <= n; i++) s += i;");
        ask(&mut p, "    return s;");
        ask(&mut p, "}");
        expect_in(&ask(&mut p, "sum(10)"), "(int) 55");

        // The heap, and unwritten bytes.
        ask(&mut p, "int *p = malloc(4 * sizeof(int));");
        ask(&mut p, "p[0] = 7;");
        expect_in(&ask(&mut p, ":heap"), "4/16");
        expect_in(&ask(&mut p, ":mem p"), "07 00 00 00 ?? ?? ??");

        // A use-after-free is reported and the session goes on.
        ask(&mut p, "free(p);");
        let out = ask(&mut p, "p[1]");
        expect_in(&out, "use-after-free");
        expect_in(&out, "freed here");
        expect_in(&ask(&mut p, "1 + 2"), "(int) 3");

        // A leak, found now.
        ask(&mut p, "char *name = malloc(10);");
        ask(&mut p, "name = NULL;");
        let out = ask(&mut p, ":leaks");
        expect_in(&out, "memory-leak");
        expect_in(&out, "10 bytes");

        // Ctrl-C stops an endless loop; the state is intact.
        ask(&mut p, "int kept = 41;");
        // It prints first, so the Ctrl-C is sent while it runs, not while the editor reads.
        p.send_line("printf(\"looping\\n\"); while (1);").unwrap();
        p.exp_string("looping").unwrap();
        p.send_control('c').unwrap();
        let (out, _) = p.exp_regex("cmem> ").unwrap();
        expect_in(&out, "interrupted");
        // The report starts on a line of its own, not after the terminal's `^C`.
        let before = &out[..out.find("interrupted").unwrap_or(0)];
        assert!(
            before.is_empty() || before.replace('\r', "").ends_with('\n'),
            "{out:?}"
        );
        expect_in(&ask(&mut p, "kept + 1"), "(int) 42");

        // A picture of the heap.
        expect_in(&ask(&mut p, ":draw heap.svg"), "wrote heap.svg");
        let svg = std::fs::read_to_string(work.join("heap.svg")).unwrap();
        assert!(svg.contains("<svg") && svg.contains("LOST") && svg.contains("FREED"));

        // Tab completes a name defined in the session.
        p.send("su\t").unwrap();
        p.flush().unwrap();
        p.exp_string("sum").unwrap();
        p.send_line("(4)").unwrap();
        p.exp_string("(int) 10").unwrap();
        p.exp_string(PROMPT).unwrap();

        // Tab completes a member after `.` and `->`, and a file name after `:load`.
        ask(&mut p, "struct pt { int xcoord; int ycoord; };");
        ask(&mut p, "struct pt q = {5, 6};");
        ask(&mut p, "struct pt *qp = &q;");
        p.send("q.yc\t").unwrap();
        p.flush().unwrap();
        p.exp_string("ycoord").unwrap();
        p.send_line("").unwrap();
        p.exp_string("(int) 6").unwrap();
        p.exp_string(PROMPT).unwrap();
        p.send("qp->xc\t").unwrap();
        p.flush().unwrap();
        p.exp_string("xcoord").unwrap();
        p.send_line("").unwrap();
        p.exp_string("(int) 5").unwrap();
        p.exp_string(PROMPT).unwrap();
        std::fs::write(
            work.join("tabbed_helper.c"),
            "int tabbed(void) { return 99; }\n",
        )
        .unwrap();
        p.send(":load tabbed_h\t").unwrap();
        p.flush().unwrap();
        p.exp_string("tabbed_helper.c").unwrap();
        p.send_line("").unwrap();
        p.exp_string(PROMPT).unwrap();
        expect_in(&ask(&mut p, "tabbed()"), "(int) 99");

        // After `:reset` the new session's machine still answers Ctrl-C.
        expect_in(&ask(&mut p, ":reset"), "empty again");
        p.send_line("printf(\"spinning\\n\"); for (;;) {}").unwrap();
        p.exp_string("spinning").unwrap();
        p.send_control('c').unwrap();
        let (out, _) = p.exp_regex("cmem> ").unwrap();
        expect_in(&out, "interrupted");
        expect_in(&ask(&mut p, "kept"), "undeclared");

        expect_in(&ask(&mut p, "6 * 7"), "(int) 42");

        // Ctrl-D leaves.
        p.send_control('d').unwrap();
        p.exp_eof().unwrap();

        // History survives a restart: Up recalls the last input.
        let saved = std::fs::read_to_string(&history).unwrap_or_default();
        assert!(
            saved.contains("kept + 1") && saved.contains("6 * 7"),
            "history file: {saved}"
        );
        let mut p = spawn(&work, &history);
        p.send("\x1b[A").unwrap();
        p.flush().unwrap();
        p.exp_string("6 * 7").unwrap();
        p.send("\r").unwrap();
        p.flush().unwrap();
        p.exp_string("(int) 42").unwrap();
        p.send_control('d').unwrap();
        p.exp_eof().unwrap();
    }
}

/// The README's heap picture is what the session in `examples/repl_session.txt` draws
/// (`CMEM_BLESS=1` redraws it).
#[test]
fn readme_picture_is_current() {
    let work = temp_dir("readme");
    let script = std::fs::read(manifest_dir().join("examples/repl_session.txt")).unwrap();
    let out = cmem(&work, &["repl"], &script);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("wrote repl_session.svg"), "{stdout}");
    let drawn = std::fs::read_to_string(work.join("repl_session.svg")).unwrap();
    let committed = manifest_dir().join("examples/repl_session.svg");
    if bless() {
        std::fs::write(&committed, &drawn).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        drawn == expected,
        "examples/repl_session.svg is stale: run CMEM_BLESS=1 cargo test --test repl"
    );
    check_svg(&committed);
}
