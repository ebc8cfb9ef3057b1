//! Streams explained: a `FILE` used or closed after `fclose`, and the streams still open
//! at exit (`resource-leak`), with where each was opened, closed and lost.

use super::*;

impl Explain<'_> {
    /// One `resource-leak` per `fopen` site whose streams are still open at exit: the file,
    /// and where the last pointer to the stream was lost (or the global that still has it).
    pub fn resource_leaks(&self) -> Vec<Diagnostic> {
        let mut groups: Vec<(Site, Vec<(AllocId, &Allocation)>)> = Vec::new();
        for (id, a) in self.m.mem.open_streams() {
            let site = a.origin().site().unwrap_or(crate::mem::NO_SITE);
            match groups.iter_mut().find(|g| g.0 == site) {
                Some(g) => g.1.push((id, a)),
                None => groups.push((site, vec![(id, a)])),
            }
        }
        let mut out = Vec::new();
        for (site, streams) in groups {
            let span = self.site_span(site).unwrap_or_default();
            let call = self.alloc_call_name(site).unwrap_or("fopen");
            let (id, first) = streams[0];
            let file = match self.m.io.files.get(&id).and_then(|f| f.path.as_deref()) {
                Some(path) => format!("`{path}`"),
                None => "a temporary file".into(),
            };
            let message = match streams.len() {
                1 => format!("resource leak: the stream of {file} opened here is never closed"),
                n => format!("resource leak: {n} streams opened here are never closed"),
            };
            let mut d = Diagnostic::new(Code::ResourceLeak, span, message)
                .primary(format!("opened by {call}"));
            if first.refs() == 0 {
                if let Some(label) = first.lost_at().and_then(|s| self.lost_label(s, site)) {
                    d.labels.push(label);
                }
                d.notes
                    .push("no pointer to it remains: it can no longer be closed".into());
            } else if let Some((name, gspan)) = self.global_pointing_to(id) {
                d.labels.push(Label {
                    span: gspan,
                    message: format!("the global `{name}` still points to it at exit"),
                });
            }
            d.help = Some(
                "close the stream with fclose() once it is no longer needed (each fopen needs one fclose)"
                    .into(),
            );
            d.standard = Some("C11 §7.21.5.1");
            out.push(d);
        }
        out
    }

    /// A stream used, or closed again, after `fclose`.
    pub(super) fn closed_stream(
        &self,
        err: MemError,
        id: AllocId,
        via: Option<Builtin>,
        span: Span,
    ) -> Diagnostic {
        let (_, mut labels) = self.describe(id);
        let name = via.map_or("a stream function", Builtin::name);
        let again = matches!(err, MemError::DoubleClose { .. });
        if let Some(sp) = self
            .obj(id)
            .and_then(|a| a.ended_at)
            .and_then(|end| self.site_span(end))
        {
            labels.push(Label {
                span: sp,
                message: if again {
                    "first closed here"
                } else {
                    "closed here"
                }
                .into(),
            });
        }
        let mut d = if again {
            Diagnostic::new(
                Code::DoubleClose,
                span,
                "`fclose` of a stream that was already closed",
            )
            .primary("closed a second time here")
            .help("close each stream exactly once; set the pointer to NULL after closing it")
        } else {
            Diagnostic::new(
                Code::UseAfterClose,
                span,
                format!("`{name}` on a stream that was already closed"),
            )
            .primary("this stream was closed before")
            .help("do not use a FILE after fclose; set the pointer to NULL after closing it")
        }
        .standard("C11 §7.21.3p4");
        d.labels.extend(labels);
        d
    }
}
