//! `<stdio.h>`: formatted and character output to stdout/stderr (and strings), input
//! from stdin (and strings), `perror`.

use super::*;

impl Machine {
    /// The stdio functions (see [`Machine::builtin`]).
    pub(super) fn stdio_builtin(&mut self, b: Builtin, base: usize, nargs: usize) -> BResult {
        use Builtin as B;
        match b {
            B::Printf | B::Fprintf | B::Sprintf | B::Snprintf | B::Puts | B::Fputs | B::Putchar | B::Fputc | B::Putc | B::Fwrite => self.output_builtin(b, base, nargs),
            B::Getchar | B::Getc | B::Fgetc | B::Ungetc | B::Fgets | B::Scanf | B::Fscanf | B::Sscanf | B::Fflush | B::Perror | B::Feof | B::Ferror => self.input_builtin(b, base, nargs),
            _ => crate::bug!("`{}` does not belong here", b.name()),
        }
    }

    /// Output: formatted and character output.
    fn output_builtin(&mut self, b: Builtin, base: usize, nargs: usize) -> BResult {
        use Builtin as B;
        let a = |m: &Machine, i: usize| m.arg(base, i);
        let pa = |m: &Machine, i: usize| Pointer::from_bits(m.arg(base, i));
        let site = self.user_site();
        Ok(match b {
            B::Printf | B::Fprintf | B::Sprintf | B::Snprintf => {
                let (stream, fmt_idx) = match b {
                    B::Printf => (1, 0),
                    B::Fprintf => (self.stream_of(pa(self, 0), b)?, 1),
                    B::Sprintf => (0, 1),
                    _ => (0, 2),
                };
                if b == B::Fprintf && stream == 0 {
                    return Err(Trap::BadArgument {
                        via: b,
                        what: "cannot write to stdin".into(),
                    });
                }
                let fmt = self.c_string(pa(self, fmt_idx), b)?;
                let mut out = Vec::new();
                let mut src = MachineArgs {
                    m: self,
                    base,
                    next: fmt_idx + 1,
                    nargs,
                    b,
                };
                match format::format(&fmt, &mut src, &mut out) {
                    Ok(()) => {}
                    Err(FormatError::Arg(t)) => return Err(t),
                    Err(FormatError::Unsupported(what)) => {
                        return Err(Trap::Unsupported { via: b, what })
                    }
                }
                match b {
                    B::Printf | B::Fprintf => self.emit(stream, &out)?,
                    B::Sprintf => {
                        let d = pa(self, 0);
                        out.push(0);
                        self.mem
                            .write_bytes(d, &out, site)
                            .map_err(mem_err(b, true))?;
                        out.pop();
                    }
                    _ => {
                        let (d, n) = (pa(self, 0), a(self, 1));
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
                let mut s = self.c_string(pa(self, 0), b)?;
                s.push(b'\n');
                self.emit(1, &s)?;
                1
            }
            B::Fputs => {
                let s = self.c_string(pa(self, 0), b)?;
                let st = self.stream_of(pa(self, 1), b)?;
                self.emit(st.max(1), &s)?;
                1
            }
            B::Putchar => {
                let c = a(self, 0) as u8;
                self.emit(1, &[c])?;
                u64::from(c)
            }
            B::Fputc | B::Putc => {
                let c = a(self, 0) as u8;
                let st = self.stream_of(pa(self, 1), b)?;
                self.emit(st.max(1), &[c])?;
                u64::from(c)
            }
            B::Fwrite => {
                let (p, size, n) = (pa(self, 0), a(self, 1), a(self, 2));
                let st = self.stream_of(pa(self, 3), b)?;
                let total = Size::from_bytes(size.saturating_mul(n));
                let bytes = self
                    .mem
                    .read_init_bytes(p, total)
                    .map_err(mem_err(b, false))?;
                self.emit(st.max(1), &bytes)?;
                n
            }
            _ => crate::bug!("`{}` does not belong here", b.name()),
        })
    }

    /// Input: characters and lines from stdin.
    fn input_builtin(&mut self, b: Builtin, base: usize, nargs: usize) -> BResult {
        use Builtin as B;
        let pa = |m: &Machine, i: usize| Pointer::from_bits(m.arg(base, i));
        let site = self.user_site();
        let int_arg = |m: &Machine, i: usize| m.arg(base, i) as i32;
        Ok(match b {
            B::Getchar | B::Getc | B::Fgetc => {
                if b != B::Getchar {
                    let st = self.stream_of(pa(self, 0), b)?;
                    if st != 0 {
                        return Err(Trap::BadArgument {
                            via: b,
                            what: "cannot read from stdout or stderr".into(),
                        });
                    }
                }
                self.io.flush();
                match self.io.read_byte() {
                    Some(c) => u64::from(c),
                    None => (-1i64) as u64,
                }
            }
            B::Ungetc => {
                let c = int_arg(self, 0);
                if c >= 0 {
                    self.io.unread(c as u8);
                    self.io.stdin_eof = false;
                }
                c as i64 as u64
            }
            B::Fgets => {
                let (p, n) = (pa(self, 0), int_arg(self, 1));
                let st = self.stream_of(pa(self, 2), b)?;
                if st != 0 {
                    return Err(Trap::BadArgument {
                        via: b,
                        what: "cannot read from stdout or stderr".into(),
                    });
                }
                if n <= 0 {
                    return Ok(0);
                }
                self.io.flush();
                let mut line = Vec::new();
                while (line.len() as i32) < n - 1 {
                    match self.io.read_byte() {
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
            B::Fflush => {
                self.io.flush();
                0
            }
            B::Perror => {
                let p = pa(self, 0);
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
                self.emit(2, &msg)?;
                0
            }
            B::Feof => u64::from(self.io.stdin_eof),
            B::Ferror => 0,
            _ => crate::bug!("`{}` does not belong here", b.name()),
        })
    }

    /// `scanf`, `fscanf(stdin, ...)`, `sscanf`: numbers, words and characters.
    pub(super) fn scanf(&mut self, b: Builtin, base: usize, nargs: usize) -> BResult {
        let site = self.user_site();
        let (fmt_idx, from_string) = match b {
            Builtin::Sscanf => (1, true),
            Builtin::Fscanf => {
                let st = self.stream_of(Pointer::from_bits(self.arg(base, 0)), b)?;
                if st != 0 {
                    return Err(Trap::BadArgument {
                        via: b,
                        what: "cannot read from stdout or stderr".into(),
                    });
                }
                (1, false)
            }
            _ => (0, false),
        };
        let fmt = self.c_string(Pointer::from_bits(self.arg(base, fmt_idx)), b)?;
        let text: Vec<u8> = if from_string {
            self.c_string(Pointer::from_bits(self.arg(base, 0)), b)?
        } else {
            Vec::new()
        };
        if !from_string {
            self.io.flush();
        }
        let mut tpos = 0usize;
        let mut next_arg = fmt_idx + 1;
        let mut assigned = 0i64;
        let mut any_input = false;
        // Input access abstracted over a string or stdin.
        let peek = |m: &mut Machine, tpos: &mut usize| -> Option<u8> {
            if from_string {
                text.get(*tpos).copied()
            } else {
                let c = m.io.read_byte();
                if let Some(c) = c {
                    m.io.unread(c);
                }
                c
            }
        };
        let advance = |m: &mut Machine, tpos: &mut usize| {
            if from_string {
                *tpos += 1;
            } else {
                let _ = m.io.read_byte();
            }
        };
        let mut i = 0;
        let mut failed = false;
        while i < fmt.len() && !failed {
            let c = fmt[i];
            if c.is_ascii_whitespace() {
                while peek(self, &mut tpos).is_some_and(|x| x.is_ascii_whitespace()) {
                    advance(self, &mut tpos);
                }
                i += 1;
                continue;
            }
            if c != b'%' {
                match peek(self, &mut tpos) {
                    Some(x) if x == c => {
                        advance(self, &mut tpos);
                        i += 1;
                        continue;
                    }
                    _ => break,
                }
            }
            i += 1;
            let mut suppress = false;
            if fmt.get(i) == Some(&b'*') {
                suppress = true;
                i += 1;
            }
            let mut width = usize::MAX;
            let mut wd = 0usize;
            let mut has_w = false;
            while let Some(d) = fmt.get(i).filter(|x| x.is_ascii_digit()) {
                wd = wd * 10 + usize::from(d - b'0');
                has_w = true;
                i += 1;
            }
            if has_w {
                width = wd.max(1);
            }
            let mut longs = 0;
            let mut half = 0;
            while let Some(&l) = fmt.get(i) {
                match l {
                    b'l' => longs += 1,
                    b'h' => half += 1,
                    b'z' | b'j' | b't' => longs = 1,
                    _ => break,
                }
                i += 1;
            }
            let Some(&conv) = fmt.get(i) else { break };
            i += 1;
            if conv == b'%' {
                while peek(self, &mut tpos).is_some_and(|x| x.is_ascii_whitespace()) {
                    advance(self, &mut tpos);
                }
                if peek(self, &mut tpos) == Some(b'%') {
                    advance(self, &mut tpos);
                    continue;
                }
                break;
            }
            if conv != b'c' && conv != b'n' && conv != b'[' {
                while peek(self, &mut tpos).is_some_and(|x| x.is_ascii_whitespace()) {
                    advance(self, &mut tpos);
                }
            }
            let mut take_arg = |m: &mut Machine| -> Result<Pointer, Trap> {
                if next_arg >= nargs {
                    return Err(Trap::BadArgument {
                        via: b,
                        what: "the format needs more arguments than were passed".into(),
                    });
                }
                let v = m.arg(base, next_arg);
                next_arg += 1;
                Ok(Pointer::from_bits(v))
            };
            match conv {
                b'd' | b'i' | b'u' | b'x' | b'X' | b'o' => {
                    let mut tok = Vec::new();
                    while tok.len() < width {
                        match peek(self, &mut tpos) {
                            Some(x)
                                if x.is_ascii_alphanumeric()
                                    || ((x == b'-' || x == b'+') && tok.is_empty()) =>
                            {
                                tok.push(x);
                                advance(self, &mut tpos);
                            }
                            _ => break,
                        }
                    }
                    let radix = match conv {
                        b'x' | b'X' => 16,
                        b'o' => 8,
                        b'i' => 0,
                        _ => 10,
                    };
                    let Some((mag, neg, used)) = format::parse_c_int(&tok, radix) else {
                        failed = true;
                        break;
                    };
                    let _ = used;
                    any_input = true;
                    if !suppress {
                        let mut v = mag as u64;
                        if neg {
                            v = v.wrapping_neg();
                        }
                        let sc = if longs > 0 {
                            Scalar::I64
                        } else if half == 1 {
                            Scalar::I16
                        } else if half >= 2 {
                            Scalar::I8
                        } else {
                            Scalar::I32
                        };
                        let p = take_arg(self)?;
                        self.mem.store(p, sc, v, site).map_err(mem_err(b, true))?;
                        assigned += 1;
                    }
                }
                b'f' | b'e' | b'g' | b'E' | b'G' | b'a' => {
                    let mut tok = Vec::new();
                    while tok.len() < width {
                        match peek(self, &mut tpos) {
                            Some(x)
                                if x.is_ascii_digit()
                                    || matches!(x, b'.' | b'e' | b'E' | b'-' | b'+')
                                    || x.is_ascii_alphabetic() =>
                            {
                                tok.push(x);
                                advance(self, &mut tpos);
                            }
                            _ => break,
                        }
                    }
                    let Some((v, _)) = format::parse_c_float(&tok) else {
                        failed = true;
                        break;
                    };
                    any_input = true;
                    if !suppress {
                        let p = take_arg(self)?;
                        if longs > 0 {
                            self.mem
                                .store(p, Scalar::F64, v.to_bits(), site)
                                .map_err(mem_err(b, true))?;
                        } else {
                            self.mem
                                .store(p, Scalar::F32, u64::from((v as f32).to_bits()), site)
                                .map_err(mem_err(b, true))?;
                        }
                        assigned += 1;
                    }
                }
                b's' | b'c' => {
                    let count = if conv == b'c' {
                        if has_w {
                            width
                        } else {
                            1
                        }
                    } else {
                        width
                    };
                    let mut tok = Vec::new();
                    while tok.len() < count {
                        match peek(self, &mut tpos) {
                            Some(x) if conv == b'c' || !x.is_ascii_whitespace() => {
                                tok.push(x);
                                advance(self, &mut tpos);
                            }
                            _ => break,
                        }
                    }
                    if tok.is_empty() || (conv == b'c' && tok.len() < count) {
                        failed = true;
                        break;
                    }
                    any_input = true;
                    if !suppress {
                        let p = take_arg(self)?;
                        if conv == b's' {
                            tok.push(0);
                        }
                        self.mem
                            .write_bytes(p, &tok, site)
                            .map_err(mem_err(b, true))?;
                        assigned += 1;
                    }
                }
                b'n' => {
                    if !suppress {
                        let p = take_arg(self)?;
                        let consumed = if from_string { tpos as u64 } else { 0 };
                        self.mem
                            .store(p, Scalar::I32, consumed, site)
                            .map_err(mem_err(b, true))?;
                    }
                }
                _ => {
                    return Err(Trap::Unsupported {
                        via: b,
                        what: format!("the `%{}` conversion", conv as char),
                    });
                }
            }
        }
        let _ = failed;
        if assigned == 0 && !any_input && peek(self, &mut tpos).is_none() {
            return Ok((-1i64) as u64);
        }
        Ok(assigned as u64)
    }
}
