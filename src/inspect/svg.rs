//! The heap picture as SVG, laid out here (as Python Tutor lays out its pictures): the
//! variables — globals, then each frame, innermost last — in a column on the left, heap
//! blocks in columns on the right, arrows from a pointer's cell to what it points to, and a
//! legend of what each colour and line means.
//!
//! Everything is measured in characters of one monospace font, so a box fits its text
//! with room to spare (text never touches a border), the name and value columns of a box
//! are divided at one x for all its rows, and the canvas is as large as its content.

use std::fmt::Write as _;

use super::draw::{HeapGraph, Node, NodeKind};

const FONT: f64 = 12.0;
/// The advance of one character of the font (DejaVu Sans Mono at 12 px: 0.602 em).
const CW: f64 = 7.3;
const ROW: f64 = 20.0;
const PAD: f64 = 8.0;
const GAP: f64 = 24.0;
/// The space between the variables column and the heap, where arrows run.
const LANE: f64 = 90.0;
/// A heap column is filled up to this height before the next one starts.
const COLUMN_HEIGHT: f64 = 900.0;
const MARGIN: f64 = 16.0;

/// Where a box was placed, and its column split.
struct Placed {
    x: f64,
    y: f64,
    w: f64,
    name_w: f64,
}

impl Placed {
    fn h(&self, n: &Node) -> f64 {
        ROW * (1 + n.rows.len()) as f64
    }
}

/// The widths of a box: the whole, and its name column.
fn measure(n: &Node) -> (f64, f64) {
    let chars = |s: &str| s.chars().count() as f64;
    let name = n.rows.iter().map(|r| chars(&r.name)).fold(0.0, f64::max);
    let value = n.rows.iter().map(|r| chars(&r.value)).fold(0.0, f64::max);
    let name_w = name * CW + 2.0 * PAD;
    let rows_w = if n.rows.is_empty() {
        0.0
    } else {
        name_w + value * CW + 2.0 * PAD
    };
    let w = rows_w.max(chars(&n.title) * CW + 2.0 * PAD).max(60.0);
    (w, name_w)
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The border of a box of this kind: colour, width, dash.
fn border(kind: NodeKind) -> (&'static str, f64, &'static str) {
    match kind {
        NodeKind::Lost => ("#b02020", 2.0, ""),
        NodeKind::IndirectlyLost => ("#c06010", 2.0, ""),
        NodeKind::Freed | NodeKind::DeadLocal => ("#707070", 1.5, " stroke-dasharray=\"5 3\""),
        _ => ("#404040", 1.0, ""),
    }
}

const LEGEND: [(NodeKind, &str); 6] = [
    (NodeKind::Frame, "variables (a frame, the globals)"),
    (NodeKind::Live, "heap block still reachable"),
    (NodeKind::Lost, "LOST: no pointer reaches it (a leak)"),
    (
        NodeKind::IndirectlyLost,
        "lost: only lost blocks point to it",
    ),
    (
        NodeKind::Freed,
        "FREED, or a returned function's local, still pointed to",
    ),
    (NodeKind::Literal, "string literal"),
];

impl HeapGraph {
    /// The picture as SVG.
    pub fn to_svg(&self) -> String {
        // Variables on the left, globals first (as Python Tutor), then frames outermost
        // first; `vars` holds frames innermost first, then the globals.
        let mut order: Vec<usize> = (0..self.vars.len()).collect();
        order.sort_by_key(|&i| match self.vars[i].kind {
            NodeKind::Globals => (0, 0),
            _ => (1, usize::MAX - i),
        });
        let mut vars: Vec<Option<Placed>> = (0..self.vars.len()).map(|_| None).collect();
        let mut y = MARGIN;
        let mut left_w: f64 = 0.0;
        for &i in &order {
            let n = &self.vars[i];
            let (w, name_w) = measure(n);
            let p = Placed {
                x: MARGIN,
                y,
                w,
                name_w,
            };
            y += p.h(n) + GAP;
            left_w = left_w.max(w);
            vars[i] = Some(p);
        }
        let mut bottom = y;
        // Heap blocks in columns.
        let mut x = MARGIN + left_w + LANE;
        let (mut y, mut col_w, mut right) = (MARGIN, 0.0f64, x);
        let mut blocks = Vec::new();
        for n in &self.blocks {
            let (w, name_w) = measure(n);
            let h = ROW * (1 + n.rows.len()) as f64;
            if y > MARGIN && y + h > COLUMN_HEIGHT {
                x += col_w + LANE;
                y = MARGIN;
                col_w = 0.0;
            }
            blocks.push(Placed { x, y, w, name_w });
            y += h + GAP;
            bottom = bottom.max(y);
            col_w = col_w.max(w);
            right = right.max(x + w);
        }
        let mut body = String::new();
        for (n, p) in self.vars.iter().zip(&vars) {
            if let Some(p) = p {
                draw_box(&mut body, n, p, false);
            }
        }
        for (n, p) in self.blocks.iter().zip(&blocks) {
            draw_box(&mut body, n, p, self.culprit.as_ref() == Some(&n.key));
        }
        let find = |key: &str| -> Option<(&Node, &Placed)> {
            let v = self.vars.iter().zip(&vars).find(|(n, _)| n.key == key);
            if let Some((n, Some(p))) = v {
                return Some((n, p));
            }
            self.blocks.iter().zip(&blocks).find(|(n, _)| n.key == key)
        };
        for e in &self.edges {
            let (Some((_, fp)), Some((_, tp))) = (find(&e.from), find(&e.to)) else {
                continue;
            };
            let (x1, y1) = (fp.x + fp.w, fp.y + ROW * (e.from_row as f64 + 1.5));
            let row = e.to_row.map_or(0.5, |r| r as f64 + 1.5);
            // Into the target's left edge when it is to the right, else into its right
            // edge, the arrow arriving from outside the box either way.
            let into_left = tp.x > fp.x;
            let (x2, y2) = if into_left {
                (tp.x, tp.y + ROW * row)
            } else {
                (tp.x + tp.w, tp.y + ROW * row)
            };
            let bend = ((x2 - x1).abs() / 2.0).max(40.0);
            let c2 = if into_left { x2 - bend } else { x2 + bend };
            // The canvas holds the whole curve (sampled: it bulges past its ends).
            right = (0..=16)
                .map(|i| cubic(f64::from(i) / 16.0, [x1, x1 + bend, c2, x2]))
                .fold(right, f64::max);
            let (color, dash) = if e.dangling {
                ("#b02020", " stroke-dasharray=\"6 4\"")
            } else {
                ("#1f4e99", "")
            };
            // A pointer to the block the error is about: thick and red.
            let (color, width) = if self.culprit.as_ref() == Some(&e.to) {
                (ERROR_RED, 3.0)
            } else {
                (color, 1.6)
            };
            let _ = writeln!(
                body,
                "<path d=\"M{x1:.1},{y1:.1} C{:.1},{y1:.1} {c2:.1},{y2:.1} {x2:.1},{y2:.1}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{width}\"{dash} marker-end=\"url(#arrow)\"/>",
                x1 + bend
            );
            if !e.label.is_empty() {
                let _ = writeln!(
                    body,
                    "<text x=\"{:.1}\" y=\"{:.1}\" class=\"t\">{}</text>",
                    x2 - CW * (e.label.chars().count() as f64 + 1.0),
                    y2 - 4.0,
                    esc(&e.label)
                );
            }
        }
        if self.omitted > 0 {
            let _ = writeln!(
                body,
                "<text x=\"{MARGIN}\" y=\"{:.1}\" class=\"t\">... and {} more heap blocks</text>",
                bottom + FONT,
                self.omitted
            );
            bottom += ROW;
        }
        if self.vars.is_empty() && self.blocks.is_empty() {
            let _ = writeln!(
                body,
                "<text x=\"{MARGIN}\" y=\"{:.1}\" class=\"t\">no variables and no heap blocks</text>",
                MARGIN + FONT
            );
            bottom = MARGIN + ROW + GAP;
        }
        let (ly, legend_w) = self.legend(&mut body, bottom);
        let width = right.max(MARGIN + legend_w).max(MARGIN + left_w) + MARGIN;
        let height = ly + MARGIN;
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\">\n<defs><marker id=\"arrow\" markerUnits=\"userSpaceOnUse\" markerWidth=\"12\" markerHeight=\"9\" refX=\"11\" refY=\"4.5\" orient=\"auto\"><path d=\"M0,0 L12,4.5 L0,9 z\" fill=\"context-stroke\"/></marker></defs>\n<style>.t {{ font: {FONT}px 'DejaVu Sans Mono', Menlo, Consolas, monospace; fill: #111; }} .h {{ font-weight: bold; }}</style>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{body}</svg>\n"
        )
    }

    /// The legend, from `top` down: what each colour and line means. Returns its bottom and
    /// its width.
    fn legend(&self, body: &mut String, top: f64) -> (f64, f64) {
        let mut ly = top;
        let mut legend_w: f64 = 0.0;
        for (kind, text) in LEGEND {
            let (stroke, sw, dash) = border(kind);
            let _ = writeln!(
            body,
            "<rect x=\"{MARGIN}\" y=\"{ly:.1}\" width=\"28\" height=\"14\" fill=\"{}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"{dash}/><text x=\"{:.1}\" y=\"{:.1}\" class=\"t\">{}</text>",
            kind.fill(),
            MARGIN + 36.0,
            ly + 11.0,
            esc(text)
        );
            legend_w = legend_w.max(36.0 + text.chars().count() as f64 * CW);
            ly += ROW;
        }
        let _ = writeln!(
        body,
        "<path d=\"M{MARGIN},{:.1} h28\" stroke=\"#b02020\" stroke-width=\"1.6\" stroke-dasharray=\"6 4\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"t\">a dangling pointer (to freed memory or a returned local)</text>",
        ly + 7.0,
        MARGIN + 36.0,
        ly + 11.0
    );
        legend_w = legend_w.max(36.0 + 56.0 * CW);
        ly += ROW;
        if self.culprit.is_some() {
            let _ = writeln!(
            body,
            "<rect x=\"{MARGIN}\" y=\"{ly:.1}\" width=\"28\" height=\"14\" fill=\"white\" stroke=\"{ERROR_RED}\" stroke-width=\"3\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"t\">the block the error is about</text>",
            MARGIN + 36.0,
            ly + 11.0
        );
            ly += ROW;
            let _ = writeln!(
            body,
            "<path d=\"M{MARGIN},{:.1} h28\" stroke=\"{ERROR_RED}\" stroke-width=\"3\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"t\">a pointer to that block</text>",
            ly + 7.0,
            MARGIN + 36.0,
            ly + 11.0
        );
            ly += ROW;
        }
        (ly, legend_w)
    }
}

/// A cubic Bézier coordinate at `t`.
fn cubic(t: f64, [p0, p1, p2, p3]: [f64; 4]) -> f64 {
    let u = 1.0 - t;
    u * u * u * p0 + 3.0 * u * u * t * p1 + 3.0 * u * t * t * p2 + t * t * t * p3
}

/// The border of the block the error is about.
const ERROR_RED: &str = "#d00000";

/// A box: its title row, then a row per `name | value`, the column divider at one x;
/// `culprit`: the block the error is about, with a thick red border.
fn draw_box(out: &mut String, n: &Node, p: &Placed, culprit: bool) {
    let (stroke, sw, dash) = if culprit {
        (ERROR_RED, 3.0, "")
    } else {
        border(n.kind)
    };
    let h = p.h(n);
    let _ = writeln!(
        out,
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"{dash}/>",
        p.x,
        p.y,
        p.w,
        n.kind.fill()
    );
    let _ = writeln!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" class=\"t h\">{}</text>",
        p.x + PAD,
        p.y + ROW - 6.0,
        esc(&n.title)
    );
    for (i, r) in n.rows.iter().enumerate() {
        let top = p.y + ROW * (i + 1) as f64;
        let _ = writeln!(
            out,
            "<path d=\"M{:.1},{top:.1} h{:.1} M{:.1},{top:.1} v{ROW}\" stroke=\"{stroke}\" stroke-width=\"0.6\"/>",
            p.x,
            p.w,
            p.x + p.name_w
        );
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"t\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" class=\"t\">{}</text>",
            p.x + PAD,
            top + ROW - 6.0,
            esc(&r.name),
            p.x + p.name_w + PAD,
            top + ROW - 6.0,
            esc(&r.value)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::draw::{Edge, Row};
    use super::*;

    fn node(key: &str, kind: NodeKind, title: &str, rows: &[(&str, &str)]) -> Node {
        Node {
            key: key.into(),
            kind,
            title: title.into(),
            rows: rows.iter().map(|(n, v)| Row::text(n, v)).collect(),
        }
    }

    /// The numbers of an SVG attribute, in order of appearance on lines with `tag`.
    fn attrs(svg: &str, tag: &str, attr: &str) -> Vec<f64> {
        svg.lines()
            .filter(|l| l.starts_with(tag))
            .filter_map(|l| {
                let at = l.find(&format!(" {attr}=\""))? + attr.len() + 3;
                l[at..].split('"').next()?.parse().ok()
            })
            .collect()
    }

    #[test]
    fn boxes_fit_their_text_columns_line_up_and_a_legend_explains_the_colours() {
        let g = HeapGraph {
            vars: vec![
                node(
                    "f0",
                    NodeKind::Frame,
                    "main, line 12",
                    &[("list", "•"), ("count", "3")],
                ),
                node(
                    "globals",
                    NodeKind::Globals,
                    "globals",
                    &[("a_much_longer_name", "NULL")],
                ),
            ],
            blocks: vec![
                node(
                    "b1",
                    NodeKind::Live,
                    "#101 struct node",
                    &[("value", "30"), ("next", "•")],
                ),
                node(
                    "b2",
                    NodeKind::Lost,
                    "LOST #102 struct node, from list.c:7",
                    &[("value", "10"), ("next", "NULL")],
                ),
                node(
                    "b3",
                    NodeKind::Freed,
                    "FREED #103 16 bytes, freed at list.c:9",
                    &[],
                ),
            ],
            edges: vec![
                Edge {
                    from: "f0".into(),
                    from_row: 0,
                    to: "b1".into(),
                    to_row: None,
                    label: String::new(),
                    dangling: false,
                },
                Edge {
                    from: "b1".into(),
                    from_row: 1,
                    to: "b3".into(),
                    to_row: None,
                    label: "+8".into(),
                    dangling: true,
                },
            ],
            omitted: 0,
            culprit: Some("b3".into()),
        };
        let svg = g.to_svg();
        assert!(
            svg.contains("the block the error is about")
                && svg.contains("stroke=\"#d00000\" stroke-width=\"3\"")
        );
        // The pointer to that block (b1's `next`) is drawn red too; the other arrow is not.
        let red_arrows = svg
            .lines()
            .filter(|l| l.contains("marker-end") && l.contains("#d00000"))
            .count();
        assert_eq!(red_arrows, 1, "{svg}");
        assert!(svg.contains("a pointer to that block"));
        assert!(
            svg.contains("monospace") && !svg.contains("serif;"),
            "one monospace font"
        );
        for (_, text) in LEGEND {
            assert!(svg.contains(&esc(text)), "the legend explains: {text}");
        }
        assert!(
            svg.contains("stroke-dasharray=\"6 4\""),
            "a dangling arrow is dashed"
        );
        // Every box is wide enough for its title and rows, with padding on both sides.
        let rects: Vec<(f64, f64)> = attrs(&svg, "<rect x=", "x")
            .into_iter()
            .zip(attrs(&svg, "<rect x=", "width"))
            .collect();
        for n in g.vars.iter().chain(&g.blocks) {
            let (w, name_w) = measure(n);
            assert!(
                w + 1e-6 >= n.title.chars().count() as f64 * CW + 2.0 * PAD,
                "{}",
                n.title
            );
            for r in &n.rows {
                assert!(name_w + 1e-6 >= r.name.chars().count() as f64 * CW + 2.0 * PAD);
                assert!(w - name_w + 1e-6 >= r.value.chars().count() as f64 * CW + 2.0 * PAD);
            }
            assert!(
                rects.iter().any(|&(_, rw)| (rw - w).abs() < 0.1),
                "{} is drawn",
                n.title
            );
        }
        // Variables on the left, the heap to their right; the canvas ends near the content.
        let xs = attrs(&svg, "<rect x=", "x");
        let width: f64 = svg
            .split("width=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap();
        let right = rects.iter().map(|(x, w)| x + w).fold(0.0, f64::max);
        assert!(
            // (an arrow between boxes of one column bulges up to 40 px past them)
            width <= right + 2.0 * MARGIN + 40.0 && width >= right,
            "{width} for content ending at {right}"
        );
        assert!(
            xs.iter().any(|&x| x > MARGIN + 100.0),
            "the heap is to the right"
        );
    }
}
