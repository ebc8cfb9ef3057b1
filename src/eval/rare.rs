//! The instructions the dispatch loop leaves to a call, to keep its own code small: the
//! sub-object bounds (`Narrow`, `Widen`), the check of a printf or scanf call's arguments
//! against its format (`CheckFormat`), and the `long double` ones (`wide.rs`).

use super::vm::{Machine, Trap, REG_FILE};
use crate::bytecode::insn::Insn;
use crate::eval::format::check::{printf_wants, scanf_wants};
use crate::mem::{Pointer, Site};

/// The state of the instructions left to this file.
#[derive(Clone, Debug, Default)]
pub(crate) struct RareState {
    /// The printf and scanf calls with a literal format whose arguments were checked
    /// (`CompiledProgram::format_checks`): they are not checked again.
    pub(crate) formats_checked: Vec<bool>,
    /// Views filled the memory limit even after a collection (see `bounds.rs`).
    pub(crate) views_full: bool,
}

impl Machine {
    /// The instructions the dispatch loop leaves to a call: `Narrow`, `Widen`,
    /// `CheckFormat` and the `long double` ones.
    #[inline(never)]
    pub(super) fn rare_insn(&mut self, insn: Insn, bp: usize, site: Site) -> Result<(), Trap> {
        let reg = |r: u16| (bp + r as usize) & (REG_FILE - 1);
        match insn {
            Insn::Narrow { d, s, sub } => {
                self.regs[reg(d)] = self.narrow(Pointer::from_bits(self.regs[reg(s)]), sub);
            }
            Insn::Widen { d, s } => {
                self.regs[reg(d)] = self
                    .mem
                    .canonical(Pointer::from_bits(self.regs[reg(s)]))
                    .to_bits();
            }
            Insn::CheckFormat { args, k } => self.check_format(bp + args as usize, k)?,
            Insn::Stmt => self.at_statement(site)?,
            _ => return self.wide_insn(insn, bp, site),
        }
        Ok(())
    }

    /// `CheckFormat`: the arguments at `base` of call `k` against its format. A format that
    /// cannot be read is the call's to report; a literal one is checked once.
    fn check_format(&mut self, base: usize, k: u32) -> Result<(), Trap> {
        let Some(chk) = self.prog.format_checks.get(k as usize) else {
            return Ok(());
        };
        if chk.literal
            && self
                .rare
                .formats_checked
                .get(k as usize)
                .is_some_and(|&ok| ok)
        {
            return Ok(());
        }
        let (b, literal) = (chk.b, chk.literal);
        let p = Pointer::from_bits(self.arg(base, chk.fmt));
        let Ok(fmt) = self.c_string(p, b) else {
            return Ok(());
        };
        let chk = &self.prog.format_checks[k as usize];
        let wants = if b.is_formatted_output() {
            printf_wants(&fmt)
        } else {
            scanf_wants(&fmt)
        };
        for w in wants.into_iter().flatten() {
            if let Some(&class) = chk.classes.get(w.arg) {
                if !w.need.accepts(class) {
                    return Err(Trap::FormatArg {
                        check: k,
                        arg: w.arg,
                        want: w,
                    });
                }
            }
        }
        if literal {
            if self.rare.formats_checked.len() <= k as usize {
                self.rare.formats_checked.resize(k as usize + 1, false);
            }
            self.rare.formats_checked[k as usize] = true;
        }
        Ok(())
    }
}
