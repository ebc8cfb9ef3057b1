//! The C library functions cmem implements (SPEC §4), each one checked against the memory
//! model exactly like the program's own accesses: a library call that reads past the end
//! of a block, or reads unwritten bytes, is reported at the call, naming the function.
//!
//! Output goes to [`Io`]'s buffers; a C program reaches nothing of the host but stdin,
//! stdout, stderr and the files of its sandbox (`super::files`).

use std::io::{BufRead, Write};

mod files;
mod math;
mod stdio;
mod stdlib;
mod string;

use super::files::{FileSystem, FsOptions, OpenFile};
use super::format::{self, ArgSource, FormatError, Length};
use super::vm::{Machine, RunWarning, Trap};
use crate::diag::Code;
use crate::mem::{
    AllocError, AllocId, MemError, Offset, Origin, Pointer, Scalar, Site, Size, Slot, NO_SITE,
};
use crate::sema::builtins::Builtin;

/// The program's standard streams.
pub struct Io {
    pub stdout: Box<dyn Write>,
    pub stderr: Box<dyn Write>,
    pub stdin: Box<dyn BufRead>,
    /// Buffered program output not yet written to `stdout`.
    pub out_buf: Vec<u8>,
    /// Total bytes the program wrote (for the output limit).
    pub written: u64,
    unget: Vec<u8>,
    pub stdin_eof: bool,
    /// Stream objects: stdin, stdout, stderr.
    pub streams: [Pointer; 3],
    /// The files the program can see (none until the driver gives it a root).
    pub fs: FileSystem,
    /// The streams the program opened and has not closed, by allocation.
    pub files: std::collections::HashMap<AllocId, OpenFile>,
    /// Bytes taken from `stdin` so far (a debugger's snapshot resumes its input there).
    pub stdin_read: u64,
}

/// What `Io` holds besides its streams, for a debugger's snapshot.
#[derive(Clone)]
pub struct IoState {
    out_buf: Vec<u8>,
    written: u64,
    unget: Vec<u8>,
    stdin_eof: bool,
    stdin_read: u64,
    streams: [Pointer; 3],
    fs: FileSystem,
    files: std::collections::HashMap<AllocId, OpenFile>,
}

impl IoState {
    pub fn stdin_read(&self) -> u64 {
        self.stdin_read
    }
}

impl Io {
    pub fn new(stdout: Box<dyn Write>, stderr: Box<dyn Write>, stdin: Box<dyn BufRead>) -> Io {
        Io {
            stdout,
            stderr,
            stdin,
            out_buf: Vec::new(),
            written: 0,
            unget: Vec::new(),
            stdin_eof: false,
            streams: [Pointer::NULL; 3],
            fs: FileSystem::new(&FsOptions::default(), crate::source::FileAccess::default()),
            files: std::collections::HashMap::new(),
            stdin_read: 0,
        }
    }

    /// Everything but the streams.
    pub fn state(&self) -> IoState {
        IoState {
            out_buf: self.out_buf.clone(),
            written: self.written,
            unget: self.unget.clone(),
            stdin_eof: self.stdin_eof,
            stdin_read: self.stdin_read,
            streams: self.streams,
            fs: self.fs.clone(),
            files: self.files.clone(),
        }
    }

    /// Takes back a state (the streams stay: `stdin` must already be at `stdin_read`).
    pub fn set_state(&mut self, s: &IoState) {
        self.out_buf = s.out_buf.clone();
        self.written = s.written;
        self.unget = s.unget.clone();
        self.stdin_eof = s.stdin_eof;
        self.stdin_read = s.stdin_read;
        self.streams = s.streams;
        self.fs = s.fs.clone();
        self.files = s.files.clone();
    }

    pub fn flush(&mut self) {
        if !self.out_buf.is_empty() {
            let _ = self.stdout.write_all(&self.out_buf);
            self.out_buf.clear();
        }
        let _ = self.stdout.flush();
    }

    fn read_byte(&mut self) -> Option<u8> {
        if let Some(b) = self.unget.pop() {
            return Some(b);
        }
        if self.stdin_eof {
            return None;
        }
        let buf = match self.stdin.fill_buf() {
            Ok(b) => b,
            Err(_) => {
                self.stdin_eof = true;
                return None;
            }
        };
        if buf.is_empty() {
            self.stdin_eof = true;
            return None;
        }
        let b = buf[0];
        self.stdin.consume(1);
        self.stdin_read += 1;
        Some(b)
    }

    fn unread(&mut self, b: u8) {
        self.unget.push(b);
    }
}

/// glibc's `random()` (the TYPE_3 additive feedback generator behind `rand()`).
#[derive(Clone, Debug)]
pub struct RandState {
    r: [i32; 31],
    f: usize,
    b: usize,
}

impl RandState {
    pub fn new(seed: u32) -> RandState {
        let mut r = [0i32; 31];
        let mut word: i32 = if seed == 0 { 1 } else { seed as i32 };
        r[0] = word;
        for slot in r.iter_mut().skip(1) {
            let hi = word / 127773;
            let lo = word % 127773;
            word = 16807i32
                .wrapping_mul(lo)
                .wrapping_sub(2836i32.wrapping_mul(hi));
            if word < 0 {
                word = word.wrapping_add(2147483647);
            }
            *slot = word;
        }
        let mut s = RandState { r, f: 3, b: 0 };
        for _ in 0..310 {
            s.next_value();
        }
        s
    }

    pub fn next_value(&mut self) -> i32 {
        let val = (self.r[self.f] as u32).wrapping_add(self.r[self.b] as u32);
        self.r[self.f] = val as i32;
        let result = (val >> 1) as i32;
        self.f += 1;
        if self.f >= 31 {
            self.f = 0;
        }
        self.b += 1;
        if self.b >= 31 {
            self.b = 0;
        }
        result
    }
}

/// The strings `strerror` returns, as glibc words them.
fn strerror_text(e: i32) -> String {
    match e {
        0 => "Success".into(),
        2 => "No such file or directory".into(),
        9 => "Bad file descriptor".into(),
        12 => "Cannot allocate memory".into(),
        13 => "Permission denied".into(),
        17 => "File exists".into(),
        21 => "Is a directory".into(),
        22 => "Invalid argument".into(),
        24 => "Too many open files".into(),
        29 => "Illegal seek".into(),
        33 => "Numerical argument out of domain".into(),
        34 => "Numerical result out of range".into(),
        84 => "Invalid or incomplete multibyte or wide character".into(),
        _ => format!("Unknown error {e}"),
    }
}

type BResult = Result<u64, Trap>;

fn mem_err(b: Builtin, write: bool) -> impl Fn(MemError) -> Trap {
    move |err| Trap::Mem {
        err,
        write,
        via: Some(b),
    }
}

struct MachineArgs<'m> {
    m: &'m mut Machine,
    base: usize,
    /// The first argument after the format.
    first: usize,
    nargs: usize,
    b: Builtin,
    /// `vprintf` and its kin: the arguments are those of a variadic call, from a
    /// `va_list`'s position (the call's frame in `va_frames`, the first argument's index).
    va: Option<(usize, usize)>,
}

impl ArgSource for MachineArgs<'_> {
    type Error = Trap;
    fn arg(&mut self, index: usize) -> Result<u64, Trap> {
        if let Some((frame, start)) = self.va {
            let values = &self.m.va_frames[frame].values;
            return match values.get(start.saturating_add(index)) {
                Some(&(_, v)) => Ok(v as u64),
                None => Err(Trap::BadArgument {
                    via: self.b,
                    what:
                        "the format needs more arguments than were passed to the variadic function"
                            .into(),
                }),
            };
        }
        let i = self.first.saturating_add(index);
        if i >= self.nargs {
            return Err(Trap::BadArgument {
                via: self.b,
                what: "the format needs more arguments than were passed".into(),
            });
        }
        Ok(self.m.arg(self.base, i))
    }
    fn wide_arg(&mut self, index: usize) -> Result<u128, Trap> {
        if let Some((frame, start)) = self.va {
            if let Some(&(_, v)) = self.m.va_frames[frame]
                .values
                .get(start.saturating_add(index))
            {
                return Ok(v);
            }
        }
        // (The checks of a missing argument are `arg`'s.)
        self.arg(index)?;
        let x = self.m.xreg(self.base + self.first + index);
        // Its exact decimal expansion is work that grows with its exponent.
        self.m.format_work += crate::num::decimal_work(x.decompose().1) / 2;
        Ok(x.0)
    }
    fn string(&mut self, ptr: u64, max: Option<usize>) -> Result<Vec<u8>, Trap> {
        let b = self.b;
        match max {
            None => self.m.c_string(Pointer::from_bits(ptr), b),
            Some(n) => {
                let ptr = Pointer::from_bits(ptr);
                let len = self
                    .m
                    .mem
                    .c_string_len(ptr, n as u64)
                    .map_err(mem_err(b, false))?;
                self.m
                    .mem
                    .read_init_bytes(ptr, Size::from_bytes(len))
                    .map_err(mem_err(b, false))
            }
        }
    }
    fn wide_string(&mut self, ptr: u64, max: Option<usize>) -> Result<Vec<u32>, Trap> {
        let (b, p) = (self.b, Pointer::from_bits(ptr));
        let mut units = Vec::new();
        while max.is_none_or(|m| units.len() < m) {
            let at = p.offset_by(4 * units.len() as i64);
            let u = self
                .m
                .mem
                .load(at, Scalar::U32)
                .map_err(mem_err(b, false))? as u32;
            if u == 0 {
                break;
            }
            units.push(u);
        }
        Ok(units)
    }
    fn address(&mut self, ptr: u64) -> u64 {
        self.m.mem.canonical(Pointer::from_bits(ptr)).to_bits()
    }
    fn store_count(&mut self, ptr: u64, count: i64, len: Length) -> Result<(), Trap> {
        let sc = match len {
            Length::Hh => Scalar::I8,
            Length::H => Scalar::I16,
            Length::L | Length::Ll | Length::Z | Length::J | Length::T => Scalar::I64,
            _ => Scalar::I32,
        };
        let site = self.m.user_site();
        self.m
            .mem
            .store(Pointer::from_bits(ptr), sc, count as u64, site)
            .map_err(mem_err(self.b, true))
    }
}

impl Machine {
    /// Reads argument `i` of a builtin call whose arguments start at `base`.
    #[inline]
    pub(crate) fn arg(&self, base: usize, i: usize) -> u64 {
        self.regs.get(base + i).copied().unwrap_or(0)
    }

    /// Argument `i` of a builtin call, as a pointer.
    #[inline]
    pub(crate) fn ptr_arg(&self, base: usize, i: usize) -> Pointer {
        Pointer::from_bits(self.arg(base, i))
    }

    /// Argument `i` of a builtin call, as an `int`.
    #[inline]
    pub(crate) fn int_arg(&self, base: usize, i: usize) -> i32 {
        self.arg(base, i) as i32
    }

    /// Argument `i` of a builtin call, as a `double`.
    #[inline]
    pub(crate) fn f64_arg(&self, base: usize, i: usize) -> f64 {
        f64::from_bits(self.arg(base, i))
    }

    /// The bytes of a C string (checked: in bounds, written, terminated).
    pub(crate) fn c_string(&mut self, p: Pointer, b: Builtin) -> Result<Vec<u8>, Trap> {
        let n = self
            .mem
            .c_string_len(p, u64::MAX)
            .map_err(mem_err(b, false))?;
        self.mem
            .read_init_bytes(p, Size::from_bytes(n))
            .map_err(mem_err(b, false))
    }

    fn strlen_checked(&mut self, p: Pointer, b: Builtin) -> Result<u64, Trap> {
        self.mem
            .c_string_len(p, u64::MAX)
            .map_err(mem_err(b, false))
    }

    /// Writes program output to a stream (1: stdout, 2: stderr).
    fn emit(&mut self, stream: usize, bytes: &[u8]) -> Result<(), Trap> {
        self.io.written += bytes.len() as u64;
        if self.io.written > self.limits.output_bytes {
            return Err(Trap::OutputLimit {
                limit: self.limits.output_bytes,
            });
        }
        if stream == 2 {
            self.io.flush();
            let _ = self.io.stderr.write_all(bytes);
            let _ = self.io.stderr.flush();
        } else {
            self.io.out_buf.extend_from_slice(bytes);
            if self.io.out_buf.len() > 1 << 16 {
                self.io.flush();
            }
        }
        Ok(())
    }

    /// Counts a heap allocation about to be made (collecting tombstones when they piled
    /// up); false when `--fail-alloc` says it fails.
    fn may_allocate(&mut self) -> bool {
        if self.mem.wants_collection() {
            self.collect_tombstones();
        }
        self.heap_allocs += 1;
        self.limits.fail_alloc != Some(self.heap_allocs)
    }

    /// `malloc`-like allocation: NULL when the heap limit (or `--fail-alloc`) says so.
    fn heap_alloc(&mut self, size: u64, zeroed: bool, b: Builtin) -> Result<Pointer, Trap> {
        let site = self.user_site();
        if !self.may_allocate() {
            return Ok(Pointer::NULL);
        }
        let size = Size::from_bytes(size);
        let origin = if size == Size::ZERO {
            Origin::ZeroSize { site }
        } else {
            Origin::Heap { site }
        };
        let p = match self.mem.alloc(size, origin, zeroed) {
            Ok(p) => p,
            Err(e) => return Ok(self.refused(e, site, b)),
        };
        if size == Size::ZERO {
            self.warn(Code::ZeroSizeAlloc, site, b, p.alloc_id());
            return Ok(p);
        }
        // Until the pointer is stored somewhere, the call is where it would be lost.
        self.mem.note_discarded(p, site);
        Ok(p)
    }

    /// An allocation the memory model refused: NULL, as from a real `malloc`, and a
    /// warning when it was the memory limit (the program may not expect it).
    fn refused(&mut self, e: AllocError, site: Site, b: Builtin) -> Pointer {
        if matches!(e, AllocError::MemoryLimit { .. }) {
            self.warn(Code::MemoryLimit, site, b, None);
        }
        Pointer::NULL
    }

    /// Records a warning at `site`: once per site, however often it happens (a loop would
    /// bury the report, and memory, under copies of it).
    fn warn(&mut self, code: Code, site: Site, builtin: Builtin, block: Option<AllocId>) {
        let seen = self
            .warnings
            .iter_mut()
            .find(|w| w.site == site && w.code == code);
        match seen {
            Some(w) => w.repeats += 1,
            None => self.warnings.push(RunWarning {
                code,
                site,
                builtin,
                block,
                stack: self.stack_sites(),
                repeats: 1,
            }),
        }
    }

    fn set_errno(&mut self, v: i32) {
        if !self.errno_ptr.is_null() {
            let stored = self
                .mem
                .store(self.errno_ptr, Scalar::I32, v as i64 as u64, NO_SITE);
            stored.unwrap_or_else(|e| crate::bug!("errno is not writable: {e:?}"));
        }
    }

    /// A read-only string the library returns (`strerror`), allocated once per text.
    fn library_string(&mut self, text: &str) -> Result<Pointer, Trap> {
        let mut bytes = text.as_bytes().to_vec();
        bytes.push(0);
        let size = Size::from_bytes(bytes.len() as u64);
        let p = self
            .mem
            .alloc(size, Origin::Literal { string: u32::MAX }, true)
            .map_err(|_| Trap::BadArgument {
                via: Builtin::Strerror,
                what: "no allocation id is left for the message".into(),
            })?;
        self.mem
            .load_static(p, &bytes)
            .unwrap_or_else(|e| crate::bug!("library string does not fit: {e:?}"));
        Ok(p)
    }

    /// Copies `n` bytes for memcpy/strcpy-like functions, after checking both ranges and
    /// that they do not overlap (unless `overlap_ok`).
    fn lib_copy(
        &mut self,
        dst: Pointer,
        src: Pointer,
        n: u64,
        b: Builtin,
        overlap_ok: bool,
    ) -> Result<(), Trap> {
        let size = Size::from_bytes(n);
        self.mem
            .check_range(src, size, false)
            .map_err(mem_err(b, false))?;
        self.mem
            .check_range(dst, size, true)
            .map_err(mem_err(b, true))?;
        let (dst, src) = (self.mem.canonical(dst), self.mem.canonical(src));
        if !overlap_ok && n > 0 && dst.alloc_id() == src.alloc_id() {
            // Both ranges passed the range check: their offsets are in bounds.
            let (Offset::At(d), Offset::At(s)) = (dst.offset(), src.offset()) else {
                crate::bug!("in-bounds pointers with wild offsets")
            };
            if d < s + n as i64 && s < d + n as i64 {
                return Err(Trap::Overlap {
                    dst,
                    src,
                    n,
                    via: b,
                });
            }
        }
        let site = self.user_site();
        self.mem
            .copy(dst, src, size, site)
            .map_err(|e| mem_err(b, e.write)(e.err))
    }

    /// What a call of library function `b` that just returned counts against the step
    /// budget: a fixed cost by kind (an allocation does the work of dozens of
    /// instructions), and one step per 8 bytes it copied, filled, scanned or wrote out.
    /// So a runaway loop of library calls meets the limit about as fast as one of plain
    /// instructions.
    pub(crate) fn library_steps(&mut self, b: Builtin) -> u64 {
        use Builtin as B;
        let fixed = match b {
            B::Malloc | B::Calloc | B::Realloc | B::Free | B::Strdup | B::Strndup => 40,
            _ if b.is_formatted_output() => 20,
            _ => 4,
        };
        let out = self.io.written - self.output_charged;
        self.output_charged = self.io.written;
        fixed + (self.mem.take_bulk_bytes() + out) / 8 + std::mem::take(&mut self.format_work)
    }

    /// Runs builtin `b` with `nargs` arguments starting at register `base`.
    pub(crate) fn builtin(&mut self, b: Builtin, base: usize, nargs: usize) -> BResult {
        use Builtin as B;
        match b {
            B::Memcpy | B::Memmove | B::Memset | B::Memcmp | B::Memchr => {
                self.mem_builtin(b, base, nargs)
            }
            B::Strlen | B::Strnlen | B::Strcpy | B::Strncpy | B::Strcat | B::Strncat => {
                self.str_copy_builtin(b, base, nargs)
            }
            B::Strcmp
            | B::Strncmp
            | B::Strcasecmp
            | B::Strncasecmp
            | B::Strchr
            | B::Strrchr
            | B::Strstr
            | B::Strpbrk
            | B::Strspn
            | B::Strcspn
            | B::Strdup
            | B::Strndup
            | B::Strtok
            | B::Strerror => self.str_search_builtin(b, base, nargs),
            _ if b.is_formatted_output() => self.output_builtin(b, base, nargs),
            B::Puts | B::Fputs | B::Putchar | B::Fputc | B::Putc | B::Fwrite => {
                self.output_builtin(b, base, nargs)
            }
            B::Getchar
            | B::Getc
            | B::Fgetc
            | B::Ungetc
            | B::Fgets
            | B::Scanf
            | B::Fscanf
            | B::Sscanf
            | B::Perror => self.input_builtin(b, base, nargs),
            B::Fopen
            | B::Freopen
            | B::Fclose
            | B::Fread
            | B::Fseek
            | B::Ftell
            | B::Rewind
            | B::Tmpfile
            | B::Remove
            | B::Rename
            | B::Clearerr
            | B::Setvbuf
            | B::Fflush
            | B::Feof
            | B::Ferror => self.file_builtin(b, base),
            B::Malloc
            | B::Calloc
            | B::Realloc
            | B::Free
            | B::Scratch
            | B::VlaSize
            | B::VlaAlloc
            | B::VaStart
            | B::VaArg
            | B::Alloca
            | B::Unreachable
            | B::BuiltinTrap
            | B::Exit
            | B::Abort
            | B::Atexit
            | B::AssertFail => self.alloc_builtin(b, base, nargs),
            B::Setjmp => self.setjmp(base),
            // (`longjmp` changes frames: the dispatch loop calls it.)
            B::Longjmp => crate::bug!("longjmp outside the dispatch loop"),
            B::Atoi
            | B::Atol
            | B::Atoll
            | B::Strtol
            | B::Strtoll
            | B::Strtoul
            | B::Strtoull
            | B::Atof
            | B::Strtod
            | B::Strtof
            | B::Strtold
            | B::Abs
            | B::Labs
            | B::Llabs
            | B::Rand
            | B::Srand => self.conversion_builtin(b, base, nargs),
            // The rest: <ctype.h>, <math.h> and <time.h> (`math_builtin` says if one is
            // not).
            _ => self.math_builtin(b, base, nargs),
        }
    }

    fn realloc(&mut self, p: Pointer, size: u64) -> Result<Pointer, Trap> {
        let b = Builtin::Realloc;
        let site = self.user_site();
        if p.is_null() {
            return self.heap_alloc(size, false, b);
        }
        let free_err = |err| Trap::Free { err, via: b };
        let p = self.mem.canonical(p);
        let at_start = p.offset() == Offset::At(0);
        let slot = p.alloc_id().and_then(|id| Some((id, self.mem.slot(id)?)));
        let id = match slot {
            Some((id, Slot::Live(a))) if at_start => match a.origin() {
                Origin::ZeroSize { .. } => {
                    self.mem.release_zero_size(p, site).map_err(free_err)?;
                    return self.heap_alloc(size, false, b);
                }
                Origin::Heap { .. } => id,
                _ => return Err(free_err(MemError::InvalidFree { ptr: p })),
            },
            Some((id, Slot::Freed(_))) => return Err(free_err(MemError::DoubleFree { id })),
            _ => return Err(free_err(MemError::InvalidFree { ptr: p })),
        };
        if size == 0 {
            self.mem
                .free(p, site)
                .map_err(|err| Trap::Free { err, via: b })?;
            return self.heap_alloc(0, false, b);
        }
        if !self.may_allocate() {
            return Ok(Pointer::NULL); // the old block stays valid
        }
        // On failure the old block stays valid.
        let q = match self
            .mem
            .realloc(id, Size::from_bytes(size), Origin::Heap { site }, site)
        {
            Ok(q) => q,
            Err(e) => return Ok(self.refused(e, site, b)),
        };
        self.mem.note_discarded(q, site);
        Ok(q)
    }
}

/// The `long double` a number's text denotes (`text` as `format::parse_c_float` accepted
/// it, `v` its value as a double): the text rounded once to 64 bits of significand.
pub(super) fn long_double_of(text: &[u8], v: f64) -> crate::num::F80 {
    let t = std::str::from_utf8(text).unwrap_or("").trim_start();
    let digits = t.trim_start_matches(['+', '-']);
    let named = digits.starts_with(['i', 'I', 'n', 'N']);
    let parsed = if named {
        None
    } else {
        crate::num::F80::parse(t.strip_prefix('+').unwrap_or(t))
    };
    parsed.unwrap_or_else(|| crate::num::F80::from_f64(v))
}

#[cfg(test)]
mod tests {
    use super::RandState;

    #[test]
    fn rand_matches_glibc() {
        // glibc 2.36: srand(1); rand() x5
        let mut r = RandState::new(1);
        let v: Vec<i32> = (0..5).map(|_| r.next_value()).collect();
        assert_eq!(
            v,
            vec![1804289383, 846930886, 1681692777, 1714636915, 1957747793]
        );
        let mut r = RandState::new(42);
        assert_eq!(r.next_value(), 71876166);
    }
}
