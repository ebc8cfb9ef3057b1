//! `<string.h>`: the memory and string functions, each range checked through the memory
//! model (and `memcpy`/`strcpy`-like copies checked for overlap).

use super::*;

impl Machine {
    /// The `mem*` functions.
    pub(super) fn mem_builtin(&mut self, b: Builtin, base: usize, _nargs: usize) -> BResult {
        use Builtin as B;
        let site = self.user_site();
        Ok(match b {
            B::Memcpy | B::Memmove => {
                let (d, s, n) = (
                    self.ptr_arg(base, 0),
                    self.ptr_arg(base, 1),
                    self.arg(base, 2),
                );
                self.lib_copy(d, s, n, b, b == B::Memmove)?;
                d.to_bits()
            }
            B::Memset => {
                let (p, c, n) = (
                    self.ptr_arg(base, 0),
                    self.arg(base, 1) as u8,
                    Size::from_bytes(self.arg(base, 2)),
                );
                self.mem.fill(p, c, n, site).map_err(mem_err(b, true))?;
                p.to_bits()
            }
            B::Memcmp => {
                let (x, y, n) = (
                    self.ptr_arg(base, 0),
                    self.ptr_arg(base, 1),
                    Size::from_bytes(self.arg(base, 2)),
                );
                let xs = self.mem.read_init_bytes(x, n).map_err(mem_err(b, false))?;
                let ys = self.mem.read_init_bytes(y, n).map_err(mem_err(b, false))?;
                match xs.iter().zip(&ys).find(|(p, q)| p != q) {
                    Some((p, q)) => (i32::from(*p) - i32::from(*q)) as i64 as u64,
                    None => 0,
                }
            }
            B::Memchr => {
                let (p, c, n) = (
                    self.ptr_arg(base, 0),
                    self.arg(base, 1) as u8,
                    self.arg(base, 2),
                );
                let mut res = Pointer::NULL;
                for i in 0..n {
                    let q = p.offset_by(i as i64);
                    if self.mem.read_byte(q).map_err(mem_err(b, false))? == c {
                        res = q;
                        break;
                    }
                }
                res.to_bits()
            }
            _ => crate::bug!("`{}` does not belong here", b.name()),
        })
    }

    /// Lengths, copies and concatenation.
    pub(super) fn str_copy_builtin(&mut self, b: Builtin, base: usize, _nargs: usize) -> BResult {
        use Builtin as B;
        let site = self.user_site();
        Ok(match b {
            B::Strlen => self.strlen_checked(self.ptr_arg(base, 0), b)?,
            B::Strnlen => self
                .mem
                .c_string_len(self.ptr_arg(base, 0), self.arg(base, 1))
                .map_err(mem_err(b, false))?,
            B::Strcpy => {
                let (d, s) = (self.ptr_arg(base, 0), self.ptr_arg(base, 1));
                let n = self.strlen_checked(s, b)? + 1;
                self.lib_copy(d, s, n, b, false)?;
                d.to_bits()
            }
            B::Strncpy => {
                let (d, s, n) = (
                    self.ptr_arg(base, 0),
                    self.ptr_arg(base, 1),
                    self.arg(base, 2),
                );
                let len = self.mem.c_string_len(s, n).map_err(mem_err(b, false))?;
                let copy = len.saturating_add(1).min(n);
                // The whole destination first: `n` may be far larger than its object.
                self.mem
                    .check_range(d, Size::from_bytes(n), true)
                    .map_err(mem_err(b, true))?;
                self.lib_copy(d, s, copy, b, false)?;
                if copy < n {
                    self.mem
                        .fill(
                            d.offset_by(copy as i64),
                            0,
                            Size::from_bytes(n - copy),
                            site,
                        )
                        .map_err(mem_err(b, true))?;
                }
                d.to_bits()
            }
            B::Strcat | B::Strncat => {
                let (d, s) = (self.ptr_arg(base, 0), self.ptr_arg(base, 1));
                let dl = self.strlen_checked(d, b)?;
                let sl = if b == B::Strncat {
                    self.mem
                        .c_string_len(s, self.arg(base, 2))
                        .map_err(mem_err(b, false))?
                } else {
                    self.strlen_checked(s, b)?
                };
                let at = d.offset_by(dl as i64);
                if let (true, Offset::At(x), Offset::At(y)) = (
                    self.mem.canonical(d).alloc_id() == self.mem.canonical(s).alloc_id(),
                    at.offset(),
                    s.offset(),
                ) {
                    let n = sl as i64 + 1;
                    if x < y + n && y < x + n {
                        return Err(Trap::Overlap {
                            dst: at,
                            src: s,
                            n: sl + 1,
                            via: b,
                        });
                    }
                }
                self.lib_copy(at, s, sl, b, false)?;
                self.mem
                    .store(at.offset_by(sl as i64), Scalar::U8, 0, site)
                    .map_err(mem_err(b, true))?;
                d.to_bits()
            }
            _ => crate::bug!("`{}` does not belong here", b.name()),
        })
    }

    /// Comparing, searching, duplicating and tokenizing strings, `strerror`.
    pub(super) fn str_search_builtin(&mut self, b: Builtin, base: usize, _nargs: usize) -> BResult {
        use Builtin as B;
        let site = self.user_site();
        Ok(match b {
            B::Strcmp | B::Strncmp | B::Strcasecmp | B::Strncasecmp => {
                let (x, y) = (self.ptr_arg(base, 0), self.ptr_arg(base, 1));
                let limit = if matches!(b, B::Strncmp | B::Strncasecmp) {
                    self.arg(base, 2)
                } else {
                    u64::MAX
                };
                let fold = matches!(b, B::Strcasecmp | B::Strncasecmp);
                let mut i = 0u64;
                let mut r = 0i32;
                while i < limit {
                    let p = self
                        .mem
                        .read_byte(x.offset_by(i as i64))
                        .map_err(mem_err(b, false))?;
                    let q = self
                        .mem
                        .read_byte(y.offset_by(i as i64))
                        .map_err(mem_err(b, false))?;
                    let (p, q) = if fold {
                        (p.to_ascii_lowercase(), q.to_ascii_lowercase())
                    } else {
                        (p, q)
                    };
                    if p != q {
                        r = i32::from(p) - i32::from(q);
                        break;
                    }
                    if p == 0 {
                        break;
                    }
                    i += 1;
                }
                r as i64 as u64
            }
            B::Strchr | B::Strrchr => {
                let (p, c) = (self.ptr_arg(base, 0), self.arg(base, 1) as u8);
                let s = self.c_string(p, b)?;
                let found = if b == B::Strchr {
                    if c == 0 {
                        Some(s.len())
                    } else {
                        s.iter().position(|&x| x == c)
                    }
                } else if c == 0 {
                    Some(s.len())
                } else {
                    s.iter().rposition(|&x| x == c)
                };
                found.map_or(0, |i| p.offset_by(i as i64).to_bits())
            }
            B::Strstr => {
                let (h, n) = (self.ptr_arg(base, 0), self.ptr_arg(base, 1));
                let hs = self.c_string(h, b)?;
                let ns = self.c_string(n, b)?;
                if ns.is_empty() {
                    h.to_bits()
                } else {
                    hs.windows(ns.len())
                        .position(|w| w == ns.as_slice())
                        .map_or(0, |i| h.offset_by(i as i64).to_bits())
                }
            }
            B::Strpbrk | B::Strspn | B::Strcspn => {
                let (p, set) = (self.ptr_arg(base, 0), self.ptr_arg(base, 1));
                let s = self.c_string(p, b)?;
                let set = self.c_string(set, b)?;
                match b {
                    B::Strspn => s.iter().take_while(|c| set.contains(c)).count() as u64,
                    B::Strcspn => s.iter().take_while(|c| !set.contains(c)).count() as u64,
                    _ => s
                        .iter()
                        .position(|c| set.contains(c))
                        .map_or(0, |i| p.offset_by(i as i64).to_bits()),
                }
            }
            B::Strdup | B::Strndup => {
                let s = self.ptr_arg(base, 0);
                let len = if b == B::Strndup {
                    self.mem
                        .c_string_len(s, self.arg(base, 1))
                        .map_err(mem_err(b, false))?
                } else {
                    self.strlen_checked(s, b)?
                };
                let p = self.heap_alloc(len.saturating_add(1), false, b)?;
                if !p.is_null() {
                    self.lib_copy(p, s, len, b, false)?;
                    self.mem
                        .store(p.offset_by(len as i64), Scalar::U8, 0, site)
                        .map_err(mem_err(b, true))?;
                }
                p.to_bits()
            }
            B::Strtok => {
                let (s, delim) = (self.ptr_arg(base, 0), self.ptr_arg(base, 1));
                let start = if s.is_null() { self.strtok_next } else { s };
                if start.is_null() {
                    return Ok(0);
                }
                let set = self.c_string(delim, b)?;
                let text = self.c_string(start, b)?;
                let skip = text.iter().take_while(|c| set.contains(c)).count();
                if skip == text.len() {
                    self.strtok_next = Pointer::NULL;
                    return Ok(0);
                }
                let tok = start.offset_by(skip as i64);
                let rest = &text[skip..];
                match rest.iter().position(|c| set.contains(c)) {
                    Some(i) => {
                        let end = tok.offset_by(i as i64);
                        self.mem
                            .store(end, Scalar::U8, 0, site)
                            .map_err(mem_err(b, true))?;
                        self.strtok_next = end.offset_by(1);
                    }
                    None => self.strtok_next = Pointer::NULL,
                }
                tok.to_bits()
            }
            B::Strerror => {
                let text = strerror_text(self.int_arg(base, 0));
                self.library_string(&text)?.to_bits()
            }
            _ => crate::bug!("`{}` does not belong here", b.name()),
        })
    }
}
