//! Numeric conversions as gcc's x86-64 code performs them, shared by the dispatch loop
//! and the library functions.

use crate::mem::Scalar;

/// 2^63 as a double.
const TWO_63: f64 = 9_223_372_036_854_775_808.0;

/// Float to integer conversion as gcc's x86-64 code does it (`cvttsd2si`): truncation;
/// NaN and out-of-range values give the "integer indefinite" value.
pub fn float_to_int_x86(x: f64, to: Scalar) -> u64 {
    match to {
        Scalar::Bool => u64::from(x != 0.0),
        Scalar::I64 => {
            if x.is_nan() || !(-TWO_63..TWO_63).contains(&x) {
                i64::MIN as u64
            } else {
                x as i64 as u64
            }
        }
        Scalar::U64 | Scalar::Ptr => {
            if x.is_nan() {
                1u64 << 63
            } else if x >= TWO_63 {
                if x >= 2.0 * TWO_63 {
                    1u64 << 63
                } else {
                    ((x - TWO_63) as i64 as u64) ^ (1u64 << 63)
                }
            } else if x < -TWO_63 {
                1u64 << 63
            } else {
                x as i64 as u64
            }
        }
        _ => {
            // 32-bit and narrower: via a 32-bit conversion (int, unsigned via 64-bit).
            let v: i64 = match to {
                Scalar::U32 => {
                    let w = float_to_int_x86(x, Scalar::I64) as i64;
                    w as u32 as i64
                }
                _ => {
                    if x.is_nan() || !(-2_147_483_648.0..2_147_483_648.0).contains(&x) {
                        i64::from(i32::MIN)
                    } else {
                        x as i32 as i64
                    }
                }
            };
            match to {
                Scalar::I8 => v as i8 as i64 as u64,
                Scalar::U8 => v as u8 as u64,
                Scalar::I16 => v as i16 as i64 as u64,
                Scalar::U16 => v as u16 as u64,
                Scalar::U32 => v as u32 as u64,
                _ => v as i32 as i64 as u64,
            }
        }
    }
}
