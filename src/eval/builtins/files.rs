//! `<stdio.h>` streams: opening and closing files of the sandbox (`super::super::files`),
//! positions, flags, and the one place where the rest of the library reads or writes a
//! stream, standard or not.
//!
//! A `FILE *` is a pointer to a bytes-less allocation of `Origin::Stream` (so `mem` tells
//! a live stream from a closed one, remembers where it was opened and closed, and counts
//! the references to it for the `resource-leak` report); the stream's state lives in
//! `Io::files` under that allocation's id.

use super::*;
use crate::eval::files::{errno, FileSystem, Mode, MAX_OPEN};

/// A stream a library call was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum StreamRef {
    /// stdin, stdout or stderr (0, 1, 2).
    Std(usize),
    File(AllocId),
}

impl Machine {
    /// The stream a `FILE *` argument designates: NULL is `null-dereference`, a closed
    /// stream `use-after-close`, anything else that is not a stream `bad-call`.
    pub(super) fn stream_of(&self, p: Pointer, b: Builtin) -> Result<StreamRef, Trap> {
        let id = match self.mem.stream(p) {
            Ok(id) => id,
            Err(MemError::NotStream { .. }) => {
                return Err(Trap::BadArgument {
                    via: b,
                    what: "the FILE argument is not a stream".into(),
                })
            }
            Err(err) => return Err(mem_err(b, false)(err)),
        };
        Ok(
            match self
                .io
                .streams
                .iter()
                .position(|s| s.alloc_id() == Some(id))
            {
                Some(i) => self.std_stream(i),
                None => StreamRef::File(id),
            },
        )
    }

    /// Standard stream `i` (0: stdin, 1: stdout, 2: stderr), or the file `freopen` gave it.
    pub(super) fn std_stream(&self, i: usize) -> StreamRef {
        match self.io.streams[i].alloc_id() {
            Some(id) if self.io.files.contains_key(&id) => StreamRef::File(id),
            _ => StreamRef::Std(i),
        }
    }

    fn open_file(&mut self, id: AllocId) -> &mut OpenFile {
        self.io
            .files
            .get_mut(&id)
            .unwrap_or_else(|| crate::bug!("stream {id} is live but has no state"))
    }

    /// Writes to a stream; false when it is not open for writing (then its error flag and
    /// `errno` are set, as glibc does). Files count against the output limit too.
    pub(super) fn write_stream(
        &mut self,
        st: StreamRef,
        bytes: &[u8],
        b: Builtin,
    ) -> Result<bool, Trap> {
        match st {
            StreamRef::Std(0) => Err(Trap::BadArgument {
                via: b,
                what: "cannot write to stdin".into(),
            }),
            StreamRef::Std(k) => self.emit(k, bytes).map(|()| true),
            StreamRef::File(id) => {
                // What is written counts against the output limit, and so does the size
                // of the file it makes (a write far past the end fills the gap).
                let limit = self.limits.output_bytes;
                let f = self.open_file(id);
                let at = if f.mode.append { f.data.len() } else { f.pos };
                let size = (at as u64).saturating_add(bytes.len() as u64);
                self.io.written += bytes.len() as u64;
                if self.io.written > limit || size > limit {
                    return Err(Trap::OutputLimit { limit });
                }
                let ok = self.open_file(id).write(bytes);
                if !ok {
                    self.set_errno(errno::EBADF);
                }
                Ok(ok)
            }
        }
    }

    /// The next byte of a stream, or `None` at its end (or on a stream not open for
    /// reading: its error flag and `errno` are set).
    pub(super) fn read_stream(&mut self, st: StreamRef, b: Builtin) -> Result<Option<u8>, Trap> {
        match st {
            StreamRef::Std(0) => {
                self.io.flush();
                Ok(self.io.read_byte())
            }
            StreamRef::Std(_) => Err(Trap::BadArgument {
                via: b,
                what: "cannot read from stdout or stderr".into(),
            }),
            StreamRef::File(id) => {
                let f = self.open_file(id);
                let c = f.read_byte();
                if c.is_none() && f.error {
                    self.set_errno(errno::EBADF);
                }
                Ok(c)
            }
        }
    }

    /// `ungetc`: the byte is read again next.
    pub(super) fn unread_stream(&mut self, st: StreamRef, c: u8) {
        match st {
            StreamRef::Std(_) => {
                self.io.unread(c);
                self.io.stdin_eof = false;
            }
            StreamRef::File(id) => {
                let f = self.open_file(id);
                f.unget.push(c);
                f.eof = false;
            }
        }
    }

    /// Opening, closing, positions, flags, and files by name.
    pub(super) fn file_builtin(&mut self, b: Builtin, base: usize) -> BResult {
        use Builtin as B;
        let eof = (-1i64) as u64;
        Ok(match b {
            B::Fopen => {
                let path = self.c_string(self.ptr_arg(base, 0), b)?;
                let mode = self.c_string(self.ptr_arg(base, 1), b)?;
                match self.fopen(&path, &mode) {
                    Ok(p) => p.to_bits(),
                    Err(e) => {
                        self.set_errno(e);
                        0
                    }
                }
            }
            B::Freopen => {
                let (path, stream) = (self.ptr_arg(base, 0), self.ptr_arg(base, 2));
                let mode = self.c_string(self.ptr_arg(base, 1), b)?;
                let st = self.stream_of(stream, b)?;
                let id = stream
                    .alloc_id()
                    .unwrap_or_else(|| crate::bug!("a stream has an id"));
                // What the stream had is closed first (a file's writes reach the file).
                match st {
                    StreamRef::File(_) => {
                        self.commit(id);
                        self.io.files.remove(&id);
                    }
                    StreamRef::Std(_) => self.io.flush(),
                }
                let opened = if path.is_null() {
                    // (Changing only the mode of a stream is not supported.)
                    Err(errno::EINVAL)
                } else {
                    let path = self.c_string(path, b)?;
                    self.open(&path, &mode)
                };
                match opened {
                    Ok(file) => {
                        self.io.files.insert(id, file);
                        stream.to_bits()
                    }
                    Err(e) => {
                        // It fails closed, as C says.
                        self.set_errno(e);
                        let site = self.user_site();
                        self.mem.close(stream, site).map_err(mem_err(b, false))?;
                        0
                    }
                }
            }
            B::Tmpfile => {
                let mode = Mode::parse(b"w+").unwrap_or_else(|| crate::bug!("w+ is a mode"));
                match self.new_stream(OpenFile::new(None, Vec::new(), mode)) {
                    Ok(p) => p.to_bits(),
                    Err(e) => {
                        self.set_errno(e);
                        0
                    }
                }
            }
            B::Fclose => {
                let site = self.user_site();
                let p = self.ptr_arg(base, 0);
                let st = match self.mem.stream(p) {
                    Err(MemError::UseAfterClose { id }) => {
                        return Err(mem_err(b, false)(MemError::DoubleClose { id }))
                    }
                    _ => self.stream_of(p, b)?,
                };
                if let StreamRef::File(id) = st {
                    self.commit(id);
                    self.io.files.remove(&id);
                } else {
                    self.io.flush();
                }
                self.mem.close(p, site).map_err(mem_err(b, false))?;
                0
            }
            B::Fread => {
                let (p, size, n) = (self.ptr_arg(base, 0), self.arg(base, 1), self.arg(base, 2));
                let st = self.stream_of(self.ptr_arg(base, 3), b)?;
                self.fread(p, size, n, st)?
            }
            B::Fseek | B::Ftell | B::Rewind => {
                let st = self.stream_of(self.ptr_arg(base, 0), b)?;
                let StreamRef::File(id) = st else {
                    // The standard streams are not seekable.
                    self.set_errno(errno::ESPIPE);
                    return Ok(if b == B::Rewind { 0 } else { eof });
                };
                let f = self.open_file(id);
                let result = match b {
                    B::Ftell => Ok(f.tell()),
                    B::Rewind => {
                        f.error = false;
                        f.seek(0, 0).map(|()| 0)
                    }
                    _ => {
                        let (off, whence) = (self.arg(base, 1) as i64, self.int_arg(base, 2));
                        self.open_file(id).seek(off, whence).map(|()| 0)
                    }
                };
                result.unwrap_or_else(|e| {
                    self.set_errno(e);
                    eof
                })
            }
            B::Remove | B::Rename => {
                let from = self.c_string(self.ptr_arg(base, 0), b)?;
                let to = match b {
                    B::Rename => Some(self.c_string(self.ptr_arg(base, 1), b)?),
                    _ => None,
                };
                let max = self.limits.memory_bytes;
                let done = match (FileSystem::normalize(&from), to) {
                    (Some(from), None) => self.io.fs.remove(&from),
                    (Some(from), Some(to)) => match FileSystem::normalize(&to) {
                        Some(to) => self.io.fs.rename(&from, &to, max),
                        None => Err(errno::EACCES),
                    },
                    (None, _) => Err(errno::ENOENT),
                };
                done.map_or_else(
                    |e| {
                        self.set_errno(e);
                        eof
                    },
                    |()| 0,
                )
            }
            _ => self.stream_flags(b, base)?,
        })
    }

    /// `fflush`, `feof`, `ferror`, `clearerr`, `setvbuf`.
    fn stream_flags(&mut self, b: Builtin, base: usize) -> BResult {
        use Builtin as B;
        let p = self.ptr_arg(base, 0);
        if b == B::Fflush && p.is_null() {
            // All streams: written files are committed when closed or at exit.
            self.io.flush();
            return Ok(0);
        }
        let st = self.stream_of(p, b)?;
        Ok(match (b, st) {
            (B::Fflush | B::Setvbuf, _) => {
                self.io.flush();
                0
            }
            (B::Feof, StreamRef::Std(0)) => u64::from(self.io.stdin_eof),
            (B::Feof, StreamRef::File(id)) => u64::from(self.open_file(id).eof),
            (B::Ferror, StreamRef::File(id)) => u64::from(self.open_file(id).error),
            (B::Clearerr, StreamRef::Std(0)) => {
                self.io.stdin_eof = false;
                0
            }
            (B::Clearerr, StreamRef::File(id)) => {
                let f = self.open_file(id);
                f.eof = false;
                f.error = false;
                0
            }
            _ => 0,
        })
    }

    /// `fopen`: a new stream, or the `errno` glibc gives.
    fn fopen(&mut self, path: &[u8], mode: &[u8]) -> Result<Pointer, i32> {
        let file = self.open(path, mode)?;
        self.new_stream(file)
    }

    /// The state of a stream opened on `path` with `mode`, or the `errno` glibc gives.
    fn open(&mut self, path: &[u8], mode: &[u8]) -> Result<OpenFile, i32> {
        let mode = Mode::parse(mode).ok_or(errno::EINVAL)?;
        let path = FileSystem::normalize(path).ok_or(if mode.write && !mode.must_exist {
            errno::EACCES
        } else {
            errno::ENOENT
        })?;
        // What other streams wrote to the file is there to read.
        let writers: Vec<AllocId> = self
            .io
            .files
            .iter()
            .filter(|(_, f)| f.dirty && f.path.as_deref() == Some(path.as_str()))
            .map(|(&id, _)| id)
            .collect();
        for id in writers {
            self.commit(id);
        }
        let exists = self.io.fs.exists(&path);
        if mode.must_exist && !exists {
            return Err(errno::ENOENT);
        }
        if mode.exclusive && exists {
            return Err(errno::EEXIST);
        }
        let data = if mode.truncate || !exists {
            self.io.fs.writable(&path)?;
            Vec::new()
        } else {
            let room = self
                .limits
                .memory_bytes
                .saturating_sub(self.open_file_bytes());
            self.io.fs.read(&path, room)?
        };
        if mode.truncate || !exists {
            self.io.fs.write(&path, Vec::new());
        }
        Ok(OpenFile::new(Some(path), data, mode))
    }

    /// The bytes the open streams hold (bounded by the memory limit).
    fn open_file_bytes(&self) -> u64 {
        self.io.files.values().map(|f| f.data.len() as u64).sum()
    }

    /// A `FILE` for `file`, opened at the current call.
    fn new_stream(&mut self, file: OpenFile) -> Result<Pointer, i32> {
        if self.io.files.len() >= MAX_OPEN {
            return Err(errno::EMFILE);
        }
        let site = self.user_site();
        let p = self
            .mem
            .alloc(Size::ZERO, Origin::Stream { site }, false)
            .map_err(|_| errno::ENOMEM)?;
        self.mem.note_discarded(p, site);
        let id = p
            .alloc_id()
            .unwrap_or_else(|| crate::bug!("a new allocation has an id"));
        self.io.files.insert(id, file);
        Ok(p)
    }

    /// Gives what a stream wrote to the file system.
    fn commit(&mut self, id: AllocId) {
        let Some(f) = self.io.files.get_mut(&id) else {
            return;
        };
        if f.dirty {
            f.dirty = false;
            if let Some(path) = &f.path {
                self.io.fs.write(path, f.data.clone());
            }
        }
    }

    /// At the program's exit, C closes its streams: what they wrote reaches the files.
    pub(crate) fn commit_files(&mut self) {
        let ids: Vec<AllocId> = self.io.files.keys().copied().collect();
        for id in ids {
            self.commit(id);
        }
    }

    /// `fread`: whole items read, the bytes stored at `p` (checked: only those read).
    fn fread(&mut self, p: Pointer, size: u64, n: u64, st: StreamRef) -> BResult {
        let b = Builtin::Fread;
        let want = size.saturating_mul(n);
        if want == 0 {
            return Ok(0);
        }
        let mut bytes = Vec::new();
        match st {
            StreamRef::File(id) => {
                let f = self.open_file(id);
                bytes = f.read_bytes(want);
                if f.error {
                    self.set_errno(errno::EBADF);
                }
            }
            _ => {
                while (bytes.len() as u64) < want {
                    match self.read_stream(st, b)? {
                        Some(c) => bytes.push(c),
                        None => break,
                    }
                }
            }
        }
        if !bytes.is_empty() {
            let site = self.user_site();
            self.mem
                .write_bytes(p, &bytes, site)
                .map_err(mem_err(b, true))?;
        }
        Ok(bytes.len() as u64 / size)
    }
}
