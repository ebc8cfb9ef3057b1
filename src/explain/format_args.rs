//! A printf or scanf conversion given an argument of another type (`Trap::FormatArg`):
//! the argument and the conversion, each with its label.

use super::Explain;
use crate::diag::{Code, Diagnostic, Label};
use crate::eval::format::check::Wanted;
use crate::sema::builtins::fmt::{ArgClass, Pointee};
use crate::source::Span;

impl Explain<'_> {
    pub(super) fn format_arg(
        &self,
        check: u32,
        arg: usize,
        want: &Wanted,
        span: Span,
    ) -> Diagnostic {
        let Some(chk) = self.m.prog.format_checks.get(check as usize) else {
            return Diagnostic::new(Code::BadCall, span, "a format argument of the wrong type");
        };
        let name = chk.b.name();
        let scanf = !chk.b.is_formatted_output();
        let ty = chk
            .types
            .get(arg)
            .map(|&t| self.prog.types.display(t, self.interner))
            .unwrap_or_else(|| "?".into());
        let a_ty = format!("{} `{ty}`", article(&ty));
        let conv = if want.conv == "*" {
            "a `*` width or precision".to_string()
        } else {
            format!("`{}`", want.conv)
        };
        let position = arg + chk.fmt + 2;
        let arg_span = chk.spans.get(arg).copied().unwrap_or(span);
        let mut d = Diagnostic::new(
            Code::BadCall,
            arg_span,
            format!(
                "`{name}`'s {conv} needs {}, but argument {position} is {a_ty}",
                want.need.describe()
            ),
        )
        .primary(format!("this is {a_ty}"))
        .standard(if scanf {
            "C11 §7.21.6.2p10"
        } else {
            "C11 §7.21.6.1p9"
        })
        .note(format!(
            "a conversion given an argument of another type is undefined behaviour: `{name}` would read {} where the call passed {a_ty}",
            want.need.describe()
        ));
        let conv_span = if chk.literal {
            self.conversion_span(chk.fmt_span, want.nth)
        } else {
            None
        };
        d.labels.push(Label {
            span: conv_span.unwrap_or(chk.fmt_span),
            message: format!("{conv} takes {}", want.need.describe()),
        });
        let class = chk.classes.get(arg).copied().unwrap_or(ArgClass::Other);
        d.help = Some(match suggestion(class, scanf) {
            Some(s) => {
                format!("use {s} for {a_ty}, or convert the argument to the type {conv} takes")
            }
            None => format!("pass {} to {conv}", want.need.describe()),
        });
        d
    }

    /// The span of conversion `nth` (`%` to its letter) in the string literal at `lit`.
    fn conversion_span(&self, lit: Span, nth: usize) -> Option<Span> {
        let text = self.sm.snippet(lit).as_bytes();
        let mut count = 0;
        let mut i = 0;
        while i < text.len() {
            if text[i] != b'%' {
                i += 1;
                continue;
            }
            if text.get(i + 1) == Some(&b'%') {
                i += 2;
                continue;
            }
            let start = i;
            i += 1;
            while text
                .get(i)
                .is_some_and(|c| b"-+ #0'123456789.*hlLqjzt$".contains(c))
            {
                i += 1;
            }
            i += 1;
            if count == nth {
                let end = i.min(text.len());
                return Some(Span {
                    lo: lit.lo + start as u32,
                    hi: lit.lo + end as u32,
                    ..lit
                });
            }
            count += 1;
        }
        None
    }
}

/// "a" or "an" before a type's name.
fn article(ty: &str) -> &'static str {
    if ty.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The conversion for an argument of class `class`.
fn suggestion(class: ArgClass, scanf: bool) -> Option<&'static str> {
    Some(match (class, scanf) {
        (ArgClass::Int, false) => "`%d` (`%u` if unsigned)",
        (ArgClass::Long, false) => "`%ld` (`%zu` for a `size_t`, `%lld` for a `long long`)",
        (ArgClass::Double, false) => "`%f` or `%g`",
        (ArgClass::LongDouble, false) => "`%Lf` or `%Lg`",
        (ArgClass::Pointer(Pointee::Char), false) => "`%s` for a string, `%p` for the address",
        (ArgClass::Pointer(_), false) => "`%p`",
        (ArgClass::Pointer(p), true) => match p {
            Pointee::Char => "`%s` (or `%c`)",
            Pointee::Short => "`%hd`",
            Pointee::Int => "`%d`",
            Pointee::Long => "`%ld`",
            Pointee::Float => "`%f`",
            Pointee::Double => "`%lf`",
            Pointee::LongDouble => "`%Lf`",
            _ => return None,
        },
        _ => return None,
    })
}
