//! Scalars as the memory model stores them: what one load or store reads or writes.

/// How a scalar is stored: what a load or store of the type reads or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scalar {
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
    F32,
    F64,
    Ptr,
    /// `_Bool`: one byte holding 0 or 1.
    Bool,
    /// `long double`: 10 bytes of x87 extended precision (in a 16-byte object). Not a
    /// register value: it is loaded and stored with `Memory::load_wide`/`store_wide`.
    F80,
    /// `float _Complex` and `double _Complex`: two floats, two doubles (in a wide
    /// register, like `F80`).
    C32,
    C64,
}

impl Scalar {
    pub const fn size(self) -> u64 {
        match self {
            Scalar::I8 | Scalar::U8 | Scalar::Bool => 1,
            Scalar::I16 | Scalar::U16 => 2,
            Scalar::I32 | Scalar::U32 | Scalar::F32 => 4,
            Scalar::I64 | Scalar::U64 | Scalar::F64 | Scalar::Ptr => 8,
            Scalar::F80 => 10,
            Scalar::C32 => 8,
            Scalar::C64 => 16,
        }
    }

    pub fn is_signed_int(self) -> bool {
        matches!(self, Scalar::I8 | Scalar::I16 | Scalar::I32 | Scalar::I64)
    }

    /// Held in a wide register (see `eval::wide`), not a register.
    pub fn is_wide(self) -> bool {
        matches!(self, Scalar::F80 | Scalar::C32 | Scalar::C64)
    }

    pub fn is_complex(self) -> bool {
        matches!(self, Scalar::C32 | Scalar::C64)
    }

    /// A real floating type.
    pub fn is_float(self) -> bool {
        matches!(self, Scalar::F32 | Scalar::F64 | Scalar::F80)
    }
}

/// A bit-field's bits in its storage unit: `unit` bytes (1, 2, 4 or 8) at the access's
/// address, of which bits `bit..bit + width` (counted from the least significant) are the
/// field; `signed`: its value is sign-extended when read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BitField {
    pub unit: u8,
    pub bit: u8,
    pub width: u8,
    pub signed: bool,
}

impl BitField {
    /// The field's bits within its unit.
    pub fn mask(self) -> u64 {
        let m = if self.width >= 64 {
            u64::MAX
        } else {
            (1u64 << self.width) - 1
        };
        m << self.bit
    }

    /// A value as the field holds it: truncated to its width, then sign- or zero-extended.
    pub fn truncate(self, v: u64) -> u64 {
        let shift = 64 - u32::from(self.width);
        if self.signed {
            (((v << shift) as i64) >> shift) as u64
        } else {
            (v << shift) >> shift
        }
    }
}
