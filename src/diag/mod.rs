//! Diagnostics: the one enum of codes and the one diagnostic type every stage reports with.
//!
//! Stages produce [`Diagnostic`] values (compile-time problems directly, runtime problems
//! through `crate::explain`); rendering to the terminal, JSON Lines or SARIF is in
//! [`render`]. Nothing else in the crate writes prose about an error.

pub mod render;

use crate::source::Span;

/// Every diagnostic code cmem reports. The string forms are stable: they are part of the
/// product contract (SPEC §2) and of the golden tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    UninitRead,
    ZeroSizeAlloc,
    ZeroSizeAccess,
    ZeroSizeFree,
    UseAfterFree,
    DoubleFree,
    InvalidFree,
    OutOfBounds,
    NullDereference,
    DanglingStack,
    InvalidPointer,
    OverlappingCopy,
    DivisionByZero,
    SignedOverflow,
    InvalidShift,
    MemoryLeak,
    StackOverflow,
    StepLimit,
    SyntaxError,
    TypeError,
    Undeclared,
    Unsupported,
    /// A write to a string literal or another read-only object.
    ReadOnlyWrite,
    /// `abort()` or a failed `assert`.
    Abort,
    /// A call through a function pointer whose type does not match the function.
    BadCall,
    /// The program's output exceeded the output limit.
    OutputLimit,
    /// A variable-length array whose length is not positive (or whose size is too large).
    VlaSize,
    /// The program's objects need more memory than `--heap-limit` allows.
    MemoryLimit,
    /// The run was interrupted (Ctrl-C in the REPL).
    Interrupted,
    /// More diagnostics than `--max-diagnostics` allows: the rest are not shown.
    DiagnosticLimit,
    /// At exit, a `FILE` the program opened and never closed.
    ResourceLeak,
    /// At exit, a block never freed that a global still points to (a warning, as
    /// Valgrind and LeakSanitizer count it).
    StillReachable,
    /// `fclose` of a stream already closed.
    DoubleClose,
    /// A use of a stream after `fclose`.
    UseAfterClose,
}

impl Code {
    pub const ALL: [Code; 34] = [
        Code::UninitRead,
        Code::ZeroSizeAlloc,
        Code::ZeroSizeAccess,
        Code::ZeroSizeFree,
        Code::UseAfterFree,
        Code::DoubleFree,
        Code::InvalidFree,
        Code::OutOfBounds,
        Code::NullDereference,
        Code::DanglingStack,
        Code::InvalidPointer,
        Code::OverlappingCopy,
        Code::DivisionByZero,
        Code::SignedOverflow,
        Code::InvalidShift,
        Code::MemoryLeak,
        Code::StackOverflow,
        Code::StepLimit,
        Code::SyntaxError,
        Code::TypeError,
        Code::Undeclared,
        Code::Unsupported,
        Code::ReadOnlyWrite,
        Code::Abort,
        Code::BadCall,
        Code::OutputLimit,
        Code::MemoryLimit,
        Code::VlaSize,
        Code::Interrupted,
        Code::DiagnosticLimit,
        Code::ResourceLeak,
        Code::StillReachable,
        Code::DoubleClose,
        Code::UseAfterClose,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::UninitRead => "uninit-read",
            Code::ZeroSizeAlloc => "zero-size-alloc",
            Code::ZeroSizeAccess => "zero-size-access",
            Code::ZeroSizeFree => "zero-size-free",
            Code::UseAfterFree => "use-after-free",
            Code::DoubleFree => "double-free",
            Code::InvalidFree => "invalid-free",
            Code::OutOfBounds => "out-of-bounds",
            Code::NullDereference => "null-dereference",
            Code::DanglingStack => "dangling-stack",
            Code::InvalidPointer => "invalid-pointer",
            Code::OverlappingCopy => "overlapping-copy",
            Code::DivisionByZero => "division-by-zero",
            Code::SignedOverflow => "signed-overflow",
            Code::InvalidShift => "invalid-shift",
            Code::MemoryLeak => "memory-leak",
            Code::StackOverflow => "stack-overflow",
            Code::StepLimit => "step-limit",
            Code::SyntaxError => "syntax-error",
            Code::TypeError => "type-error",
            Code::Undeclared => "undeclared",
            Code::Unsupported => "unsupported",
            Code::ReadOnlyWrite => "read-only-write",
            Code::Abort => "abort",
            Code::BadCall => "bad-call",
            Code::OutputLimit => "output-limit",
            Code::MemoryLimit => "memory-limit",
            Code::VlaSize => "vla-size",
            Code::Interrupted => "interrupted",
            Code::DiagnosticLimit => "diagnostic-limit",
            Code::ResourceLeak => "resource-leak",
            Code::StillReachable => "still-reachable",
            Code::DoubleClose => "double-close",
            Code::UseAfterClose => "use-after-close",
        }
    }

    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == s)
    }

    /// The severity a code has unless `--allow/--warn/--deny` changes it.
    pub fn default_severity(self) -> Severity {
        match self {
            Code::ZeroSizeAlloc | Code::DiagnosticLimit | Code::StillReachable => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// Whether the diagnostic is found before the program runs.
    pub fn is_compile_time(self) -> bool {
        matches!(
            self,
            Code::SyntaxError | Code::TypeError | Code::Undeclared | Code::Unsupported
        )
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary span with its explanation ("allocated here (8 bytes)").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One frame of a runtime call stack, innermost first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackFrame {
    pub function: String,
    pub span: Span,
    /// How many identical frames in a row this entry stands for (recursion).
    pub repeated: u32,
}

impl StackFrame {
    pub fn new(function: String, span: Span) -> StackFrame {
        StackFrame {
            function,
            span,
            repeated: 1,
        }
    }
}

/// Folds runs of identical frames and keeps a long stack readable: the innermost frames,
/// then the outermost ones.
pub fn compress_stack(frames: Vec<StackFrame>) -> Vec<StackFrame> {
    let mut out: Vec<StackFrame> = Vec::new();
    for f in frames {
        match out.last_mut() {
            Some(l) if l.function == f.function && l.span == f.span => l.repeated += f.repeated,
            _ => out.push(f),
        }
    }
    const INNER: usize = 12;
    const OUTER: usize = 4;
    if out.len() > INNER + OUTER + 1 {
        let hidden: u32 = out[INNER..out.len() - OUTER]
            .iter()
            .map(|f| f.repeated)
            .sum();
        let span = out[INNER].span;
        let tail = out.split_off(out.len() - OUTER);
        out.truncate(INNER);
        out.push(StackFrame {
            function: format!("... {hidden} more frames ..."),
            span,
            repeated: 0,
        });
        out.extend(tail);
    }
    out
}

/// The leak analysis' classification of a lost block (SPEC §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LeakKind {
    DefinitelyLost,
    IndirectlyLost,
    StillReachable,
}

impl LeakKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LeakKind::DefinitelyLost => "definitely-lost",
            LeakKind::IndirectlyLost => "indirectly-lost",
            LeakKind::StillReachable => "still-reachable",
        }
    }
}

/// Extra facts of a memory-leak diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeakInfo {
    pub kind: LeakKind,
    /// Total bytes of the blocks this report covers.
    pub size: u64,
    /// Number of blocks this report covers.
    pub blocks: u64,
}

/// A diagnostic, independent of how it is rendered.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    /// The label on the primary span, if it says more than the message.
    pub primary_label: Option<String>,
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    /// The clause of C11 the program broke, e.g. "C11 §7.22.3.3p2".
    pub standard: Option<&'static str>,
    pub stack: Vec<StackFrame>,
    pub leak: Option<LeakInfo>,
}

impl Diagnostic {
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            span,
            primary_label: None,
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
            standard: None,
            stack: Vec::new(),
            leak: None,
        }
    }

    pub fn primary(mut self, label: impl Into<String>) -> Diagnostic {
        self.primary_label = Some(label.into());
        self
    }

    pub fn label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn standard(mut self, clause: &'static str) -> Diagnostic {
        self.standard = Some(clause);
        self
    }

    /// In-place forms of the builders, for a diagnostic already pushed to a list.
    pub fn push_note(&mut self, note: impl Into<String>) -> &mut Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn push_label(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Lint levels from `--allow/--warn/--deny`.
#[derive(Clone, Debug, Default)]
pub struct LintLevels {
    levels: Vec<(Code, Option<Severity>)>,
}

impl LintLevels {
    /// `None` allows (silences) the code.
    pub fn set(&mut self, code: Code, level: Option<Severity>) {
        self.levels.retain(|(c, _)| *c != code);
        self.levels.push((code, level));
    }

    /// The level the user set for a code: `Some(None)` when it is allowed, `None` when
    /// it was not set.
    pub fn explicit(&self, code: Code) -> Option<Option<Severity>> {
        self.levels
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, l)| *l)
    }

    /// The severity of a code after the lint levels, or `None` when it is allowed.
    pub fn level(&self, code: Code) -> Option<Severity> {
        self.explicit(code).unwrap_or(Some(code.default_severity()))
    }

    /// A diagnostic as the levels say to report it: a code the user set gets that level
    /// (every diagnostic of it, warnings included); `None` when it is allowed.
    pub fn apply(&self, mut d: Diagnostic) -> Option<Diagnostic> {
        match self.explicit(d.code) {
            Some(None) => None,
            Some(Some(level)) => {
                d.severity = level;
                Some(d)
            }
            None => Some(d),
        }
    }
}
