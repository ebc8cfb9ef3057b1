//! `<stdlib.h>` and `<assert.h>`: allocation, exit and `atexit`, assertions, number
//! conversions, `abs`, and glibc's `rand`.

use super::*;
use crate::sema::builtins::va;

impl Machine {
    /// Allocation, exit, `atexit` and assertions.
    pub(super) fn alloc_builtin(&mut self, b: Builtin, base: usize, _nargs: usize) -> BResult {
        use Builtin as B;
        let site = self.user_site();
        Ok(match b {
            B::Malloc => self.heap_alloc(self.arg(base, 0), false, b)?.to_bits(),
            B::Calloc => {
                let (n, s) = (self.arg(base, 0), self.arg(base, 1));
                match n.checked_mul(s) {
                    Some(total) => self.heap_alloc(total, true, b)?.to_bits(),
                    None => 0,
                }
            }
            B::Realloc => self
                .realloc(self.ptr_arg(base, 0), self.arg(base, 1))?
                .to_bits(),
            B::Free => {
                let p = self.ptr_arg(base, 0);
                let freed = if self.c11_zero_size_free {
                    self.mem.free_zero_size(p, site)
                } else {
                    self.mem.free(p, site)
                };
                freed.map_err(|err| Trap::Free { err, via: b })?;
                0
            }
            B::Scratch => self
                .mem
                .alloc(
                    Size::from_bytes(self.arg(base, 0)),
                    Origin::Scratch { site },
                    false,
                )
                .map_or(0, Pointer::to_bits),
            B::VlaSize => {
                let len = self.arg(base, 0) as i64;
                let elem = self.arg(base, 1);
                let bytes = u64::try_from(len)
                    .ok()
                    .filter(|&n| n > 0)
                    .and_then(|n| n.checked_mul(elem))
                    .filter(|&b| b <= crate::mem::MAX_ALLOC);
                match bytes {
                    Some(b) => b,
                    None => return Err(Trap::VlaSize { len, elem }),
                }
            }
            B::VlaAlloc => self
                .stack_alloc(self.arg(base, 0), Some(self.arg(base, 1) as u32), site)?
                .to_bits(),
            B::VaStart => self.va_start()?,
            B::Alloca => self.stack_alloc(self.arg(base, 0), None, site)?.to_bits(),
            B::VaArg => {
                let class = self.arg(base, 1) as u8;
                let v = self.va_arg(self.ptr_arg(base, 0), class, site)?;
                if matches!(class, va::LDOUBLE | va::COMPLEX) {
                    // A wide result goes to the wide register of the result.
                    self.set_xreg(base, crate::num::F80(v));
                }
                v as u64
            }
            B::Exit => return Err(Trap::Exit(self.int_arg(base, 0))),
            B::Abort => return Err(Trap::Abort),
            B::Unreachable | B::BuiltinTrap => {
                return Err(Trap::Unreachable {
                    trap: b == B::BuiltinTrap,
                })
            }
            B::Atexit => match self.prog.func_of_ptr(self.ptr_arg(base, 0)) {
                Some(f) if self.atexit.len() < 32 => {
                    self.atexit.push(f);
                    0
                }
                _ => u64::MAX,
            },
            B::AssertFail => {
                let expr =
                    String::from_utf8_lossy(&self.c_string(self.ptr_arg(base, 0), b)?).into_owned();
                let file =
                    String::from_utf8_lossy(&self.c_string(self.ptr_arg(base, 1), b)?).into_owned();
                let line = self.int_arg(base, 2) as u32;
                let func =
                    String::from_utf8_lossy(&self.c_string(self.ptr_arg(base, 3), b)?).into_owned();
                return Err(Trap::AssertFail {
                    expr,
                    file,
                    line,
                    func,
                });
            }
            _ => crate::bug!("`{}` does not belong here", b.name()),
        })
    }

    /// Number conversions, `abs` and `rand`.
    pub(super) fn conversion_builtin(&mut self, b: Builtin, base: usize, _nargs: usize) -> BResult {
        use Builtin as B;
        let site = self.user_site();
        Ok(match b {
            B::Atoi | B::Atol | B::Atoll => {
                let s = self.c_string(self.ptr_arg(base, 0), b)?;
                let v = match format::parse_c_int(&s, 10) {
                    Some((v, neg, _)) => {
                        let v = v.min(u128::from(u64::MAX)) as u64;
                        if neg {
                            v.wrapping_neg()
                        } else {
                            v
                        }
                    }
                    None => 0,
                };
                if b == B::Atoi {
                    v as i32 as i64 as u64
                } else {
                    v
                }
            }
            B::Strtol | B::Strtoll | B::Strtoul | B::Strtoull => {
                let p = self.ptr_arg(base, 0);
                let endp = self.ptr_arg(base, 1);
                let base_n = self.int_arg(base, 2);
                if base_n != 0 && !(2..=36).contains(&base_n) {
                    self.set_errno(22);
                    return Ok(0);
                }
                let s = self.c_string(p, b)?;
                let signed = matches!(b, B::Strtol | B::Strtoll);
                let (v, used) = match format::parse_c_int(&s, base_n as u32) {
                    Some((mag, neg, used)) => {
                        let v = if signed {
                            let lim = if neg { 1u128 << 63 } else { (1u128 << 63) - 1 };
                            if mag > lim {
                                self.set_errno(34);
                                if neg {
                                    i64::MIN as u64
                                } else {
                                    i64::MAX as u64
                                }
                            } else if neg {
                                (mag as u64).wrapping_neg()
                            } else {
                                mag as u64
                            }
                        } else if mag > u128::from(u64::MAX) {
                            self.set_errno(34);
                            u64::MAX
                        } else if neg {
                            (mag as u64).wrapping_neg()
                        } else {
                            mag as u64
                        };
                        (v, used)
                    }
                    None => (0, 0),
                };
                if !endp.is_null() {
                    let end = p.offset_by(used as i64);
                    self.mem
                        .store(endp, Scalar::Ptr, end.to_bits(), site)
                        .map_err(mem_err(b, true))?;
                }
                v
            }
            B::Atof | B::Strtod | B::Strtof | B::Strtold => {
                let p = self.ptr_arg(base, 0);
                let s = self.c_string(p, b)?;
                let (v, used) = format::parse_c_float(&s).unwrap_or((0.0, 0));
                let text = &s[..used.min(s.len())];
                if b == B::Strtold {
                    // The result goes to the wide register of the result.
                    self.set_xreg(base, long_double_of(text, v));
                }
                // strtof rounds the text to float once (through double would round twice).
                let f = (b == B::Strtof).then(|| {
                    std::str::from_utf8(text)
                        .ok()
                        .and_then(|t| t.trim_start().parse::<f32>().ok())
                        .unwrap_or(v as f32)
                });
                let range_of = f.map_or(v, f64::from);
                let out = if b == B::Strtold {
                    // Only an overflow of the wider range (a subnormal double is a normal
                    // `long double`).
                    self.xreg(base).is_infinite() && out_of_range(text, f64::INFINITY)
                } else {
                    out_of_range(text, range_of)
                };
                if b != B::Atof && out {
                    self.set_errno(34); // ERANGE, as glibc sets it
                }
                if b != B::Atof {
                    let endp = self.ptr_arg(base, 1);
                    if !endp.is_null() {
                        let end = p.offset_by(used as i64).to_bits();
                        self.mem
                            .store(endp, Scalar::Ptr, end, site)
                            .map_err(mem_err(b, true))?;
                    }
                }
                match f {
                    Some(f) => u64::from(f.to_bits()),
                    None => v.to_bits(),
                }
            }
            B::Abs => {
                let v = self.int_arg(base, 0);
                match v.checked_abs() {
                    Some(r) => r as i64 as u64,
                    None => {
                        return Err(Trap::SignedOverflow {
                            op: "abs",
                            a: i64::from(v),
                            b: 0,
                            ty: "int",
                        })
                    }
                }
            }
            B::Labs | B::Llabs => {
                let v = self.arg(base, 0) as i64;
                match v.checked_abs() {
                    Some(r) => r as u64,
                    None => {
                        return Err(Trap::SignedOverflow {
                            op: "abs",
                            a: v,
                            b: 0,
                            ty: "long",
                        })
                    }
                }
            }
            B::Rand => self.rand_state.next_value() as u64,
            B::Srand => {
                self.rand_state = RandState::new(self.arg(base, 0) as u32);
                0
            }
            _ => crate::bug!("`{}` does not belong here", b.name()),
        })
    }
}

/// Whether `strtod` of `text` (the bytes it used) overflowed to infinity or underflowed
/// to a subnormal or zero from a nonzero number: glibc sets `ERANGE` then.
fn out_of_range(text: &[u8], v: f64) -> bool {
    let lower = text.to_ascii_lowercase();
    let named = lower.windows(3).any(|w| w == b"inf" || w == b"nan");
    let mantissa_end = if lower.windows(2).any(|w| w == b"0x") {
        lower.iter().position(|&c| c == b'p').unwrap_or(lower.len())
    } else {
        lower.iter().position(|&c| c == b'e').unwrap_or(lower.len())
    };
    let hex = lower.windows(2).any(|w| w == b"0x");
    let nonzero = lower[..mantissa_end].iter().any(|&c| match c {
        b'1'..=b'9' => true,
        b'a'..=b'f' => hex,
        _ => false,
    });
    !named && (v.is_infinite() || (nonzero && (v == 0.0 || v.is_subnormal())))
}
