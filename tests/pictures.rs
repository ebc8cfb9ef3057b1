//! Heap pictures checked the way a reader sees them: `cmem run --draw` writes SVG, resvg
//! renders it with the system's fonts (DejaVu Sans Mono on Debian: `fonts-dejavu-core`),
//! and the tests assert on the rendered result — every glyph clear of every border and
//! divider, one monospace font, a canvas its content fills, the error's block and pointer in
//! red. `CMEM_BLESS=1` also writes the PNG pair under `examples/` (before: the picture of
//! the same program as cmem drew it before the redesign; after: today's).

mod common;

use std::path::PathBuf;

use common::{cmem, manifest_dir};
use resvg::tiny_skia::{Pixmap, Rect, Transform};
use resvg::usvg::{self, Node};

/// The list program the README's picture is about: three nodes, the list dropped, one freed
/// node read afterwards.
const LIST: &str = "#include <stdlib.h>
#include <string.h>
struct node { int value; char name[8]; struct node *next; };
int main(void) {
    struct node *head = NULL;
    for (int i = 0; i < 3; i++) {
        struct node *n = malloc(sizeof *n);
        n->value = 10 * (i + 1);
        strcpy(n->name, i ? \"tail\" : \"first\");
        n->next = head;
        head = n;
    }
    struct node *second = head->next;
    free(second->next);
    head = NULL;
    return second->next->value;
}
";

/// A program that ends without an error: its lost blocks are drawn at exit.
const LEAK: &str = "#include <stdlib.h>
struct node { int value; struct node *next; };
int main(void) {
    struct node *head = NULL;
    for (int i = 0; i < 3; i++) {
        struct node *n = malloc(sizeof *n);
        n->value = 10 * (i + 1);
        n->next = head;
        head = n;
    }
    head = NULL;
    return 0;
}
";

fn bless() -> bool {
    std::env::var_os("CMEM_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The SVG `cmem run --draw` writes for `src`.
fn draw(name: &str, src: &str) -> String {
    let dir = std::env::temp_dir().join(format!("cmem-pictures-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("prog.c"), src).unwrap();
    let out = cmem(&dir, &["run", "--draw", "pic.svg", "prog.c"], b"");
    assert_eq!(out.status, 1, "{}", out.stderr);
    std::fs::read_to_string(dir.join("pic.svg")).expect("the picture was written")
}

/// An SVG parsed with the system's fonts, and rendered.
struct Rendered {
    tree: usvg::Tree,
    pixmap: Pixmap,
}

fn render(svg: &str) -> Rendered {
    let mut opt = usvg::Options::default();
    let db = opt.fontdb_mut();
    db.load_system_fonts();
    // The generic families as a browser on this machine maps them (fontdb's defaults are
    // fonts Debian does not ship).
    db.set_serif_family("DejaVu Serif");
    db.set_sans_serif_family("DejaVu Sans");
    db.set_monospace_family("DejaVu Sans Mono");
    assert!(
        opt.fontdb.faces().any(|f| f.monospaced),
        "no monospace font on this machine (install fonts-dejavu-core)"
    );
    let tree = usvg::Tree::from_str(svg, &opt).expect("the SVG parses");
    let size = tree.size().to_int_size();
    let mut pixmap = Pixmap::new(size.width(), size.height()).expect("a canvas");
    resvg::render(&tree, Transform::default(), &mut pixmap.as_mut());
    Rendered { tree, pixmap }
}

/// What was drawn: the ink of each text (its glyph outlines), and each straight line a
/// box is made of (rect edges and dividers), with its stroke width.
#[derive(Default)]
struct Shapes {
    texts: Vec<(String, Rect)>,
    lines: Vec<(Rect, f32)>,
    /// The arrowheads.
    heads: Vec<Rect>,
    /// The fonts the texts were set in: (family, monospaced).
    fonts: Vec<(String, bool)>,
}

fn shapes(r: &Rendered) -> Shapes {
    let mut s = Shapes::default();
    collect(&r.tree, r.tree.root(), &mut s);
    s
}

fn collect(tree: &usvg::Tree, g: &usvg::Group, s: &mut Shapes) {
    for node in g.children() {
        match node {
            Node::Group(g) => collect(tree, g, s),
            Node::Text(t) => {
                let text: String = t.chunks().iter().map(|c| c.text()).collect();
                s.texts.push((text, t.flattened().abs_bounding_box()));
                for span in t.layouted() {
                    for glyph in &span.positioned_glyphs {
                        if let Some(face) = tree.fontdb().face(glyph.font) {
                            let family = face.families.first().map(|f| f.0.clone());
                            let entry = (family.unwrap_or_default(), face.monospaced);
                            if !s.fonts.contains(&entry) {
                                s.fonts.push(entry);
                            }
                        }
                    }
                }
            }
            Node::Path(p) => {
                let Some(stroke) = p.stroke() else {
                    // A small filled shape without a border: an arrowhead.
                    let b = p.abs_bounding_box();
                    if p.fill().is_some() && b.width() <= 14.0 && b.height() <= 14.0 {
                        s.heads.push(b);
                    }
                    continue;
                };
                let width = stroke.width().get();
                let t = p.abs_transform();
                // Straight segments only: box edges and dividers (arrows are curves); a
                // <rect> is a closed path of four lines.
                let mut from = None;
                let mut start = None;
                for seg in p.data().segments() {
                    use resvg::tiny_skia::PathSegment as S;
                    let to = match seg {
                        S::MoveTo(pt) => {
                            start = Some(pt);
                            from = Some(pt);
                            continue;
                        }
                        S::LineTo(pt) => Some(pt),
                        S::Close => start,
                        _ => None,
                    };
                    if let (Some(a), Some(b)) = (from, to) {
                        s.lines.extend(segment(t, a, b).map(|r| (r, width)));
                    }
                    from = to;
                }
            }
            Node::Image(_) => {}
        }
    }
}

/// The box around the line from `a` to `b` (in the path's coordinates), on the canvas.
fn segment(
    t: Transform,
    mut a: resvg::tiny_skia::Point,
    mut b: resvg::tiny_skia::Point,
) -> Option<Rect> {
    t.map_point(&mut a);
    t.map_point(&mut b);
    Rect::from_ltrb(
        a.x.min(b.x),
        a.y.min(b.y),
        a.x.max(b.x) + 0.01,
        a.y.max(b.y) + 0.01,
    )
}

fn overlaps(a: &Rect, b: &Rect, margin: f32) -> bool {
    a.left() < b.right() + margin
        && b.left() - margin < a.right()
        && a.top() < b.bottom() + margin
        && b.top() - margin < a.bottom()
}

/// The pixels of one colour (within a small tolerance for anti-aliasing).
fn count_colour(p: &Pixmap, rgb: (u8, u8, u8)) -> usize {
    p.pixels()
        .iter()
        .filter(|px| {
            let c = px.demultiply();
            c.alpha() > 200
                && c.red().abs_diff(rgb.0) < 12
                && c.green().abs_diff(rgb.1) < 12
                && c.blue().abs_diff(rgb.2) < 12
        })
        .count()
}

/// The box around everything that is not the white background.
fn ink_box(p: &Pixmap) -> (u32, u32, u32, u32) {
    let (mut l, mut t, mut r, mut b) = (u32::MAX, u32::MAX, 0, 0);
    for (i, px) in p.pixels().iter().enumerate() {
        let c = px.demultiply();
        if c.red() < 240 || c.green() < 240 || c.blue() < 240 {
            let (x, y) = (i as u32 % p.width(), i as u32 / p.width());
            (l, t, r, b) = (l.min(x), t.min(y), r.max(x), b.max(y));
        }
    }
    (l, t, r, b)
}

/// The checks every picture passes.
fn check_picture(svg: &str) -> Rendered {
    let r = render(svg);
    let s = shapes(&r);
    assert!(s.texts.len() > 10, "texts: {:?}", s.texts);
    assert!(s.lines.len() > 10, "lines: {}", s.lines.len());
    // One monospace font for every text.
    assert!(
        s.fonts.len() == 1 && s.fonts[0].1,
        "texts set in {:?}, not one monospace font",
        s.fonts
    );
    // No glyph touches a border or a divider: a pixel of air between them at least.
    for (text, ink) in &s.texts {
        for (line, width) in &s.lines {
            assert!(
                !overlaps(ink, line, width / 2.0 + 1.0),
                "`{text}` at {ink:?} touches a line at {line:?}"
            );
        }
    }
    // No arrowhead covers a text.
    assert!(!s.heads.is_empty(), "no arrowheads");
    for (text, ink) in &s.texts {
        for head in &s.heads {
            assert!(
                !overlaps(ink, head, 0.5),
                "an arrowhead at {head:?} covers `{text}`"
            );
        }
    }
    // The canvas fits its content: the drawing reaches to within a margin of every edge.
    let (w, h) = (r.pixmap.width(), r.pixmap.height());
    let (left, top, right, bottom) = ink_box(&r.pixmap);
    assert!(
        left <= 20 && top <= 20 && w - right <= 24 && h - bottom <= 24,
        "ink {left},{top}..{right},{bottom} on a {w}x{h} canvas"
    );
    // Every text is on the canvas.
    for (text, ink) in &s.texts {
        assert!(
            ink.left() >= 0.0 && ink.right() <= w as f32 && ink.bottom() <= h as f32,
            "`{text}` off the canvas"
        );
    }
    r
}

const ERROR_RED: (u8, u8, u8) = (0xd0, 0x00, 0x00);
const LOST_RED: (u8, u8, u8) = (0xb0, 0x20, 0x20);

/// At an error: the freed block the access is about has a red border, and so has the
/// pointer that reaches it (`second->next`); the frame shows `value`, `name` as a string,
/// `next` as an arrow.
#[test]
fn picture_at_an_error_marks_the_block_and_the_pointer() {
    let svg = draw("error", LIST);
    let r = check_picture(&svg);
    let s = shapes(&r);
    let texts: Vec<&str> = s.texts.iter().map(|(t, _)| t.as_str()).collect();
    for want in ["value", "\"tail\"", "next", "second", "head"] {
        assert!(
            texts.iter().any(|t| t.contains(want)),
            "`{want}` is not drawn: {texts:?}"
        );
    }
    assert!(
        !texts.iter().any(|t| *t == "i" || *t == "n"),
        "loop locals are out of scope: {texts:?}"
    );
    // The border (3 px around a box) and a 3 px arrow: well over a few hundred red pixels,
    // and the arrow's own pixels are found right of the variables column.
    let red = count_colour(&r.pixmap, ERROR_RED);
    assert!(red > 400, "{red} red pixels");
    let red_arrow = svg
        .lines()
        .filter(|l| l.contains("marker-end") && l.contains("#d00000"))
        .count();
    assert_eq!(red_arrow, 1, "one pointer reaches the freed block:\n{svg}");
    write_example("heap_picture_after", &r.pixmap);
}

/// At exit: lost blocks in the lost colour, decoded as `struct node`s, and nothing in the
/// error colour (no error stopped the program).
#[test]
fn picture_at_exit_shows_lost_blocks_in_the_lost_colour() {
    let svg = draw("exit", LEAK);
    let r = check_picture(&svg);
    assert_eq!(count_colour(&r.pixmap, ERROR_RED), 0);
    assert!(count_colour(&r.pixmap, LOST_RED) > 300);
    let s = shapes(&r);
    for want in ["LOST", "struct node", "30"] {
        assert!(
            s.texts.iter().any(|(t, _)| t.contains(want)),
            "`{want}` is not drawn"
        );
    }
}

/// The "before" half of the pair is the committed SVG cmem drew before the redesign; it
/// still renders (and fails the checks above: it is kept to show what changed).
#[test]
fn before_picture_renders() {
    let before = manifest_dir().join("examples/heap_picture_before.svg");
    let svg = std::fs::read_to_string(&before).unwrap();
    let r = render(&svg);
    assert!(r.pixmap.width() > 100);
    write_example("heap_picture_before", &r.pixmap);
    // The checks catch what was wrong with it.
    let failed = std::panic::catch_unwind(|| check_picture(&svg));
    let why = failed.err().and_then(|e| e.downcast::<String>().ok());
    assert!(why.is_some(), "the old picture passes the checks");
    eprintln!("the old picture fails: {}", why.unwrap());
}

/// With `CMEM_BLESS=1`, writes `examples/NAME.png`.
fn write_example(name: &str, pixmap: &Pixmap) {
    if !bless() {
        return;
    }
    let path: PathBuf = manifest_dir().join("examples").join(format!("{name}.png"));
    pixmap.save_png(&path).expect("the PNG is written");
}
