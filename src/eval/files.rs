//! The sandboxed file system of a run, and the state of each stream the program opened.
//!
//! A program sees the files under one folder, its *root* (the folder of its first file, or
//! `--fs-root DIR`): it may read them, and what it writes goes to an in-memory overlay
//! for the run, so the host's files never change (`--fs-out DIR` copies the files the
//! program wrote into DIR when it ends). A path that leaves the root — absolute, `..`
//! above it, or through a symbolic link that leads outside — names no file (`ENOENT`,
//! or `EACCES` for a write). Nothing else of the host is reachable.
//!
//! Invariant: every host path this module reads is inside the canonical root; it writes
//! only under the `--fs-out` folder, and only when the run ends (`FileSystem::persist`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::source::FileAccess;

/// `errno` values, as glibc numbers them.
pub mod errno {
    pub const ENOENT: i32 = 2;
    pub const EBADF: i32 = 9;
    pub const ENOMEM: i32 = 12;
    pub const EACCES: i32 = 13;
    pub const EEXIST: i32 = 17;
    pub const EISDIR: i32 = 21;
    pub const EINVAL: i32 = 22;
    pub const EMFILE: i32 = 24;
    pub const ESPIPE: i32 = 29;
}

/// Where the program's files are (see the module documentation).
#[derive(Clone, Debug, Default)]
pub struct FsOptions {
    /// The folder whose files the program may read; `None`: it sees no files.
    pub root: Option<PathBuf>,
    /// Where the files the program wrote are copied when it ends.
    pub out: Option<PathBuf>,
}

/// The most streams a program may have open at once (glibc's default descriptor limit,
/// less the three standard streams): `fopen` beyond it fails with `EMFILE`.
pub const MAX_OPEN: usize = 1021;

/// The sandbox: the root folder and the overlay of what the run wrote or removed.
#[derive(Clone)]
pub struct FileSystem {
    host: FileAccess,
    /// Canonical.
    root: Option<PathBuf>,
    out: Option<PathBuf>,
    /// By normalised path: a file's bytes, or `None` for a file the program removed.
    overlay: BTreeMap<String, Option<Vec<u8>>>,
}

impl FileSystem {
    /// The file system of a run, reaching the host's files through `host`.
    pub fn new(opts: &FsOptions, host: FileAccess) -> FileSystem {
        let root = opts.root.as_ref().and_then(|r| host.0.canonicalize(r).ok());
        FileSystem {
            host,
            root,
            out: opts.out.clone(),
            overlay: BTreeMap::new(),
        }
    }

    /// A path as the program wrote it, relative to the root and without `.`/`..`; `None`
    /// when it leaves the root (an absolute path, or `..` above the root).
    pub fn normalize(path: &[u8]) -> Option<String> {
        let text = std::str::from_utf8(path).ok()?;
        if text.is_empty() || text.starts_with('/') {
            return None;
        }
        let mut parts: Vec<&str> = Vec::new();
        for part in text.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                p => parts.push(p),
            }
        }
        (!parts.is_empty()).then(|| parts.join("/"))
    }

    /// What a normalised path is on the host, when it is inside the root (after links):
    /// `Some(true)` a file, `Some(false)` anything else.
    fn host_entry(&self, path: &str) -> Option<(PathBuf, bool)> {
        let root = self.root.as_ref()?;
        let real = self.host.0.canonicalize(&root.join(path)).ok()?;
        if !real.starts_with(root) {
            return None;
        }
        let file = self.host.0.is_file(&real);
        Some((real, file))
    }

    /// The bytes of a file (at most `max` of them, else `ENOMEM`).
    pub fn read(&self, path: &str, max: u64) -> Result<Vec<u8>, i32> {
        match self.overlay.get(path) {
            Some(Some(bytes)) => return Ok(bytes.clone()),
            Some(None) => return Err(errno::ENOENT),
            None => {}
        }
        match self.host_entry(path) {
            None => Err(errno::ENOENT),
            Some((_, false)) => Err(errno::EISDIR),
            Some((real, true)) => {
                let len = self.host.0.len(&real).map_err(|_| errno::ENOENT)?;
                if len > max {
                    return Err(errno::ENOMEM);
                }
                self.host.0.read(&real).map_err(|_| errno::EACCES)
            }
        }
    }

    pub fn exists(&self, path: &str) -> bool {
        match self.overlay.get(path) {
            Some(f) => f.is_some(),
            None => matches!(self.host_entry(path), Some((_, true))),
        }
    }

    /// Whether a write may create or replace `path`: not a folder, and in a folder that
    /// exists (the program cannot make folders).
    pub fn writable(&self, path: &str) -> Result<(), i32> {
        if let Some((folder, _)) = path.rsplit_once('/') {
            if !matches!(self.host_entry(folder), Some((_, false))) {
                return Err(errno::ENOENT);
            }
        }
        match (self.overlay.get(path), self.host_entry(path)) {
            (None, Some((_, false))) => Err(errno::EISDIR),
            _ => Ok(()),
        }
    }

    pub fn write(&mut self, path: &str, bytes: Vec<u8>) {
        self.overlay.insert(path.to_string(), Some(bytes));
    }

    pub fn remove(&mut self, path: &str) -> Result<(), i32> {
        if !self.exists(path) {
            return Err(errno::ENOENT);
        }
        self.overlay.insert(path.to_string(), None);
        Ok(())
    }

    pub fn rename(&mut self, from: &str, to: &str, max: u64) -> Result<(), i32> {
        let bytes = self.read(from, max)?;
        self.writable(to)?;
        self.overlay.insert(from.to_string(), None);
        self.overlay.insert(to.to_string(), Some(bytes));
        Ok(())
    }

    /// The files the program wrote (by path, `None` when it removed one), in path order.
    pub fn written(&self) -> impl Iterator<Item = (&str, Option<&[u8]>)> {
        self.overlay.iter().map(|(p, b)| (p.as_str(), b.as_deref()))
    }

    /// Copies the files the program wrote into the `--fs-out` folder (a file it removed is
    /// not removed there), through the host's files. Returns what could not be written.
    pub fn persist(&self) -> Result<(), String> {
        let Some(out) = &self.out else { return Ok(()) };
        for (path, bytes) in self.written() {
            let Some(bytes) = bytes else { continue };
            let target = out.join(path);
            self.host
                .0
                .write(&target, bytes)
                .map_err(|e| format!("cannot write `{}`: {e}", target.display()))?;
        }
        Ok(())
    }
}

/// How a stream was opened (`fopen`'s mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mode {
    pub read: bool,
    pub write: bool,
    pub append: bool,
    /// Start empty (`w`).
    pub truncate: bool,
    /// The file must exist (`r`).
    pub must_exist: bool,
    /// The file must not exist (`x`).
    pub exclusive: bool,
}

impl Mode {
    /// `fopen`'s mode string: `r`, `w` or `a`, then any of `+`, `b`, `x` (glibc ignores
    /// other letters after the first).
    pub fn parse(mode: &[u8]) -> Option<Mode> {
        let (&first, rest) = mode.split_first()?;
        let plus = rest.contains(&b'+');
        let mut m = match first {
            b'r' => Mode {
                read: true,
                write: plus,
                append: false,
                truncate: false,
                must_exist: true,
                exclusive: false,
            },
            b'w' => Mode {
                read: plus,
                write: true,
                append: false,
                truncate: true,
                must_exist: false,
                exclusive: false,
            },
            b'a' => Mode {
                read: plus,
                write: true,
                append: true,
                truncate: false,
                must_exist: false,
                exclusive: false,
            },
            _ => return None,
        };
        m.exclusive = first == b'w' && rest.contains(&b'x');
        Some(m)
    }
}

/// An open stream on a file of the sandbox (or a `tmpfile`): its bytes are in memory, and
/// go back to the file system when it is flushed or closed.
#[derive(Clone, Debug)]
pub struct OpenFile {
    /// `None` for a `tmpfile`, which has no name.
    pub path: Option<String>,
    pub data: Vec<u8>,
    pub pos: usize,
    pub mode: Mode,
    pub eof: bool,
    pub error: bool,
    /// Bytes pushed back by `ungetc`, the last one first to be read.
    pub unget: Vec<u8>,
    /// Written since the last flush.
    pub dirty: bool,
}

impl OpenFile {
    pub fn new(path: Option<String>, data: Vec<u8>, mode: Mode) -> OpenFile {
        OpenFile {
            path,
            data,
            pos: 0,
            mode,
            eof: false,
            error: false,
            unget: Vec::new(),
            dirty: false,
        }
    }

    /// The next byte, or `None` at the end of the file (which sets the end-of-file flag)
    /// or on a stream not open for reading (which sets the error flag).
    pub fn read_byte(&mut self) -> Option<u8> {
        if !self.mode.read {
            self.error = true;
            return None;
        }
        if let Some(c) = self.unget.pop() {
            return Some(c);
        }
        match self.data.get(self.pos) {
            Some(&c) => {
                self.pos += 1;
                Some(c)
            }
            None => {
                self.eof = true;
                None
            }
        }
    }

    /// Up to `max` bytes (fewer at the end of the file, which sets the end-of-file flag).
    pub fn read_bytes(&mut self, max: u64) -> Vec<u8> {
        let mut out = Vec::new();
        if !self.mode.read {
            self.error = true;
            return out;
        }
        while (out.len() as u64) < max {
            match self.unget.pop() {
                Some(c) => out.push(c),
                None => break,
            }
        }
        let start = self.pos.min(self.data.len());
        let room = usize::try_from(max - out.len() as u64).unwrap_or(usize::MAX);
        let end = start.saturating_add(room).min(self.data.len());
        out.extend_from_slice(&self.data[start..end]);
        self.pos = end.max(self.pos);
        if (out.len() as u64) < max {
            self.eof = true;
        }
        out
    }

    /// Writes at the position (at the end in append mode); false on a stream not open
    /// for writing (which sets the error flag).
    pub fn write(&mut self, bytes: &[u8]) -> bool {
        if !self.mode.write {
            self.error = true;
            return false;
        }
        self.unget.clear();
        if self.mode.append {
            self.pos = self.data.len();
        }
        let end = self.pos + bytes.len();
        if end > self.data.len() {
            self.data.resize(end, 0);
        }
        self.data[self.pos..end].copy_from_slice(bytes);
        self.pos = end;
        self.dirty = true;
        true
    }

    /// `fseek`: the new position, or `EINVAL` before the start. Past the end is allowed
    /// (a write there fills the gap with zeros).
    pub fn seek(&mut self, offset: i64, whence: i32) -> Result<(), i32> {
        let base = match whence {
            0 => 0,
            1 => self.tell() as i64,
            2 => self.data.len() as i64,
            _ => return Err(errno::EINVAL),
        };
        let pos = base.checked_add(offset).ok_or(errno::EINVAL)?;
        if pos < 0 || pos > i64::from(i32::MAX) {
            return Err(errno::EINVAL);
        }
        self.pos = pos as usize;
        self.unget.clear();
        self.eof = false;
        Ok(())
    }

    /// `ftell`: the position, less the bytes pushed back.
    pub fn tell(&self) -> u64 {
        (self.pos as u64).saturating_sub(self.unget.len() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn paths_stay_inside_the_root() {
        assert_eq!(
            FileSystem::normalize(b"a/./b//c.txt").as_deref(),
            Some("a/b/c.txt")
        );
        assert_eq!(
            FileSystem::normalize(b"a/../b.txt").as_deref(),
            Some("b.txt")
        );
        assert_eq!(FileSystem::normalize(b"../secret"), None);
        assert_eq!(FileSystem::normalize(b"a/../../secret"), None);
        assert_eq!(FileSystem::normalize(b"/etc/passwd"), None);
        assert_eq!(FileSystem::normalize(b""), None);
        assert_eq!(FileSystem::normalize(b"."), None);
    }

    /// The host's files, for the tests (the library itself never opens a file).
    struct TestFiles;

    impl crate::source::Files for TestFiles {
        fn is_file(&self, path: &Path) -> bool {
            path.is_file()
        }
        fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
            path.canonicalize()
        }
        fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
            std::fs::read(path)
        }
        fn len(&self, path: &Path) -> std::io::Result<u64> {
            std::fs::metadata(path).map(|m| m.len())
        }
        fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
            std::fs::write(path, bytes)
        }
        fn current_dir(&self) -> Option<PathBuf> {
            None
        }
    }

    #[test]
    fn writes_stay_in_the_overlay() {
        let dir = std::env::temp_dir().join(format!("cmem-fs-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub/folder")).expect("temp dir");
        std::fs::write(dir.join("in.txt"), b"host").expect("write");
        std::fs::write(dir.join("sub/data.txt"), b"data").expect("write");
        let opts = FsOptions {
            root: Some(dir.join("sub")),
            out: None,
        };
        let mut fs = FileSystem::new(&opts, FileAccess(std::sync::Arc::new(TestFiles)));
        assert_eq!(fs.read("data.txt", 100), Ok(b"data".to_vec()));
        assert_eq!(fs.read("data.txt", 3), Err(errno::ENOMEM));
        assert_eq!(fs.read("folder", 100), Err(errno::EISDIR));
        // A file beside the root, reached through a link, is not visible.
        assert_eq!(fs.read("in.txt", 100), Err(errno::ENOENT));
        #[cfg(unix)]
        {
            let _ = std::os::unix::fs::symlink(dir.join("in.txt"), dir.join("sub/link.txt"));
            assert_eq!(fs.read("link.txt", 100), Err(errno::ENOENT));
        }
        fs.write("out.txt", b"new".to_vec());
        assert_eq!(fs.read("out.txt", 100), Ok(b"new".to_vec()));
        assert!(!dir.join("sub/out.txt").exists(), "the host is unchanged");
        assert_eq!(fs.rename("out.txt", "moved.txt", 100), Ok(()));
        assert!(!fs.exists("out.txt") && fs.exists("moved.txt"));
        assert_eq!(fs.remove("moved.txt"), Ok(()));
        assert_eq!(fs.remove("moved.txt"), Err(errno::ENOENT));
        assert_eq!(fs.remove("data.txt"), Ok(()));
        assert!(
            dir.join("sub/data.txt").exists(),
            "removed in the overlay only"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn modes_and_positions() {
        let m = Mode::parse(b"r+b").expect("mode");
        assert!(m.read && m.write && m.must_exist && !m.truncate);
        assert!(Mode::parse(b"q").is_none());
        let mut f = OpenFile::new(None, b"abc".to_vec(), Mode::parse(b"a+").expect("mode"));
        assert_eq!(f.read_byte(), Some(b'a'));
        assert!(f.write(b"de"));
        assert_eq!(f.data, b"abcde");
        assert_eq!(f.seek(-1, 2), Ok(()));
        assert_eq!(f.read_byte(), Some(b'e'));
        assert_eq!(f.read_byte(), None);
        assert!(f.eof);
        assert_eq!(f.seek(-10, 1), Err(errno::EINVAL));
    }
}
