//! From text to syntax tree: preprocessing, lexing, typedef-name classification, parsing.
//!
//! Invariant: nothing here knows about types, layouts or execution; the output is a
//! [`ast::TranslationUnit`] with spans, and diagnostics.

pub mod ast;
pub mod headers;
pub mod lexer;
pub mod literal;
pub mod parser;
pub mod preprocess;
pub mod token;
pub mod typenames;
