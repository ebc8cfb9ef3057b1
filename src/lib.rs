//! cmem: an interpreter for C programs with manual memory that explains every misuse.
//!
//! The pipeline (one module per stage, data flowing one way):
//! `source` → `syntax::preprocess` → `syntax::lexer` → `syntax::typenames` →
//! `syntax::parser` (AST) → `sema` (checked [`sema::program::Program`]) → `bytecode` →
//! `eval` (over the `mem` model) → `explain` → `diag` (reports). `frontend` drives the
//! front-end stages, `driver` the whole run; ARCHITECTURE.md has the layer table that
//! `tests/tidy.rs` enforces.
//!
//! The library never prints: it writes to the writers it is given. The binary
//! (`src/main.rs`) is a thin shell over [`driver::run_source`], [`driver::check_source`],
//! the REPL and the test harness.

#![deny(clippy::print_stdout, clippy::print_stderr)]
// Diagnostics are large but errors are cold paths; boxing them would only add noise.
#![allow(clippy::result_large_err)]

/// A broken internal invariant: a bug of cmem, never a property of the C program. The
/// binary's panic hook reports it as an internal error with its own exit status.
#[macro_export]
macro_rules! bug {
    ($($arg:tt)*) => {
        panic!("interpreter bug: {}", format_args!($($arg)*))
    };
}

pub mod bytecode;
pub mod debug;
pub mod diag;
pub mod driver;
pub mod eval;
pub mod explain;
pub mod frontend;
pub mod inspect;
pub mod mem;
pub mod num;
pub mod repl;
pub mod sema;
pub mod source;
pub mod syntax;
