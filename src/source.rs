//! Source files, spans and interned names.
//!
//! Every later stage refers to program text through a [`Span`] (a file and a byte range)
//! and to names through a [`Symbol`] (an index into the [`Interner`]). The [`SourceMap`]
//! owns the text of every file read during a run, including the built-in headers, and
//! turns spans into 1-based lines and columns for diagnostics.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

/// The host's files as a run may see them. The library never opens a file or asks the
/// environment itself: the binary passes its files here, and the preprocessor (for
/// `#include`) and the REPL (for `:load` and `:draw`) go through them.
pub trait Files: Send + Sync {
    /// Whether `path` names a file.
    fn is_file(&self, path: &Path) -> bool;
    /// The absolute path without `.`, `..` or links.
    fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf>;
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>>;
    /// The size of a file in bytes (before reading it).
    fn len(&self, path: &Path) -> std::io::Result<u64>;
    fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()>;
    /// The folder relative paths start from.
    fn current_dir(&self) -> Option<PathBuf>;
}

/// No files at all: what a library caller gets unless it passes the host's (programs can
/// still include the built-in headers).
#[derive(Debug, Default)]
pub struct NoFiles;

impl Files for NoFiles {
    fn is_file(&self, _: &Path) -> bool {
        false
    }

    fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
        Err(no_file(path))
    }

    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        Err(no_file(path))
    }

    fn len(&self, path: &Path) -> std::io::Result<u64> {
        Err(no_file(path))
    }

    fn write(&self, path: &Path, _: &[u8]) -> std::io::Result<()> {
        Err(no_file(path))
    }

    fn current_dir(&self) -> Option<PathBuf> {
        None
    }
}

fn no_file(path: &Path) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::NotFound,
        format!("`{}`: this run has no access to files", path.display()),
    )
}

/// A shared handle to the files a run may see.
#[derive(Clone)]
pub struct FileAccess(pub Arc<dyn Files>);

impl Default for FileAccess {
    fn default() -> FileAccess {
        FileAccess(Arc::new(NoFiles))
    }
}

impl std::fmt::Debug for FileAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FileAccess")
    }
}

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range `lo..hi` in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub lo: u32,
    pub hi: u32,
}

impl Span {
    pub fn new(file: FileId, lo: u32, hi: u32) -> Span {
        Span { file, lo, hi }
    }

    /// The smallest span covering both, when they are in one file; otherwise `self`.
    pub fn to(self, other: Span) -> Span {
        if self.file != other.file {
            return self;
        }
        Span {
            file: self.file,
            lo: self.lo.min(other.lo),
            hi: self.hi.max(other.hi),
        }
    }

    /// An empty span at the end of this one.
    pub fn end(self) -> Span {
        Span {
            file: self.file,
            lo: self.hi,
            hi: self.hi,
        }
    }
}

/// A position in the token stream, used as lalrpop's `Location`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub file: FileId,
    pub off: u32,
}

impl Span {
    /// The span from the start position `l` to the end position `r` of a grammar rule.
    pub fn between(l: Pos, r: Pos) -> Span {
        if l.file == r.file && r.off >= l.off {
            Span {
                file: l.file,
                lo: l.off,
                hi: r.off,
            }
        } else {
            Span {
                file: l.file,
                lo: l.off,
                hi: l.off,
            }
        }
    }
}

/// What kind of file a [`FileId`] names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A file of the user's program (or the REPL input).
    User,
    /// One of cmem's built-in standard headers.
    Builtin,
}

/// One file's text with its line index.
#[derive(Debug)]
pub struct SourceFile {
    pub name: String,
    pub path: Option<PathBuf>,
    pub text: Rc<str>,
    pub kind: FileKind,
    line_starts: Vec<u32>,
}

impl SourceFile {
    fn new(name: String, path: Option<PathBuf>, text: Rc<str>, kind: FileKind) -> SourceFile {
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        SourceFile {
            name,
            path,
            text,
            kind,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, off: u32) -> (u32, u32) {
        let line_idx = match self.line_starts.binary_search(&off) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line_idx).copied().unwrap_or(0) as usize;
        let end = (off as usize).min(self.text.len());
        let col = self
            .text
            .get(start..end)
            .map(|s| s.chars().count())
            .unwrap_or(end - start);
        (line_idx as u32 + 1, col as u32 + 1)
    }

    /// The text of 1-based line `line`, without its newline.
    pub fn line_text(&self, line: u32) -> &str {
        let idx = line.saturating_sub(1) as usize;
        let start = self.line_starts.get(idx).copied().unwrap_or(0) as usize;
        let end = self
            .line_starts
            .get(idx + 1)
            .map(|&e| e as usize)
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// The byte offset where 1-based line `line` starts (the text's length past the end).
    pub fn line_start(&self, line: u32) -> usize {
        self.line_starts
            .get(line.saturating_sub(1) as usize)
            .map_or(self.text.len(), |&s| s as usize)
    }

    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }
}

/// All files of a run. Files are never removed, so a [`FileId`] stays valid.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    pub fn add(
        &mut self,
        name: impl Into<String>,
        path: Option<PathBuf>,
        text: impl Into<Rc<str>>,
        kind: FileKind,
    ) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files
            .push(SourceFile::new(name.into(), path, text.into(), kind));
        id
    }

    pub fn file(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn is_builtin(&self, id: FileId) -> bool {
        self.file(id).is_some_and(|f| f.kind == FileKind::Builtin)
    }

    /// File name, 1-based line and column of the start of `span`.
    pub fn locate(&self, span: Span) -> (String, u32, u32) {
        match self.file(span.file) {
            Some(f) => {
                let (l, c) = f.line_col(span.lo);
                (f.name.clone(), l, c)
            }
            None => ("<unknown>".to_string(), 0, 0),
        }
    }

    pub fn line_of(&self, span: Span) -> u32 {
        self.file(span.file)
            .map(|f| f.line_col(span.lo).0)
            .unwrap_or(0)
    }

    /// The source text under a span.
    pub fn snippet(&self, span: Span) -> &str {
        self.file(span.file)
            .and_then(|f| f.text.get(span.lo as usize..span.hi as usize))
            .unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// An interned name or literal text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbol(pub u32);

/// Interns strings so that names compare and hash as integers.
#[derive(Debug, Default)]
pub struct Interner {
    map: HashMap<Rc<str>, Symbol>,
    strings: Vec<Rc<str>>,
}

impl Interner {
    pub fn new() -> Interner {
        Interner::default()
    }

    pub fn intern(&mut self, s: &str) -> Symbol {
        if let Some(&sym) = self.map.get(s) {
            return sym;
        }
        let sym = Symbol(self.strings.len() as u32);
        let rc: Rc<str> = Rc::from(s);
        self.strings.push(rc.clone());
        self.map.insert(rc, sym);
        sym
    }

    pub fn get(&self, s: &str) -> Option<Symbol> {
        self.map.get(s).copied()
    }

    pub fn resolve(&self, sym: Symbol) -> &str {
        self.strings
            .get(sym.0 as usize)
            .map(|s| &**s)
            .unwrap_or("<?>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let mut sm = SourceMap::new();
        let f = sm.add("a.c", None, "ab\ncd\n\nxyz", FileKind::User);
        let file = sm.file(f).unwrap();
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(1), (1, 2));
        assert_eq!(file.line_col(3), (2, 1));
        assert_eq!(file.line_col(6), (3, 1));
        assert_eq!(file.line_col(9), (4, 3));
        assert_eq!(file.line_text(2), "cd");
        assert_eq!(file.line_text(4), "xyz");
    }

    #[test]
    fn interner_round_trips() {
        let mut i = Interner::new();
        let a = i.intern("malloc");
        let b = i.intern("free");
        assert_ne!(a, b);
        assert_eq!(i.intern("malloc"), a);
        assert_eq!(i.resolve(b), "free");
    }
}
