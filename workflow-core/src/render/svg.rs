//! The SVG writer: a self-contained picture (no external fonts, scripts or images). Every state
//! is a `<g class="state …" data-state="Name">`, every transition a `<g class="edge …"
//! data-from="A" data-to="B" data-kind="next">`, so pages and tests can find them.

use std::fmt::Write as _;

use super::Picture;
use super::graph::{EdgeKind, Endpoint};
use super::history::Status;
use super::layout::{Layout, PlacedEdge, PlacedMarker, PlacedNode, Rect};
use super::text::xml;

/// Height of the status legend under the graph, when there is a history.
const LEGEND: f64 = 30.0;

const STYLE: &str = "\
.workflow text{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;fill:#1f2933}
.workflow .name{font-size:13px;font-weight:600}
.workflow .type,.workflow .note,.workflow .frame-title,.workflow .label text,.workflow .legend text{font-size:11px}
.workflow .type{fill:#52606d}
.workflow .note{fill:#7b4a00}
.workflow .frame-title{fill:#52606d;font-style:italic}
.workflow .edge path{fill:none;stroke:#616e7c;stroke-width:1.4}
.workflow .edge.catch path{stroke:#c05621;stroke-dasharray:6 4}
.workflow .edge.choice path,.workflow .edge.default path{stroke:#3e4c59}
.workflow .label rect{fill:#ffffff;stroke:none;opacity:.9}
.workflow .label.catch text{fill:#c05621}
.workflow .marker text{font-size:12px;font-weight:600;fill:#ffffff}
.workflow .state{cursor:pointer}
.workflow .state.selected>rect{stroke-width:3}
";

pub(super) fn write(picture: &Picture<'_>) -> String {
    let layout = Layout::new(&picture.graph.root);
    let legend = if picture.runs.is_some() { LEGEND } else { 0.0 };
    let min_width = if picture.runs.is_some() {
        legend_width() + 16.0
    } else {
        200.0
    };
    let (w, h) = (layout.width.max(min_width), layout.height + legend);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="workflow" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img">"#
    );
    let _ = write!(
        s,
        "\n<title>{}</title>\n<style>\n{STYLE}</style>\n",
        xml(&picture.title)
    );
    s.push_str(concat!(
        r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#616e7c"/></marker>"##,
        r##"<marker id="arrow-catch" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#c05621"/></marker></defs>"##,
        "\n",
        r##"<rect class="background" x="0" y="0" width="100%" height="100%" fill="#ffffff"/>"##,
        "\n"
    ));
    // Outer boxes first, so nested frames and states are drawn over them.
    let mut compound: Vec<&PlacedNode<'_>> = layout
        .nodes
        .iter()
        .filter(|n| !n.node.scopes.is_empty())
        .collect();
    compound.sort_by(|a, b| area(&b.rect).total_cmp(&area(&a.rect)));
    for n in compound {
        write_node(&mut s, picture, n);
    }
    let mut frames: Vec<_> = layout.frames.iter().collect();
    frames.sort_by(|a, b| area(&b.rect).total_cmp(&area(&a.rect)));
    for f in frames {
        let r = f.rect;
        let _ = writeln!(
            s,
            r##"<g class="frame" id="{}" data-title="{}"><rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="#ffffff" fill-opacity="0.6" stroke="#9aa5b1" stroke-dasharray="3 3"/><text class="frame-title" x="{}" y="{}">{}</text></g>"##,
            f.scope.id,
            xml(&f.scope.title),
            r.x,
            r.y,
            r.w,
            r.h,
            r.x + 8.0,
            r.y + 13.0,
            xml(&f.scope.title)
        );
    }
    for (i, e) in layout.edges.iter().enumerate() {
        write_edge(&mut s, i, e);
    }
    for n in layout.nodes.iter().filter(|n| n.node.scopes.is_empty()) {
        write_node(&mut s, picture, n);
    }
    for m in &layout.markers {
        write_marker(&mut s, m);
    }
    for (i, e) in layout.edges.iter().enumerate() {
        if let Some(r) = e.label {
            let _ = writeln!(
                s,
                r#"<g class="label {}" data-edge="e{i}"><rect x="{}" y="{}" width="{}" height="{}" rx="3"/><text x="{}" y="{}" text-anchor="middle">{}</text></g>"#,
                e.edge.kind.as_str(),
                r.x,
                r.y,
                r.w,
                r.h,
                r.x + r.w / 2.0,
                r.y + 12.0,
                xml(&e.edge.label)
            );
        }
    }
    if picture.runs.is_some() {
        write_legend(&mut s, layout.height + 4.0);
    }
    s.push_str("</svg>\n");
    s
}

fn area(r: &Rect) -> f64 {
    r.w * r.h
}

fn write_node(s: &mut String, picture: &Picture<'_>, n: &PlacedNode<'_>) {
    let node = n.node;
    let r = n.rect;
    let (status, retries) = picture.status_of(&node.name);
    let (fill, stroke) = match status {
        Some(st) => st.colors(),
        None => ("#ffffff", "#3e4c59"),
    };
    let status_class = status
        .map(|st| format!(" {}", st.as_str()))
        .unwrap_or_default();
    let compound = if node.scopes.is_empty() {
        ""
    } else {
        " compound"
    };
    let mut tooltip = format!("{} ({})", node.name, node.type_name);
    if let Some(st) = status {
        let _ = write!(tooltip, ": {}", st.as_str());
        if retries > 0 {
            let _ = write!(
                tooltip,
                ", {retries} retr{}",
                if retries == 1 { "y" } else { "ies" }
            );
        }
    }
    for note in &node.notes {
        tooltip.push('\n');
        tooltip.push_str(note);
    }
    let _ = write!(
        s,
        r#"<g class="state {}{compound}{status_class}" id="{}" data-state="{}" data-type="{}""#,
        node.type_name.to_lowercase(),
        node.id,
        xml(&node.name),
        node.type_name
    );
    if let Some(st) = status {
        let _ = write!(s, r#" data-status="{}""#, st.as_str());
    }
    if retries > 0 {
        let _ = write!(s, r#" data-retries="{retries}""#);
    }
    let dash = if status == Some(Status::NotReached) {
        r#" stroke-dasharray="4 3""#
    } else {
        ""
    };
    let _ = write!(
        s,
        r#"><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>"#,
        xml(&tooltip),
        r.x,
        r.y,
        r.w,
        r.h
    );
    let cx = r.x + r.w / 2.0;
    let mut y = r.y + 8.0 + 13.0;
    let _ = write!(
        s,
        r#"<text class="name" x="{cx}" y="{y}" text-anchor="middle">{}</text>"#,
        xml(&node.shown_name())
    );
    y += 15.0;
    let _ = write!(
        s,
        r#"<text class="type" x="{cx}" y="{y}" text-anchor="middle">{}</text>"#,
        node.type_name
    );
    for note in &node.notes {
        y += 14.0;
        let _ = write!(
            s,
            r#"<text class="note" x="{cx}" y="{y}" text-anchor="middle">{}</text>"#,
            xml(note)
        );
    }
    if retries > 0 {
        let _ = write!(
            s,
            r##"<text class="retries" x="{}" y="{}" text-anchor="end" font-size="11" font-weight="700" fill="#b7791f">↻{retries}</text>"##,
            r.x + r.w - 6.0,
            r.y + 13.0
        );
    }
    s.push_str("</g>\n");
}

fn write_marker(s: &mut String, m: &PlacedMarker<'_>) {
    let r = m.rect;
    let (class, word) = match m.endpoint {
        Endpoint::Start => ("start", "Start"),
        _ => ("end", "End"),
    };
    let id = m.scope.endpoint_id(m.endpoint);
    let (cx, cy) = (r.x + r.w / 2.0, r.y + r.h / 2.0);
    if m.scope.id == "s0" {
        let fill = if class == "start" {
            "#2f855a"
        } else {
            "#3e4c59"
        };
        let _ = writeln!(
            s,
            r#"<g class="marker {class}" id="{id}"><rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{fill}"/><text x="{cx}" y="{}" text-anchor="middle">{word}</text></g>"#,
            r.x,
            r.y,
            r.w,
            r.h,
            r.h / 2.0,
            cy + 4.0
        );
    } else if class == "start" {
        let _ = writeln!(
            s,
            r##"<g class="marker start" id="{id}"><circle cx="{cx}" cy="{cy}" r="{}" fill="#2f855a"/></g>"##,
            r.w / 2.0
        );
    } else {
        let _ = writeln!(
            s,
            r##"<g class="marker end" id="{id}"><circle cx="{cx}" cy="{cy}" r="{}" fill="#ffffff" stroke="#3e4c59" stroke-width="2"/><circle cx="{cx}" cy="{cy}" r="{}" fill="#3e4c59"/></g>"##,
            r.w / 2.0,
            r.w / 4.0
        );
    }
}

fn write_edge(s: &mut String, i: usize, e: &PlacedEdge<'_>) {
    let edge = e.edge;
    let mut d = String::new();
    for (k, (x, y)) in e.points.iter().enumerate() {
        let _ = write!(
            d,
            "{}{},{}",
            if k == 0 { "M" } else { "L" },
            round(*x),
            round(*y)
        );
    }
    let name = |endpoint: Endpoint| match endpoint {
        Endpoint::State(_) => xml(e.scope.endpoint_name(endpoint)),
        _ => String::new(),
    };
    let arrow = if edge.kind == EdgeKind::Catch {
        "arrow-catch"
    } else {
        "arrow"
    };
    let _ = write!(
        s,
        r#"<g class="edge {}" id="e{i}" data-scope="{}" data-from="{}" data-to="{}" data-from-id="{}" data-to-id="{}" data-kind="{}">"#,
        edge.kind.as_str(),
        e.scope.id,
        name(edge.from),
        name(edge.to),
        e.scope.endpoint_id(edge.from),
        e.scope.endpoint_id(edge.to),
        edge.kind.as_str()
    );
    if !edge.full_label.is_empty() {
        let _ = write!(s, "<title>{}</title>", xml(&edge.full_label));
    }
    let _ = writeln!(
        s,
        r#"<path d="{d}" stroke-linejoin="round" marker-end="url(#{arrow})"/></g>"#
    );
}

/// The width of one legend entry (swatch, word, gap).
fn legend_entry(status: Status) -> f64 {
    36.0 + status.as_str().len() as f64 * 6.4
}

fn legend_width() -> f64 {
    16.0 + Status::ALL.into_iter().map(legend_entry).sum::<f64>()
}

fn write_legend(s: &mut String, y: f64) {
    let _ = write!(s, r#"<g class="legend">"#);
    let mut x = 16.0;
    for st in Status::ALL {
        let (fill, stroke) = st.colors();
        let _ = write!(
            s,
            r#"<rect class="{}" x="{x}" y="{}" width="14" height="14" rx="3" fill="{fill}" stroke="{stroke}"/><text x="{}" y="{}">{}</text>"#,
            st.as_str(),
            y + 6.0,
            x + 19.0,
            y + 17.0,
            st.as_str()
        );
        x += legend_entry(st);
    }
    s.push_str("</g>\n");
}

/// Coordinates with at most one decimal, so the text is short and stable.
fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}
