//! `cargo bench`: the interpreter's hot paths, each a small C program compiled once and
//! executed per iteration (machine set-up, the run, and the leak analysis at exit).
//! The whole-process comparison with gcc, Valgrind, ASan and tcc is `run.sh`; see
//! BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion};

use cmem::driver::{compile, execute, Frontend, Options, SourceFile};
use cmem::eval::builtins::Io;

fn frontend(src: &str) -> Frontend {
    let fe = compile(
        vec![SourceFile::new("bench.c", None, src.as_bytes().to_vec())],
        &Options::default(),
    );
    assert!(!fe.has_errors(), "the benchmark program compiles");
    fe
}

fn run(fe: &Frontend, opts: &Options) {
    let io = Io::new(
        Box::new(std::io::sink()),
        Box::new(std::io::sink()),
        Box::new(std::io::empty()),
    );
    let report = execute(fe, opts, io, "bench");
    assert_eq!(
        report.status,
        Some(0),
        "{:?}",
        report.diagnostics.first().map(|d| &d.message)
    );
}

const PROGRAMS: &[(&str, &str)] = &[
    (
        "expressions",
        "int main(void) {
            unsigned acc = 1; long wide = 0;
            for (int i = 0; i < 20000; i++) {
                acc = acc * 31u + (unsigned)(i ^ (i >> 3));
                wide += (long)(acc % 1000) - i / 7;
            }
            return (acc == 0) + (wide == 1);
        }",
    ),
    (
        "loads_stores",
        "#include <stdlib.h>
        int main(void) {
            int n = 4096; long sum = 0;
            int *a = malloc(n * sizeof(int));
            int *b = malloc(n * sizeof(int));
            for (int i = 0; i < n; i++) { a[i] = i * 3; b[i] = 0; }
            for (int r = 0; r < 4; r++)
                for (int i = 0; i < n; i++) { b[i] = a[i] + r; sum += b[(i * 7) % n]; }
            free(a); free(b);
            return sum == 0;
        }",
    ),
    (
        "malloc_free_churn",
        "#include <stdlib.h>
        #include <string.h>
        int main(void) {
            char *keep[64] = {0};
            for (int i = 0; i < 5000; i++) {
                char *p = malloc(16 + i % 48);
                memset(p, i & 0xff, 16);
                free(keep[i % 64]);
                keep[i % 64] = p;
            }
            for (int i = 0; i < 64; i++) free(keep[i]);
            return 0;
        }",
    ),
    (
        "calls",
        "int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
        int main(void) { return fib(18) != 2584; }",
    ),
    (
        "struct_copy_and_pointer_chasing",
        "#include <stdlib.h>
        struct node { int value; struct node *next; };
        int main(void) {
            struct node *head = NULL; long sum = 0;
            for (int i = 0; i < 2000; i++) {
                struct node *n = malloc(sizeof *n);
                n->value = i; n->next = head; head = n;
            }
            for (int r = 0; r < 5; r++)
                for (struct node *p = head; p; p = p->next) { struct node copy = *p; sum += copy.value; }
            while (head) { struct node *next = head->next; free(head); head = next; }
            return sum == 0;
        }",
    ),
    (
        "switch_dispatch",
        "int main(void) {
            unsigned acc = 0;
            for (int i = 0; i < 20000; i++) {
                switch (i % 8) {
                case 0: acc += 1; break; case 1: acc -= 2; break; case 2: acc ^= i; break;
                case 3: acc += i; break; case 4: acc *= 3; break; case 5: acc /= 2; break;
                case 6: acc = -acc; break; default: acc++; break;
                }
            }
            return acc == 12345;
        }",
    ),
];

fn hot_paths(c: &mut Criterion) {
    let opts = Options::default();
    for (name, src) in PROGRAMS {
        let fe = frontend(src);
        c.bench_function(name, |b| b.iter(|| run(&fe, &opts)));
    }
}

/// The leak analysis at exit over many leaked blocks (a list whose head is dropped).
fn leak_analysis(c: &mut Criterion) {
    let src = "#include <stdlib.h>
        struct node { struct node *next; int v; };
        int main(void) {
            struct node *head = NULL;
            for (int i = 0; i < 20000; i++) {
                struct node *n = malloc(sizeof *n); n->next = head; n->v = i; head = n;
            }
            return 0;
        }";
    let fe = frontend(src);
    let opts = Options::default();
    c.bench_function("leak_analysis_20k_blocks", |b| {
        b.iter(|| {
            let io = Io::new(
                Box::new(std::io::sink()),
                Box::new(std::io::sink()),
                Box::new(std::io::empty()),
            );
            let report = execute(&fe, &opts, io, "bench");
            assert!(!report.diagnostics.is_empty());
        })
    });
}

/// The front end: preprocessing, parsing and checking a program with the standard headers.
fn front_end(c: &mut Criterion) {
    let src: String = PROGRAMS
        .iter()
        .map(|(_, s)| s.replace("main", "f"))
        .collect::<Vec<_>>()
        .join("\n")
        + "\nint main(void) { return 0; }\n";
    c.bench_function("front_end", |b| {
        b.iter(|| {
            compile(
                vec![SourceFile::new("bench.c", None, src.as_bytes().to_vec())],
                &Options::default(),
            )
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = hot_paths, leak_analysis, front_end
}
criterion_main!(benches);
