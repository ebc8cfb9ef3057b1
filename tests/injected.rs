//! No check was weakened for speed: every benchmark program (the shared five, copied into
//! tests/bench/, and our own in bench/) runs clean as written, and with one deliberately
//! injected bug cmem stops at that bug, on its line, with its code. The bugs are the
//! ones students make: a missing `+ 1`, `<=` for `<`, a read after free, a missing
//! initialisation, a lost list.
//!
//! Release builds run the programs at their benchmark sizes, so the fast paths that the
//! benchmarks exercise are the ones checked; unoptimised builds shrink the size constants.

mod common;

use std::path::{Path, PathBuf};

struct Injection {
    /// tests/bench/NAME.c or bench/NAME.c, relative to the crate
    program: &'static str,
    /// unique text of the program ...
    from: &'static str,
    /// ... replaced by this
    to: &'static str,
    code: &'static str,
    /// the first line of the mutated program containing this text is the diagnostic's line
    at: &'static str,
}

const INJECTIONS: &[Injection] = &[
    Injection {
        program: "tests/bench/list.c",
        from: "        next = p->next;\n        free(p);\n",
        to: "        free(p);\n        next = p->next; /* read after free */\n",
        code: "use-after-free",
        at: "/* read after free */",
    },
    Injection {
        program: "tests/bench/list.c",
        from: "        free_list(head);\n",
        to: "\n",
        code: "memory-leak",
        at: "struct node *n = malloc(sizeof(struct node));",
    },
    Injection {
        program: "tests/bench/bintree.c",
        from: "        t->left = NULL;\n        t->right = NULL;\n",
        to: "        t->right = NULL;\n",
        code: "uninit-read",
        at:
            "    if (t->left == NULL) {\n        return t->item;\n    }\n    return t->item + check",
    },
    Injection {
        program: "tests/bench/bintree.c",
        from: "    free_tree(t->left);\n    free_tree(t->right);\n    free(t);\n",
        to: "    free_tree(t->left);\n    free(t);\n    free_tree(t->right);\n",
        code: "use-after-free",
        at: "    free_tree(t->right);\n}",
    },
    Injection {
        program: "tests/bench/hashstr.c",
        from: "s = malloc(strlen(tmp) + 1);",
        to: "s = malloc(strlen(tmp));",
        code: "out-of-bounds",
        at: "strcpy(s, tmp);",
    },
    Injection {
        program: "tests/bench/matmul.c",
        from: "        m[i] = malloc(n * sizeof(double));",
        to: "        m[i] = malloc((n - 1) * sizeof(double));",
        code: "out-of-bounds",
        at: "            a[i][j] =",
    },
    Injection {
        program: "tests/bench/vecsort.c",
        from: "    long hits = 0;\n",
        to: "    long hits;\n",
        code: "uninit-read",
        at: "hits = hits + bsearch_count",
    },
    Injection {
        program: "tests/bench/vecsort.c",
        from: "while (j >= lo && a[j] > key)",
        to: "while (j >= lo - 1 && a[j] > key)",
        code: "out-of-bounds",
        at: "while (j >= lo - 1 && a[j] > key)",
    },
    Injection {
        program: "bench/tokenizer.c",
        from: "p->name = malloc(n + 1);",
        to: "p->name = malloc(n);",
        code: "out-of-bounds",
        at: "p->name[n] = '\\0';",
    },
    Injection {
        program: "bench/tokenizer.c",
        from: "            free(p->name);\n            free(p);\n",
        to: "            free(p);\n            free(p->name);\n",
        code: "use-after-free",
        at: "            free(p->name);\n            p = next;",
    },
    Injection {
        program: "bench/bytecode_vm.c",
        from: "m.mem = malloc(LIMIT * sizeof *m.mem);",
        to: "m.mem = malloc((LIMIT - 1) * sizeof *m.mem);",
        code: "out-of-bounds",
        at: "            m.mem[i] = 0;",
    },
    Injection {
        program: "bench/bytecode_vm.c",
        from: "    free(m.mem);\n",
        to: "    free(m.mem);\n    free(m.vars);\n",
        code: "double-free",
        at: "    free(m.vars);\n    return 0;",
    },
];

/// Size constants divided in unoptimised builds, where the interpreter is ~20x slower.
const SHRINK: &[(&str, &str)] = &[
    ("#define N 80000 ", "#define N 800 "),
    ("#define N 100 ", "#define N 12 "),
    ("#define KEYS 12000 ", "#define KEYS 300 "),
    ("#define MAX_DEPTH 10 ", "#define MAX_DEPTH 6 "),
    ("#define SMALL 2000 ", "#define SMALL 200 "),
    ("#define TEXT_BYTES 400000", "#define TEXT_BYTES 4000"),
    ("#define LIMIT 60000", "#define LIMIT 2000"),
];

fn source(program: &str) -> String {
    let text = std::fs::read_to_string(common::manifest_dir().join(program))
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    if !cfg!(debug_assertions) {
        return text;
    }
    SHRINK
        .iter()
        .fold(text, |t, (from, to)| t.replacen(from, to, 1))
}

fn line_of(text: &str, needle: &str) -> u32 {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not in the mutated program"));
    1 + text[..at].matches('\n').count() as u32
}

fn scratch() -> PathBuf {
    let d = std::env::temp_dir().join(format!("cmem-injected-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn errors(dir: &Path, name: &str, text: &str) -> (Vec<(String, u32)>, common::Output) {
    std::fs::write(dir.join(name), text).expect("write");
    let out = common::cmem(dir, &["run", "--format", "json", name], b"");
    let errs = common::json_diagnostics(&out.stderr)
        .into_iter()
        .filter(|d| d.2 == "error")
        .map(|d| (d.0, d.1))
        .collect();
    (errs, out)
}

#[test]
fn every_benchmark_runs_clean_as_written() {
    let mut programs: Vec<&str> = INJECTIONS.iter().map(|i| i.program).collect();
    programs.dedup();
    let dir = scratch();
    let failures = common::parallel(&programs, |program| {
        let name = format!("clean_{}", Path::new(program).file_name()?.to_str()?);
        let (errs, out) = errors(&dir, &name, &source(program));
        (out.status != 0 || !errs.is_empty() || out.stdout.is_empty()).then(|| {
            format!(
                "{program}: exit {}, errors {errs:?}\n{}",
                out.status, out.stderr
            )
        })
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_injected_bug_is_reported_on_its_line() {
    let dir = scratch();
    let cases: Vec<(usize, &Injection)> = INJECTIONS.iter().enumerate().collect();
    let failures = common::parallel(&cases, |(k, inj)| {
        let text = source(inj.program);
        assert_eq!(
            text.matches(inj.from).count(),
            1,
            "{}: {:?} must occur once",
            inj.program,
            inj.from
        );
        let mutated = text.replacen(inj.from, inj.to, 1);
        let line = line_of(&mutated, inj.at);
        let name = format!("bug{k}_{}", Path::new(inj.program).file_name()?.to_str()?);
        let (errs, out) = errors(&dir, &name, &mutated);
        let want = (inj.code.to_string(), line);
        (out.status == 0 || errs.first() != Some(&want)).then(|| {
            format!(
                "{} with {:?}: want {want:?} first, got exit {} and {errs:?}\n{}",
                inj.program, inj.to, out.status, out.stderr
            )
        })
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
