//! From syntax tree to checked program: names, types, layouts, conversions.
//!
//! Invariant: `sema` never executes anything and never touches program memory; it reads
//! the AST and produces a [`program::Program`] and diagnostics. It knows nothing of `eval`.

pub mod builtins;
pub mod check;
mod expr;
mod init;
pub mod program;
pub mod types;

pub use check::{CheckState, Checker};
