//! `cargo run --bin render FILE`: the C source of a `structured` fuzzer input.
use arbitrary::{Arbitrary, Unstructured};
use std::io::Write;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: render FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(2);
    });
    match cmem_fuzz::Program::arbitrary_take_rest(Unstructured::new(&bytes)) {
        Ok(p) => {
            let _ = std::io::stdout().write_all(p.render().as_bytes());
        }
        Err(e) => {
            eprintln!("not a structured input: {e}");
            std::process::exit(1);
        }
    }
}
