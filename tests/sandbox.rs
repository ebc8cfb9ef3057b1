//! The sandboxed file system (SPEC §3): a program reads the files of its folder (or of
//! `--fs-root`), its writes stay in memory unless `--fs-out` names a folder, and nothing
//! else of the host is reachable — not by an absolute path, `..` or a symbolic link.

mod common;

use std::path::PathBuf;

fn fresh_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cmem-sandbox-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("prog")).expect("temp dir");
    d
}

const OPENS: &str = r#"
#include <stdio.h>
static void try_open(const char *path) {
    FILE *f = fopen(path, "r");
    char line[64] = "";
    if (f) { fgets(line, sizeof line, f); fclose(f); }
    printf("%s: %s\n", path, f ? line : "NULL\n");
}
int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++)
        try_open(argv[i]);
    FILE *out = fopen("written.txt", "w");
    fputs("from the program\n", out);
    fclose(out);
    try_open("written.txt");
    return 0;
}
"#;

#[test]
fn only_the_programs_folder_is_visible() {
    let d = fresh_dir("visible");
    std::fs::write(d.join("prog/mine.txt"), "mine\n").expect("write");
    std::fs::write(d.join("secret.txt"), "secret\n").expect("write");
    std::fs::write(d.join("prog/p.c"), OPENS).expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("secret.txt"), d.join("prog/link.txt")).expect("link");
    let secret = d.join("secret.txt").display().to_string();
    let out = common::cmem(
        &d.join("prog"),
        &[
            "run",
            "p.c",
            "--",
            "mine.txt",
            "../secret.txt",
            &secret,
            "link.txt",
            "/etc/passwd",
        ],
        b"",
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("mine.txt: mine\n"), "{stdout}");
    assert!(stdout.contains("../secret.txt: NULL\n"), "{stdout}");
    assert!(stdout.contains(&format!("{secret}: NULL\n")), "{stdout}");
    #[cfg(unix)]
    assert!(stdout.contains("link.txt: NULL\n"), "{stdout}");
    assert!(stdout.contains("/etc/passwd: NULL\n"), "{stdout}");
    assert!(
        stdout.contains("written.txt: from the program\n"),
        "{stdout}"
    );
    assert!(
        !d.join("prog/written.txt").exists(),
        "a write never reaches the host without --fs-out"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn fs_root_and_fs_out() {
    let d = fresh_dir("flags");
    std::fs::create_dir_all(d.join("data")).expect("data dir");
    std::fs::create_dir_all(d.join("out")).expect("out dir");
    std::fs::write(d.join("data/input.txt"), "input\n").expect("write");
    std::fs::write(d.join("prog/p.c"), OPENS).expect("write");
    let out = common::cmem(
        &d.join("prog"),
        &[
            "run",
            "--fs-root",
            "../data",
            "--fs-out",
            "../out",
            "p.c",
            "--",
            "input.txt",
        ],
        b"",
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("input.txt: input\n"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(d.join("out/written.txt")).expect("--fs-out wrote the file"),
        "from the program\n"
    );
    assert!(!d.join("data/written.txt").exists());
    let bad = common::cmem(&d.join("prog"), &["run", "--fs-out", "nowhere", "p.c"], b"");
    assert_eq!(bad.status, 2, "{}", bad.stderr);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn streams_are_bounded() {
    let d = fresh_dir("bounded");
    std::fs::write(d.join("prog/big.txt"), vec![b'x'; 300_000]).expect("write");
    let src = r#"
#include <errno.h>
#include <stdio.h>
int main(void) {
    FILE *big = fopen("big.txt", "r");
    printf("big: %s errno=%d\n", big ? "opened" : "NULL", errno);
    int n = 0;
    while (fopen("many.txt", "w")) n++;
    printf("opened %d, then errno=%d (with big.txt, 1021 open)\n", n, errno);
    return 0;
}
"#;
    std::fs::write(d.join("prog/p.c"), src).expect("write");
    let out = common::cmem(
        &d.join("prog"),
        &["run", "--heap-limit", "30000000", "p.c"],
        b"",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("big: opened"), "{stdout}");
    assert!(
        stdout.contains("opened 1020, then errno=24 (with big.txt, 1021 open)"),
        "{stdout}"
    );
    assert!(
        out.stderr
            .contains("1020 streams opened here are never closed"),
        "{}",
        out.stderr
    );
    // A write far past the end of a file would make a file of that size: it meets the
    // output limit instead of taking the host's memory.
    std::fs::write(
        d.join("prog/seek.c"),
        "#include <stdio.h>\nint main(void) { FILE *f = fopen(\"gap.bin\", \"w\"); fseek(f, 2000000000L, SEEK_SET); fputc('x', f); fclose(f); return 0; }\n",
    )
    .expect("write");
    let gap = common::cmem(&d.join("prog"), &["run", "seek.c"], b"");
    assert!(gap.stderr.contains("output-limit"), "{}", gap.stderr);
    let small = common::cmem(
        &d.join("prog"),
        &["run", "--heap-limit", "200000", "p.c"],
        b"",
    );
    let stdout = String::from_utf8_lossy(&small.stdout);
    assert!(stdout.contains("big: NULL errno=12"), "{stdout}");
    let _ = std::fs::remove_dir_all(&d);
}
