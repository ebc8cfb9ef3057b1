//! Runtime errors against a declaration: a variable-length array's length, a `va_arg`
//! against its call, a `longjmp` to a `setjmp` whose function has returned.

use super::*;

impl Explain<'_> {
    /// A variable-length array, a variadic argument or a `jmp_buf` used against its
    /// declaration (or, for a `jmp_buf`, after its `setjmp`'s function returned).
    pub(super) fn declaration_trap(&self, t: &Trap, span: Span) -> Diagnostic {
        match t {
            Trap::VaArg { why, call_site } => {
                let mut d = Diagnostic::new(Code::BadCall, span, why.clone())
                    .primary("this `va_arg`")
                    .help("read each variadic argument with the type it was passed as (after promotion: `int` for `char` and `short`, `double` for `float`), and no more of them than were passed")
                    .standard("C11 §7.16.1.1p2");
                if let Some(s) = self.site_span(*call_site) {
                    d = d.label(s, "the variadic call");
                }
                d
            }
            Trap::VlaSize { len, elem } => {
                let d = if *len <= 0 {
                    Diagnostic::new(
                        Code::VlaSize,
                        span,
                        format!("a variable-length array of length {len}"),
                    )
                    .primary(format!("the length is {len} here"))
                    .help("check the length before declaring the array; it must be at least 1")
                } else {
                    Diagnostic::new(Code::VlaSize, span, format!("a variable-length array of {len} elements of {elem} bytes is too large"))
                        .primary("declared here")
                        .note("cmem's objects are smaller than 2 GiB")
                        .help("allocate a large array with malloc, and check for NULL")
                };
                d.standard("C11 §6.7.6.2p5")
            }
            Trap::LongjmpReturned { setjmp_site, func } => {
                let f = self.func_name(*func);
                let mut d = Diagnostic::new(
                    Code::DanglingStack,
                    span,
                    format!("`longjmp` back into `{f}`, which has already returned"),
                )
                .primary("this longjmp")
                .note("a jmp_buf is valid only while the function that called setjmp is running")
                .help("call longjmp only from functions that the setjmp's function called (and that have not returned to it yet)")
                .standard("C11 §7.13.2.1p2");
                if let Some(s) = self.site_span(*setjmp_site) {
                    d = d.label(s, format!("setjmp was called here, in `{f}`"));
                }
                d
            }
            _ => crate::bug!("{t:?} is not about a declaration"),
        }
    }
}
