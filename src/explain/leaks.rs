//! Leaks explained: one report per allocation site, how each block was lost (definitely,
//! indirectly, still reachable from a global) and where its last pointer went.

use super::*;

impl Explain<'_> {
    /// One diagnostic per allocation site that leaks, in order of allocation: a
    /// `memory-leak` error for its lost blocks, a `still-reachable` warning for those a
    /// global still points to.
    pub fn leaks(&self, leaks: &[Leak]) -> Vec<Diagnostic> {
        let mut groups: Vec<((Site, bool), Vec<&Leak>)> = Vec::new();
        for l in leaks {
            let key = (l.site, l.kind == Reach::StillReachable);
            match groups.iter_mut().find(|g| g.0 == key) {
                Some(g) => g.1.push(l),
                None => groups.push((key, vec![l])),
            }
        }
        let mut out = Vec::new();
        for ((site, reachable), blocks) in groups {
            let span = self.site_span(site).unwrap_or_default();
            let total: u64 = blocks.iter().map(|b| b.size.bytes()).sum();
            let n = blocks.len() as u64;
            let kind = match blocks.iter().map(|b| b.kind).min() {
                Some(Reach::StillReachable) => LeakKind::StillReachable,
                Some(Reach::IndirectlyLost) => LeakKind::IndirectlyLost,
                _ => LeakKind::DefinitelyLost,
            };
            let call = self.alloc_call_name(site).unwrap_or("malloc");
            let what = if n == 1 {
                bytes(total)
            } else {
                format!("{n} blocks ({})", bytes(total))
            };
            let (code, message) = if reachable {
                (
                    Code::StillReachable,
                    format!("still reachable at exit: {what} allocated here are never freed"),
                )
            } else {
                (
                    Code::MemoryLeak,
                    format!("memory leak: {what} allocated here are never freed"),
                )
            };
            let mut d = Diagnostic::new(code, span, message).primary(if n == 1 {
                format!("{} allocated by {call}", bytes(total))
            } else {
                format!("{n} blocks allocated by {call} on this line")
            });
            let count = |k: Reach| blocks.iter().filter(|b| b.kind == k).count() as u64;
            let (dl, il, sr) = (
                count(Reach::DefinitelyLost),
                count(Reach::IndirectlyLost),
                count(Reach::StillReachable),
            );
            if dl > 0 {
                d.notes.push(match (n, dl) {
                    (1, _) => "definitely lost: no pointer to it remains anywhere".into(),
                    (_, 1) => "1 block is definitely lost: no pointer to it remains".into(),
                    _ => format!("{dl} blocks are definitely lost: no pointer to them remains"),
                });
            }
            if il > 0 {
                d.notes.push(format!(
                    "{} indirectly lost: reachable only through other lost blocks",
                    if n == 1 {
                        "it is".to_string()
                    } else {
                        plural(il, "block is", "blocks are")
                    }
                ));
            }
            if sr > 0 {
                for b in blocks
                    .iter()
                    .filter(|b| b.kind == Reach::StillReachable)
                    .take(1)
                {
                    if let Some((name, span)) = self.global_pointing_to(b.id) {
                        d.labels.push(Label {
                            span,
                            message: format!("the global `{name}` still points to it at exit"),
                        });
                    }
                }
                d.notes.push(format!(
                    "{} still reachable from a global variable, but never freed (a warning, as Valgrind and LeakSanitizer count it; `--deny still-reachable` makes it an error)",
                    if n == 1 {
                        "it is".to_string()
                    } else {
                        plural(sr, "block is", "blocks are")
                    }
                ));
            }
            // Where the last pointer was lost (exact sites only, at most three).
            let mut lost_sites: Vec<Site> = Vec::new();
            for b in &blocks {
                if let Some(s) = b.lost_site {
                    if !lost_sites.contains(&s) {
                        lost_sites.push(s);
                    }
                }
            }
            for s in lost_sites.iter().take(3) {
                if let Some(label) = self.lost_label(*s, site) {
                    d.labels.push(label);
                }
            }
            d.help = Some(format!(
                "free the block with free() once it is no longer needed{}",
                if il > 0 {
                    " (and the blocks it points to)"
                } else {
                    ""
                }
            ));
            d.leak = Some(LeakInfo {
                kind,
                size: total,
                blocks: n,
            });
            out.push(d);
        }
        out
    }

    /// A global (directly) holding a pointer into block `id`: its name and declaration.
    pub(super) fn global_pointing_to(&self, id: AllocId) -> Option<(String, Span)> {
        for (gi, g) in self.prog.globals.iter().enumerate() {
            let p = *self.m.prog.global_ptrs.get(gi)?;
            let a = self.m.mem.live(p.alloc_id()?)?;
            if a.pointer_words()
                .any(|off| self.m.mem.canonical(a.pointer_at(off)).alloc_id() == Some(id))
            {
                return Some((g.name.clone(), g.span));
            }
        }
        None
    }

    /// "the last pointer to it was lost here", phrased by what happened at the site.
    /// Whether site `s` is inside a loop of its function (between a backward jump and its
    /// target).
    fn in_loop(&self, s: Site) -> bool {
        let Some(info) = self.m.prog.site(s) else {
            return false;
        };
        let Some(f) = self.m.prog.funcs.get(info.func as usize) else {
            return false;
        };
        let pc = s.wrapping_sub(f.site_base);
        f.code
            .iter()
            .enumerate()
            .any(|(at, insn)| matches!(insn, Insn::Loop { t } if *t <= pc && pc <= at as u32))
    }

    pub(super) fn lost_label(&self, s: Site, alloc_site: Site) -> Option<Label> {
        let info = self.m.prog.site(s)?;
        let span = info.span;
        let func = self.func_name(info.func);
        let insn = self.insn_at(s)?;
        // The statement that made the block, run again by its loop: the pointer got the
        // next iteration's block.
        let again = self.site_span(alloc_site).is_some_and(|a| {
            a.file == span.file && a.lo < span.hi && span.lo < a.hi && self.in_loop(s)
        });
        let message = match insn {
            Insn::MovPtr { d, .. } | Insn::Store { s: d, .. } | Insn::StoreIdx { s: d, .. }
                if again =>
            {
                let name = match insn {
                    Insn::MovPtr { .. } => self.reg_name(info.func, d),
                    _ => None,
                };
                let who = name.map(|n| format!(", `{n}`,")).unwrap_or_default();
                format!("the last pointer to it{who} was overwritten here on the next iteration of the loop, before the block was freed")
            }
            Insn::Ret { .. } | Insn::RetVoid | Insn::RetRecord { .. } => {
                format!("the last pointer to it went out of scope when `{func}` returned")
            }
            Insn::MovPtr { d, .. } => {
                let name = self.reg_name(info.func, d);
                match name {
                    Some(n) => format!("the last pointer to it, `{n}`, was overwritten here"),
                    None => "the last pointer to it was overwritten here".into(),
                }
            }
            Insn::Store { .. }
            | Insn::StoreIdx { .. }
            | Insn::Copy { .. }
            | Insn::Zero { .. }
            | Insn::Uninit { .. }
            | Insn::InitBytes { .. } => "the last pointer to it was overwritten here".into(),
            Insn::Builtin {
                b: Builtin::Free, ..
            } => "the block holding the last pointer to it was freed here".into(),
            Insn::Builtin {
                b: Builtin::Realloc,
                ..
            } if s != alloc_site => {
                "the last pointer to it was in a block that realloc freed here".into()
            }
            Insn::Builtin {
                b: Builtin::Longjmp,
                ..
            } => {
                "the last pointer to it went out of scope when `longjmp` jumped out of its function"
                    .into()
            }
            Insn::Builtin { b, .. } if s == alloc_site => {
                format!("the pointer {} returned was never stored", b.name())
            }
            Insn::Builtin { b, .. } => format!(
                "the last pointer to it was overwritten here by `{}`",
                b.name()
            ),
            Insn::Call { .. } | Insn::CallIndirect { .. } => {
                "the pointer this call returned was never stored".into()
            }
            Insn::Discard { .. } => "the pointer computed here was discarded".into(),
            _ => return None,
        };
        Some(Label { span, message })
    }
}
