//! Rendering of diagnostics: miette's graphical report for people, JSON Lines and SARIF
//! for tools. Only this module formats diagnostics as text.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use serde_json::{json, Value};

use super::{Diagnostic, Severity};
use crate::source::{SourceMap, Span};

/// How human-readable reports look.
#[derive(Clone, Copy, Debug)]
pub struct HumanStyle {
    pub color: bool,
    pub width: usize,
}

impl HumanStyle {
    /// Plain text at a fixed width: for files, pipes and golden tests.
    pub fn plain() -> HumanStyle {
        HumanStyle {
            color: false,
            width: 100,
        }
    }
}

/// The adapter miette renders.
struct Report<'a> {
    d: &'a Diagnostic,
    source: Window,
    labels: Vec<LabeledSpan>,
}

/// The part of a file a report shows. miette finds a span's lines by scanning its source
/// from the start, so it is given only the lines around the labels, with their real
/// offsets and line numbers: rendering a report costs the size of its snippet, not of the
/// file.
struct Window {
    name: String,
    text: String,
    /// Byte offset of `text` in the file.
    start: usize,
    /// 0-based line number of `start`.
    first_line: usize,
}

/// Lines of context kept around the labels (miette shows one).
const WINDOW_MARGIN: u32 = 3;

impl Window {
    /// The lines of `f` from `lo`'s to `hi`'s, with a margin.
    fn new(f: &crate::source::SourceFile, lo: u32, hi: u32) -> Window {
        let first = f.line_col(lo).0.saturating_sub(WINDOW_MARGIN).max(1);
        let last = f.line_col(hi).0.saturating_add(WINDOW_MARGIN + 1);
        let (start, end) = (f.line_start(first), f.line_start(last));
        Window {
            name: f.name.clone(),
            text: f.text.get(start..end).unwrap_or("").to_string(),
            start,
            first_line: first as usize - 1,
        }
    }
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let offset = span
            .offset()
            .checked_sub(self.start)
            .ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::from((offset, span.len()));
        let c = self.text.as_str().read_span(&local, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            c.data(),
            SourceSpan::from((c.span().offset() + self.start, c.span().len())),
            c.line() + self.first_line,
            c.column(),
            // miette's line count runs from the start of its source (it decides which
            // snippets to merge with it): from the file's start, as if it had the file.
            c.line_count() + self.first_line,
        )))
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.d.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h.as_str()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        if self.labels.is_empty() {
            None
        } else {
            Some(&self.source)
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

fn source_span(s: Span) -> SourceSpan {
    SourceSpan::from((s.lo as usize, s.hi.saturating_sub(s.lo) as usize))
}

fn location(sm: &SourceMap, s: Span) -> String {
    let (file, line, col) = sm.locate(s);
    format!("{file}:{line}:{col}")
}

/// Lines longer than this are not shown as source snippets (generated or hostile input).
const MAX_SNIPPET_LINE: usize = 400;

fn line_too_long(sm: &SourceMap, s: Span) -> bool {
    match sm.file(s.file) {
        Some(f) => {
            let (l1, _) = f.line_col(s.lo);
            let (l2, _) = f.line_col(s.hi);
            (l1..=l2.min(l1 + 50)).any(|l| f.line_text(l).len() > MAX_SNIPPET_LINE)
        }
        None => true,
    }
}

/// The report as a person reads it.
pub fn human(d: &Diagnostic, sm: &SourceMap, style: HumanStyle) -> String {
    let file = sm.file(d.span.file).filter(|_| !line_too_long(sm, d.span));
    let mut labels = Vec::new();
    let mut extra_notes = Vec::new();
    if file.is_some() {
        labels.push(LabeledSpan::new_primary_with_span(
            d.primary_label.clone(),
            source_span(d.span),
        ));
        for l in &d.labels {
            if l.span.file == d.span.file && !line_too_long(sm, l.span) {
                labels.push(LabeledSpan::new_with_span(
                    Some(l.message.clone()),
                    source_span(l.span),
                ));
            } else {
                extra_notes.push(format!("{} ({})", l.message, location(sm, l.span)));
            }
        }
    }
    let shown = labels.iter().map(|l| {
        let lo = l.offset() as u32;
        (lo, lo.saturating_add(l.len() as u32))
    });
    let (lo, hi) = shown.fold((u32::MAX, 0), |(a, b), (lo, hi)| (a.min(lo), b.max(hi)));
    let source = match file {
        Some(f) if lo <= hi => Window::new(f, lo, hi),
        _ => Window {
            name: String::new(),
            text: String::new(),
            start: 0,
            first_line: 0,
        },
    };
    let report = Report { d, source, labels };
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut s = String::new();
        handler.render_report(&mut s, &report).map(|_| s)
    }));
    match rendered {
        Ok(Ok(s)) => out = s,
        _ => out.push_str(&format!(
            "{}: {} ({})\n",
            d.code,
            d.message,
            location(sm, d.span)
        )),
    }
    if file.is_none() {
        if let Some(l) = &d.primary_label {
            extra_notes.insert(0, format!("{l} ({})", location(sm, d.span)));
        } else {
            extra_notes.insert(0, format!("at {}", location(sm, d.span)));
        }
        for l in &d.labels {
            extra_notes.push(format!("{} ({})", l.message, location(sm, l.span)));
        }
    }
    let mut tail = String::new();
    for n in d.notes.iter().chain(&extra_notes) {
        tail.push_str(&format!("  note: {n}\n"));
    }
    if let Some(s) = d.standard {
        tail.push_str(&format!("  standard: {s}\n"));
    }
    if !d.stack.is_empty() {
        tail.push_str("  stack:\n");
        for fr in &d.stack {
            if fr.repeated == 0 {
                tail.push_str(&format!("    {}\n", fr.function));
                continue;
            }
            let times = if fr.repeated > 1 {
                format!(" ({} times)", fr.repeated)
            } else {
                String::new()
            };
            tail.push_str(&format!(
                "    in {}{times} at {}\n",
                fr.function,
                location(sm, fr.span)
            ));
        }
    }
    let mut out = out.trim_end().to_string();
    out.push('\n');
    if !tail.is_empty() {
        out.push_str(&tail);
    }
    out
}

fn position(sm: &SourceMap, s: Span) -> (String, u32, u32) {
    sm.locate(s)
}

/// The diagnostic as a JSON object (one line of `--format json`).
pub fn json_value(d: &Diagnostic, sm: &SourceMap) -> Value {
    let (file, line, column) = position(sm, d.span);
    let labels: Vec<Value> = d
        .labels
        .iter()
        .map(|l| {
            let (lf, ll, lc) = position(sm, l.span);
            json!({ "file": lf, "line": ll, "column": lc, "message": l.message })
        })
        .collect();
    let stack: Vec<Value> = d
        .stack
        .iter()
        .map(|f| {
            let (sf, sl, sc) = position(sm, f.span);
            json!({ "function": f.function, "file": sf, "line": sl, "column": sc, "repeated": f.repeated })
        })
        .collect();
    let mut v = json!({
        "code": d.code.as_str(),
        "severity": d.severity.as_str(),
        "message": d.message,
        "file": file,
        "line": line,
        "column": column,
        "labels": labels,
        "notes": d.notes,
        "help": d.help,
        "standard": d.standard,
        "stack": stack,
    });
    if let Some(label) = &d.primary_label {
        v["label"] = json!(label);
    }
    if let Some(leak) = &d.leak {
        v["kind"] = json!(leak.kind.as_str());
        v["size"] = json!(leak.size);
        v["blocks"] = json!(leak.blocks);
    }
    v
}

pub fn json_line(d: &Diagnostic, sm: &SourceMap) -> String {
    let mut s = json_value(d, sm).to_string();
    s.push('\n');
    s
}

/// One SARIF 2.1.0 log for all diagnostics of a run.
pub fn sarif(diags: &[Diagnostic], sm: &SourceMap) -> String {
    let mut rules: Vec<Value> = Vec::new();
    let mut rule_ids: Vec<&str> = Vec::new();
    for d in diags {
        let id = d.code.as_str();
        if !rule_ids.contains(&id) {
            rule_ids.push(id);
            rules.push(json!({
                "id": id,
                "name": id,
                "shortDescription": { "text": id },
                "defaultConfiguration": { "level": if d.code.default_severity() == Severity::Error { "error" } else { "warning" } },
            }));
        }
    }
    let phys = |s: Span| {
        let (file, line, column) = position(sm, s);
        let (eline, ecol) = sm
            .file(s.file)
            .map(|f| f.line_col(s.hi))
            .unwrap_or((line, column));
        json!({
            "physicalLocation": {
                "artifactLocation": { "uri": file },
                "region": { "startLine": line.max(1), "startColumn": column.max(1), "endLine": eline.max(1), "endColumn": ecol.max(1) }
            }
        })
    };
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str(&format!(" (help: {h})"));
            }
            let related: Vec<Value> = d
                .labels
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let mut loc = phys(l.span);
                    loc["id"] = json!(i);
                    loc["message"] = json!({ "text": l.message });
                    loc
                })
                .collect();
            let mut r = json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": rule_ids.iter().position(|x| *x == d.code.as_str()).unwrap_or(0),
                "level": if d.severity == Severity::Error { "error" } else { "warning" },
                "message": { "text": text },
                "locations": [phys(d.span)],
            });
            if !related.is_empty() {
                r["relatedLocations"] = json!(related);
            }
            if !d.stack.is_empty() {
                let frames: Vec<Value> = d
                    .stack
                    .iter()
                    .map(|f| {
                        let mut loc = phys(f.span);
                        loc["message"] = json!({ "text": f.function });
                        json!({ "location": loc })
                    })
                    .collect();
                r["stacks"] = json!([{ "frames": frames }]);
            }
            let mut props = serde_json::Map::new();
            if let Some(s) = d.standard {
                props.insert("standard".into(), json!(s));
            }
            if !d.notes.is_empty() {
                props.insert("notes".into(), json!(d.notes));
            }
            if let Some(leak) = &d.leak {
                props.insert("kind".into(), json!(leak.kind.as_str()));
                props.insert("size".into(), json!(leak.size));
            }
            if !props.is_empty() {
                r["properties"] = Value::Object(props);
            }
            r
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "cmem",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/cmem/cmem",
                "rules": rules,
            }},
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}
