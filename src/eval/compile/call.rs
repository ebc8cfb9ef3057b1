//! What a call passes besides its arguments: the classes of a variadic call's arguments
//! (for `va_arg`), and the check of a printf or scanf call's arguments against its format.

use super::*;
use crate::sema::builtins::{va, Builtin};

impl FnCompiler<'_> {
    /// Before a call of printf or scanf (or their kin): the check of its arguments
    /// against its format.
    pub(super) fn format_check(&mut self, b: Builtin, args: &[Expr], args_r: R) {
        use Builtin as B;
        let fmt = match b {
            B::Printf | B::Scanf => 0,
            B::Fprintf | B::Sprintf | B::Fscanf | B::Sscanf => 1,
            B::Snprintf => 2,
            _ => return,
        };
        let Some(f) = args.get(fmt) else { return };
        let rest = &args[fmt + 1..];
        // (The format is a literal when it is one after the conversion to `const char *`.)
        let mut lit = f;
        while let ExprKind::Cast(_, x) | ExprKind::Decay(x) = &lit.kind {
            lit = x;
        }
        let check = crate::bytecode::FormatCheck {
            b,
            fmt,
            literal: matches!(lit.kind, ExprKind::Str(_)),
            fmt_span: f.span,
            classes: rest
                .iter()
                .map(|a| crate::sema::builtins::fmt::class_of(self.types(), a.ty))
                .collect(),
            types: rest.iter().map(|a| a.ty).collect(),
            spans: rest.iter().map(|a| a.span).collect(),
        };
        let k = self.cp.format_checks.len() as u32;
        self.cp.format_checks.push(check);
        self.span = f.span;
        self.emit(Insn::CheckFormat { args: args_r, k });
    }

    /// For a call of a variadic function of the program: the classes of its variadic
    /// arguments (3 bits each, see `sema::builtins::va`), which `va_arg` checks.
    pub(super) fn va_classes(&self, callee: &Callee, args: &[Expr]) -> Option<u64> {
        let fn_ty = match callee {
            Callee::Direct(f) => {
                let func = &self.prog.functions[f.0 as usize];
                if func.builtin.is_some() {
                    return None;
                }
                func.ty
            }
            Callee::Indirect(p) => self.types().pointee(p.ty)?.ty,
        };
        let sig = self.types().fn_sig(fn_ty)?;
        if !sig.variadic {
            return None;
        }
        let word = args
            .iter()
            .skip(sig.params.len())
            .take(va::SLOTS)
            .enumerate()
            .fold(0u64, |w, (i, a)| {
                let class = va::class_of(self.types(), a.ty).unwrap_or(va::ANY);
                w | u64::from(class) << (3 * i)
            });
        Some(word)
    }
}
