//! `<stdio.h>`: formatted and character output to streams (and strings), input from
//! streams (and strings), `perror`. Streams are read and written through `files.rs`.

use super::files::StreamRef;
use super::*;

impl Machine {
    /// Output: formatted and character output.
    pub(super) fn output_builtin(&mut self, b: Builtin, base: usize, nargs: usize) -> BResult {
        use Builtin as B;
        let site = self.user_site();
        Ok(match b {
            _ if b.is_formatted_output() => {
                let (stream, fmt_idx) = match b {
                    B::Printf | B::Vprintf => (Some(self.std_stream(1)), 0),
                    B::Fprintf | B::Vfprintf => {
                        (Some(self.stream_of(self.ptr_arg(base, 0), b)?), 1)
                    }
                    B::Sprintf | B::Vsprintf => (None, 1),
                    _ => (None, 2),
                };
                let va = match b {
                    B::Vprintf | B::Vfprintf | B::Vsprintf | B::Vsnprintf => {
                        Some(self.va_position(self.arg(base, fmt_idx + 1), b)?)
                    }
                    _ => None,
                };
                if stream == Some(StreamRef::Std(0)) {
                    return Err(Trap::BadArgument {
                        via: b,
                        what: "cannot write to stdin".into(),
                    });
                }
                let fmt = self.c_string(self.ptr_arg(base, fmt_idx), b)?;
                let mut out = Vec::new();
                // Output to a stream may use what is left of the output limit; a string
                // may be as long as the whole limit.
                let limit = match b {
                    B::Printf | B::Fprintf | B::Vprintf | B::Vfprintf => {
                        self.limits.output_bytes.saturating_sub(self.io.written)
                    }
                    _ => self.limits.output_bytes,
                };
                let limit = usize::try_from(limit).unwrap_or(usize::MAX);
                let mut src = MachineArgs {
                    m: self,
                    base,
                    first: fmt_idx + 1,
                    nargs,
                    b,
                    va,
                };
                match format::format(&fmt, &mut src, &mut out, limit) {
                    Ok(()) => {}
                    Err(FormatError::Arg(t)) => return Err(t),
                    Err(FormatError::TooLong) => {
                        return Err(Trap::OutputLimit {
                            limit: self.limits.output_bytes,
                        })
                    }
                    Err(FormatError::Unsupported(what)) => {
                        return Err(Trap::Unsupported { via: b, what })
                    }
                    Err(FormatError::Encoding) => {
                        // What came before the character is written; the call fails.
                        if let Some(st) = stream {
                            self.write_stream(st, &out, b)?;
                        }
                        self.set_errno(84);
                        return Ok((-1i64) as u64);
                    }
                }
                match (b, stream) {
                    (_, Some(st)) => {
                        if !self.write_stream(st, &out, b)? {
                            return Ok((-1i64) as u64);
                        }
                    }
                    (B::Sprintf | B::Vsprintf, _) => {
                        let d = self.ptr_arg(base, 0);
                        out.push(0);
                        self.mem
                            .write_bytes(d, &out, site)
                            .map_err(mem_err(b, true))?;
                        out.pop();
                    }
                    (_, None) => {
                        let (d, n) = (self.ptr_arg(base, 0), self.arg(base, 1));
                        if n > 0 {
                            let take = (out.len() as u64).min(n - 1) as usize;
                            let mut bytes = out[..take].to_vec();
                            bytes.push(0);
                            self.mem
                                .write_bytes(d, &bytes, site)
                                .map_err(mem_err(b, true))?;
                        }
                    }
                }
                out.len() as u64
            }
            B::Puts => {
                let mut s = self.c_string(self.ptr_arg(base, 0), b)?;
                s.push(b'\n');
                if !self.write_stream(self.std_stream(1), &s, b)? {
                    return Ok((-1i64) as u64);
                }
                1
            }
            B::Fputs => {
                let s = self.c_string(self.ptr_arg(base, 0), b)?;
                let st = self.stream_of(self.ptr_arg(base, 1), b)?;
                if self.write_stream(st, &s, b)? {
                    1
                } else {
                    (-1i64) as u64
                }
            }
            B::Putchar => {
                let c = self.arg(base, 0) as u8;
                if !self.write_stream(self.std_stream(1), &[c], b)? {
                    return Ok((-1i64) as u64);
                }
                u64::from(c)
            }
            B::Fputc | B::Putc => {
                let c = self.arg(base, 0) as u8;
                let st = self.stream_of(self.ptr_arg(base, 1), b)?;
                if self.write_stream(st, &[c], b)? {
                    u64::from(c)
                } else {
                    (-1i64) as u64
                }
            }
            B::Fwrite => {
                let (p, size, n) = (self.ptr_arg(base, 0), self.arg(base, 1), self.arg(base, 2));
                let st = self.stream_of(self.ptr_arg(base, 3), b)?;
                let total = Size::from_bytes(size.saturating_mul(n));
                let bytes = self
                    .mem
                    .read_init_bytes(p, total)
                    .map_err(mem_err(b, false))?;
                if self.write_stream(st, &bytes, b)? {
                    n
                } else {
                    0
                }
            }
            _ => crate::bug!("`{}` does not belong here", b.name()),
        })
    }

    /// Input: characters and lines from stdin.
    pub(super) fn input_builtin(&mut self, b: Builtin, base: usize, nargs: usize) -> BResult {
        use Builtin as B;
        let site = self.user_site();
        Ok(match b {
            B::Getchar | B::Getc | B::Fgetc => {
                let st = match b {
                    B::Getchar => self.std_stream(0),
                    _ => self.stream_of(self.ptr_arg(base, 0), b)?,
                };
                match self.read_stream(st, b)? {
                    Some(c) => u64::from(c),
                    None => (-1i64) as u64,
                }
            }
            B::Ungetc => {
                let c = self.int_arg(base, 0);
                let st = self.stream_of(self.ptr_arg(base, 1), b)?;
                if c >= 0 {
                    self.unread_stream(st, c as u8);
                }
                c as i64 as u64
            }
            B::Fgets => {
                let (p, n) = (self.ptr_arg(base, 0), self.int_arg(base, 1));
                let st = self.stream_of(self.ptr_arg(base, 2), b)?;
                if n <= 0 {
                    return Ok(0);
                }
                let mut line = Vec::new();
                while (line.len() as i32) < n - 1 {
                    match self.read_stream(st, b)? {
                        Some(c) => {
                            line.push(c);
                            if c == b'\n' {
                                break;
                            }
                        }
                        None => break,
                    }
                }
                if line.is_empty() {
                    return Ok(0);
                }
                line.push(0);
                self.mem
                    .write_bytes(p, &line, site)
                    .map_err(mem_err(b, true))?;
                p.to_bits()
            }
            B::Scanf | B::Fscanf | B::Sscanf => self.scanf(b, base, nargs)?,
            B::Perror => {
                let p = self.ptr_arg(base, 0);
                let errno = if self.errno_ptr.is_null() {
                    0
                } else {
                    // errno starts written (it is a global) and is never freed.
                    self.mem
                        .load(self.errno_ptr, Scalar::I32)
                        .map_err(mem_err(b, false))? as i32
                };
                let mut msg = Vec::new();
                if !p.is_null() {
                    let s = self.c_string(p, b)?;
                    if !s.is_empty() {
                        msg.extend_from_slice(&s);
                        msg.extend_from_slice(b": ");
                    }
                }
                msg.extend_from_slice(strerror_text(errno).as_bytes());
                msg.push(b'\n');
                self.write_stream(self.std_stream(2), &msg, b)?;
                0
            }
            _ => crate::bug!("`{}` does not belong here", b.name()),
        })
    }

    /// `scanf`, `fscanf(stdin, ...)`, `sscanf`: numbers, words and characters.
    pub(super) fn scanf(&mut self, b: Builtin, base: usize, nargs: usize) -> BResult {
        let (fmt_idx, stream) = match b {
            Builtin::Sscanf => (1, None),
            Builtin::Fscanf => (1, Some(self.stream_of(self.ptr_arg(base, 0), b)?)),
            _ => (0, Some(self.std_stream(0))),
        };
        if let Some(StreamRef::Std(1 | 2)) = stream {
            return Err(Trap::BadArgument {
                via: b,
                what: "cannot read from stdout or stderr".into(),
            });
        }
        let fmt = self.c_string(self.ptr_arg(base, fmt_idx), b)?;
        let mut input = ScanInput {
            source: match stream {
                Some(st) => Source::Stream(st),
                None => Source::Text(self.c_string(self.ptr_arg(base, 0), b)?),
            },
            pos: 0,
            b,
        };
        let mut args = ScanArgs {
            b,
            base,
            next: fmt_idx + 1,
            nargs,
        };
        let mut assigned = 0i64;
        let mut any_input = false;
        let mut i = 0;
        while i < fmt.len() {
            let c = fmt[i];
            if c.is_ascii_whitespace() {
                input.skip_space(self);
                i += 1;
                continue;
            }
            if c != b'%' {
                if input.peek(self) != Some(c) {
                    break;
                }
                input.advance(self);
                i += 1;
                continue;
            }
            let Some(spec) = ScanSpec::parse(&fmt, &mut i) else {
                break;
            };
            if spec.conv == b'%' {
                input.skip_space(self);
                if input.peek(self) != Some(b'%') {
                    break;
                }
                input.advance(self);
                continue;
            }
            match self.scan_one(&spec, &mut input, &mut args)? {
                Scanned::Failed => break,
                Scanned::Read { stored } => {
                    any_input = true;
                    assigned += i64::from(stored);
                }
                Scanned::Count => {}
            }
        }
        if assigned == 0 && !any_input && input.peek(self).is_none() {
            return Ok((-1i64) as u64);
        }
        Ok(assigned as u64)
    }

    /// One conversion of `scanf`: reads its input and stores it (unless suppressed).
    fn scan_one(
        &mut self,
        spec: &ScanSpec,
        input: &mut ScanInput,
        args: &mut ScanArgs,
    ) -> Result<Scanned, Trap> {
        let b = args.b;
        let site = self.user_site();
        if !matches!(spec.conv, b'c' | b'n' | b'[') {
            input.skip_space(self);
        }
        let stored = u8::from(!spec.suppress);
        match spec.conv {
            b'd' | b'i' | b'u' | b'x' | b'X' | b'o' => {
                let tok = input.token(self, spec.width, |x, tok| {
                    x.is_ascii_alphanumeric() || ((x == b'-' || x == b'+') && tok.is_empty())
                });
                let radix = match spec.conv {
                    b'x' | b'X' => 16,
                    b'o' => 8,
                    b'i' => 0,
                    _ => 10,
                };
                let Some((mag, neg, _)) = format::parse_c_int(&tok, radix) else {
                    return Ok(Scanned::Failed);
                };
                if !spec.suppress {
                    let v = if neg {
                        (mag as u64).wrapping_neg()
                    } else {
                        mag as u64
                    };
                    let sc = match (spec.longs, spec.half) {
                        (1.., _) => Scalar::I64,
                        (0, 1) => Scalar::I16,
                        (0, 2..) => Scalar::I8,
                        _ => Scalar::I32,
                    };
                    let p = args.take(self)?;
                    self.mem.store(p, sc, v, site).map_err(mem_err(b, true))?;
                }
            }
            b'f' | b'e' | b'g' | b'E' | b'G' | b'a' => {
                let tok = input.token(self, spec.width, |x, _| {
                    x.is_ascii_digit()
                        || matches!(x, b'.' | b'e' | b'E' | b'-' | b'+')
                        || x.is_ascii_alphabetic()
                });
                let Some((v, _)) = format::parse_c_float(&tok) else {
                    return Ok(Scanned::Failed);
                };
                if !spec.suppress && spec.longs >= 2 {
                    let p = args.take(self)?;
                    let x = long_double_of(&tok, v);
                    self.mem
                        .store_wide(p, crate::num::F80_BYTES, x.0, site)
                        .map_err(mem_err(b, true))?;
                } else if !spec.suppress {
                    let p = args.take(self)?;
                    let (sc, bits) = if spec.longs > 0 {
                        (Scalar::F64, v.to_bits())
                    } else {
                        (Scalar::F32, u64::from((v as f32).to_bits()))
                    };
                    self.mem
                        .store(p, sc, bits, site)
                        .map_err(mem_err(b, true))?;
                }
            }
            b's' | b'c' => {
                let chars = spec.conv == b'c';
                let count = match (chars, spec.has_width) {
                    (true, false) => 1,
                    _ => spec.width,
                };
                let mut tok = input.token(self, count, |x, _| chars || !x.is_ascii_whitespace());
                if tok.is_empty() || (chars && tok.len() < count) {
                    return Ok(Scanned::Failed);
                }
                if !spec.suppress {
                    let p = args.take(self)?;
                    if !chars {
                        tok.push(0);
                    }
                    self.mem
                        .write_bytes(p, &tok, site)
                        .map_err(mem_err(b, true))?;
                }
            }
            b'n' => {
                if !spec.suppress {
                    let p = args.take(self)?;
                    let consumed = input.pos as u64;
                    self.mem
                        .store(p, Scalar::I32, consumed, site)
                        .map_err(mem_err(b, true))?;
                }
                return Ok(Scanned::Count);
            }
            conv => {
                return Err(Trap::Unsupported {
                    via: b,
                    what: format!("the `%{}` conversion", conv as char),
                });
            }
        }
        Ok(Scanned::Read { stored })
    }
}

/// What one `scanf` conversion did.
enum Scanned {
    /// The input did not match: `scanf` stops.
    Failed,
    /// It read input and stored 1 value (0 when suppressed with `*`).
    Read { stored: u8 },
    /// `%n`: it read nothing.
    Count,
}

/// One `%` conversion of a `scanf` format: `*`, width, length modifiers and the letter.
struct ScanSpec {
    suppress: bool,
    width: usize,
    has_width: bool,
    longs: u8,
    half: u8,
    conv: u8,
}

impl ScanSpec {
    /// Parses the conversion after the `%` at `fmt[*i]`, moving `i` past it.
    fn parse(fmt: &[u8], i: &mut usize) -> Option<ScanSpec> {
        *i += 1;
        let suppress = fmt.get(*i) == Some(&b'*');
        if suppress {
            *i += 1;
        }
        let mut digits = 0usize;
        let mut has_width = false;
        while let Some(d) = fmt.get(*i).filter(|x| x.is_ascii_digit()) {
            digits = digits
                .saturating_mul(10)
                .saturating_add(usize::from(d - b'0'));
            has_width = true;
            *i += 1;
        }
        let (mut longs, mut half) = (0u8, 0u8);
        while let Some(&l) = fmt.get(*i) {
            match l {
                b'l' => longs = longs.saturating_add(1),
                // `L` (and `ll`) on a floating conversion: `long double`.
                b'L' | b'q' => longs = 2,
                b'h' => half = half.saturating_add(1),
                b'z' | b'j' | b't' => longs = 1,
                _ => break,
            }
            *i += 1;
        }
        let conv = *fmt.get(*i)?;
        *i += 1;
        Some(ScanSpec {
            suppress,
            width: if has_width { digits.max(1) } else { usize::MAX },
            has_width,
            longs,
            half,
            conv,
        })
    }
}

/// Where `scanf` reads: a string (`sscanf`) or a stream.
enum Source {
    Text(Vec<u8>),
    Stream(StreamRef),
}

/// `scanf`'s input: where it reads, and how many bytes it consumed (for `%n`).
struct ScanInput {
    source: Source,
    pos: usize,
    b: Builtin,
}

impl ScanInput {
    fn peek(&mut self, m: &mut Machine) -> Option<u8> {
        match &self.source {
            Source::Text(t) => t.get(self.pos).copied(),
            &Source::Stream(st) => {
                // (A stream `scanf` may not read was refused before the first byte.)
                let c = m.read_stream(st, self.b).ok().flatten();
                if let Some(c) = c {
                    m.unread_stream(st, c);
                }
                c
            }
        }
    }

    fn advance(&mut self, m: &mut Machine) {
        if let Source::Stream(st) = self.source {
            let _ = m.read_stream(st, self.b);
        }
        self.pos += 1;
    }

    fn skip_space(&mut self, m: &mut Machine) {
        while self.peek(m).is_some_and(|x| x.is_ascii_whitespace()) {
            self.advance(m);
        }
    }

    /// At most `max` bytes that `accept` (given the byte and what was read so far) takes.
    fn token(
        &mut self,
        m: &mut Machine,
        max: usize,
        accept: impl Fn(u8, &[u8]) -> bool,
    ) -> Vec<u8> {
        let mut tok = Vec::new();
        while tok.len() < max {
            match self.peek(m) {
                Some(x) if accept(x, &tok) => {
                    tok.push(x);
                    self.advance(m);
                }
                _ => break,
            }
        }
        tok
    }
}

/// The pointer arguments of a `scanf` call, taken in order.
struct ScanArgs {
    b: Builtin,
    base: usize,
    next: usize,
    nargs: usize,
}

impl ScanArgs {
    fn take(&mut self, m: &Machine) -> Result<Pointer, Trap> {
        if self.next >= self.nargs {
            return Err(Trap::BadArgument {
                via: self.b,
                what: "the format needs more arguments than were passed".into(),
            });
        }
        let v = m.arg(self.base, self.next);
        self.next += 1;
        Ok(Pointer::from_bits(v))
    }
}
