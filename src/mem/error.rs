//! Why the memory model refused an access, a free or an allocation, as data: the
//! explanation in words is written above the machine (`explain`).

use std::fmt;

use super::pointer::{AllocId, Offset, Pointer, Size};

/// Why an access or a free was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemError {
    /// Through NULL (or NULL plus a small offset).
    Null {
        off: i64,
    },
    /// Through a value that points to no object.
    Invalid {
        ptr: Pointer,
    },
    UseAfterFree {
        id: AllocId,
        off: Offset,
        size: Size,
    },
    /// Through a pointer to a local whose function returned.
    Dangling {
        id: AllocId,
        off: Offset,
        size: Size,
    },
    /// Outside a live object: `off..off + size` is not inside it.
    OutOfBounds {
        id: AllocId,
        off: i64,
        size: Size,
    },
    /// Outside the sub-object array a pointer was derived from (`view`), though perhaps
    /// inside its allocation `id`: `off..off + size` (offsets in the allocation) is not
    /// inside the view.
    OutOfSubobject {
        id: AllocId,
        off: i64,
        size: Size,
        view: super::View,
    },
    /// Through a pointer that arithmetic moved 2 GiB or more away from its object.
    Wild {
        id: AllocId,
        size: Size,
    },
    ZeroSize {
        id: AllocId,
    },
    /// `first` is the first unwritten byte of the access `off..off + size`.
    Uninit {
        id: AllocId,
        off: u64,
        size: Size,
        first: u64,
    },
    ReadOnly {
        id: AllocId,
        off: i64,
    },
    /// A data access through a pointer to a function or a stream.
    NotData {
        id: AllocId,
    },
    DoubleFree {
        id: AllocId,
    },
    /// Free of something malloc did not return.
    InvalidFree {
        ptr: Pointer,
    },
    ZeroSizeFree {
        id: AllocId,
    },
    /// A stream used after `fclose`.
    UseAfterClose {
        id: AllocId,
    },
    /// `fclose` of a stream already closed.
    DoubleClose {
        id: AllocId,
    },
    /// A `FILE *` argument that points to no stream.
    NotStream {
        ptr: Pointer,
    },
}

impl MemError {
    /// The allocation the error is about, when it is one.
    pub fn alloc_id(&self) -> Option<AllocId> {
        match *self {
            MemError::Null { .. } => None,
            MemError::Invalid { ptr }
            | MemError::InvalidFree { ptr }
            | MemError::NotStream { ptr } => ptr.alloc_id(),
            MemError::UseAfterFree { id, .. }
            | MemError::Dangling { id, .. }
            | MemError::OutOfBounds { id, .. }
            | MemError::OutOfSubobject { id, .. }
            | MemError::Wild { id, .. }
            | MemError::ZeroSize { id }
            | MemError::Uninit { id, .. }
            | MemError::ReadOnly { id, .. }
            | MemError::NotData { id }
            | MemError::DoubleFree { id }
            | MemError::ZeroSizeFree { id }
            | MemError::UseAfterClose { id }
            | MemError::DoubleClose { id } => Some(id),
        }
    }
}

/// A failed [`super::Memory::copy`]: the error, and whether it was the destination (a
/// write).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CopyError {
    pub err: MemError,
    pub write: bool,
}

/// Why an allocation could not be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocError {
    /// Larger than [`super::MAX_ALLOC`].
    TooLarge { size: Size },
    /// The memory limit would be exceeded.
    MemoryLimit { size: Size, limit: u64 },
    /// Every allocation id is in use.
    OutOfIds,
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Offset::At(n) => write!(f, "offset {n}"),
            Offset::Wild => f.write_str("an offset 2 GiB or more away"),
        }
    }
}
