//! A layered top-to-bottom layout (Sugiyama style) computed per scope, innermost first: a
//! Parallel or Map state is a node as large as its branches laid out side by side, so nested
//! frames never overlap anything around them.
//!
//! For each scope: cycles are broken by reversing the back edges of a depth-first search from
//! the start marker; layers come from the longest path (labelled edges span two layers, so
//! their label gets a slot of its own); edges spanning several layers go through dummy slots;
//! crossings are reduced by barycenter sweeps (keeping the best order seen); x coordinates are
//! the least-squares fit of each slot to its neighbours under the ordering and spacing
//! constraints (isotonic regression, solved exactly by pool-adjacent-violators). Every step is
//! deterministic, and slots of a layer never overlap by construction.

use super::graph::{Edge, EdgeKind, Endpoint, Node, ScopeGraph};
use super::text::{name_width, small_width};

/// Vertical space between layers.
const LAYER_GAP: f64 = 36.0;
/// Horizontal space between neighbouring slots.
const SLOT_GAP: f64 = 20.0;
/// Height of one line of an edge label.
const LABEL_LINE: f64 = 16.0;
/// Width of a slot an edge passes through.
const DUMMY_WIDTH: f64 = 6.0;
/// Padding inside boxes and frames.
const PAD: f64 = 10.0;
/// Height of a frame's title line.
const FRAME_TITLE: f64 = 18.0;
/// Crossing-reduction sweeps (down and up count as one).
const SWEEPS: usize = 12;
/// Coordinate-assignment passes.
const PLACE_PASSES: usize = 8;

/// An axis-aligned rectangle (top-left corner, size).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    /// Whether the two rectangles share interior points.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }

    /// Whether `other` lies inside this rectangle.
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.x + other.w <= self.x + self.w
            && other.y + other.h <= self.y + self.h
    }

    fn moved(&self, dx: f64, dy: f64) -> Rect {
        Rect {
            x: self.x + dx,
            y: self.y + dy,
            ..*self
        }
    }
}

/// A state's box. Parallel and Map states are frames holding their scopes' frames.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedNode<'g> {
    pub node: &'g Node,
    pub rect: Rect,
    /// The height of the name/type/notes part (the whole box for a simple state).
    pub header: f64,
}

/// The frame of a nested scope (a Parallel branch or a Map processor).
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedFrame<'g> {
    pub scope: &'g ScopeGraph,
    pub rect: Rect,
}

/// A start or end marker of a scope.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedMarker<'g> {
    pub scope: &'g ScopeGraph,
    /// [`Endpoint::Start`] or [`Endpoint::End`].
    pub endpoint: Endpoint,
    pub rect: Rect,
}

/// An edge as a polyline, with the box of its label.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedEdge<'g> {
    pub scope: &'g ScopeGraph,
    pub edge: &'g Edge,
    pub points: Vec<(f64, f64)>,
    pub label: Option<Rect>,
}

/// Everything placed, in absolute coordinates.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout<'g> {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<PlacedNode<'g>>,
    pub frames: Vec<PlacedFrame<'g>>,
    pub markers: Vec<PlacedMarker<'g>>,
    pub edges: Vec<PlacedEdge<'g>>,
}

impl<'g> Layout<'g> {
    /// Lays out `scope` (the machine's scope: its markers read Start and End) with a margin.
    pub fn new(scope: &'g ScopeGraph) -> Layout<'g> {
        let mut layout = layout_scope(scope, true);
        let margin = 16.0;
        layout.translate(margin, margin);
        layout.width += 2.0 * margin;
        layout.height += 2.0 * margin;
        layout.round();
        layout
    }

    /// Rounds every coordinate to a tenth of a pixel, so the written numbers are short.
    fn round(&mut self) {
        let r = |v: &mut f64| *v = (*v * 10.0).round() / 10.0;
        let rect = |x: &mut Rect| {
            r(&mut x.x);
            r(&mut x.y);
            r(&mut x.w);
            r(&mut x.h);
        };
        r(&mut self.width);
        r(&mut self.height);
        self.nodes.iter_mut().for_each(|n| rect(&mut n.rect));
        self.frames.iter_mut().for_each(|f| rect(&mut f.rect));
        self.markers.iter_mut().for_each(|m| rect(&mut m.rect));
        for e in &mut self.edges {
            for p in &mut e.points {
                r(&mut p.0);
                r(&mut p.1);
            }
            if let Some(l) = &mut e.label {
                rect(l);
            }
        }
    }

    fn translate(&mut self, dx: f64, dy: f64) {
        for n in &mut self.nodes {
            n.rect = n.rect.moved(dx, dy);
        }
        for f in &mut self.frames {
            f.rect = f.rect.moved(dx, dy);
        }
        for m in &mut self.markers {
            m.rect = m.rect.moved(dx, dy);
        }
        for e in &mut self.edges {
            for p in &mut e.points {
                p.0 += dx;
                p.1 += dy;
            }
            e.label = e.label.map(|l| l.moved(dx, dy));
        }
    }

    fn append(&mut self, other: Layout<'g>) {
        self.nodes.extend(other.nodes);
        self.frames.extend(other.frames);
        self.markers.extend(other.markers);
        self.edges.extend(other.edges);
    }
}

/// What sits in a slot of a layer.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    /// A state (by index) or a marker.
    Vertex(Endpoint),
    /// A point edges pass through; `true` when it holds their labels.
    Dummy(bool),
}

#[derive(Debug)]
struct Vertex {
    slot: Slot,
    w: f64,
    h: f64,
    layer: usize,
    x: f64,
    /// Space kept free on the right of the box, inside `w`, for self loops and their labels.
    right: f64,
}

/// One edge of the layered graph, oriented downwards.
#[derive(Debug)]
struct Chain {
    /// The edges (indices in the scope) drawn along this route.
    edges: Vec<usize>,
    /// Vertex indices from top to bottom: source, dummies, target.
    path: Vec<usize>,
    reversed: bool,
}

fn layout_scope<'g>(scope: &'g ScopeGraph, top: bool) -> Layout<'g> {
    let n = scope.nodes.len();
    let start = n;
    let end = n + 1;
    let index = |e: Endpoint| match e {
        Endpoint::State(i) => i,
        Endpoint::Start => start,
        Endpoint::End => end,
    };

    // Sizes: nested scopes first.
    let mut inner: Vec<Option<(Layout<'g>, f64)>> = Vec::with_capacity(n);
    let mut vertices: Vec<Vertex> = Vec::with_capacity(n + 2);
    for node in &scope.nodes {
        let (w, header) = node_box(node);
        if node.scopes.is_empty() {
            inner.push(None);
            vertices.push(vertex(
                Slot::Vertex(Endpoint::State(vertices.len())),
                w,
                header,
            ));
        } else {
            let (frames, fw, fh) = frames_of(node);
            let w = w.max(fw + 2.0 * PAD);
            let h = header + fh + PAD;
            inner.push(Some((frames, header)));
            vertices.push(vertex(Slot::Vertex(Endpoint::State(vertices.len())), w, h));
        }
    }
    let (mw, mh) = if top { (56.0, 24.0) } else { (14.0, 14.0) };
    vertices.push(vertex(Slot::Vertex(Endpoint::Start), mw, mh));
    vertices.push(vertex(Slot::Vertex(Endpoint::End), mw, mh));

    // Edges of the layered graph (self loops are drawn beside their state).
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n + 2];
    for (i, e) in scope.edges.iter().enumerate() {
        if e.from != e.to {
            out[index(e.from)].push(i);
        }
    }
    let reversed = back_edges(scope, &out, start, index);
    for (s, loops) in self_loops(scope) {
        let labels = loops
            .iter()
            .map(|&e| small_width(&scope.edges[e].label))
            .fold(0.0, f64::max);
        let right = loop_width(loops.len()) + 4.0 + if labels > 0.0 { labels + 8.0 } else { 0.0 };
        vertices[s].right = right;
        vertices[s].w += right;
    }

    // Longest-path layering; a labelled edge spans at least two layers.
    let oriented = |i: usize| {
        let e = &scope.edges[i];
        let (u, v) = (index(e.from), index(e.to));
        if reversed[i] { (v, u) } else { (u, v) }
    };
    let min_len = |i: usize| {
        if scope.edges[i].label.is_empty() {
            1
        } else {
            2
        }
    };
    let mut indegree = vec![0usize; n + 2];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); n + 2];
    for (i, e) in scope.edges.iter().enumerate() {
        if e.from != e.to {
            let (u, v) = oriented(i);
            down[u].push(i);
            indegree[v] += 1;
        }
    }
    let mut ready: Vec<usize> = Vec::new();
    ready.push(start);
    ready.extend((0..n).filter(|&v| indegree[v] == 0));
    if indegree[end] == 0 {
        ready.push(end);
    }
    ready.reverse();
    let mut layer = vec![0usize; n + 2];
    while let Some(u) = ready.pop() {
        for &i in &down[u] {
            let (_, v) = oriented(i);
            layer[v] = layer[v].max(layer[u] + min_len(i));
            indegree[v] -= 1;
            if indegree[v] == 0 {
                ready.push(v);
            }
        }
    }
    for (v, l) in layer.iter().enumerate() {
        vertices[v].layer = *l;
    }

    // Labelled edges between the same two states with the same look (a Choice's rules to one
    // state, a state's catchers to one handler) share one route and one label slot, their
    // labels stacked: a Choice with twenty rules stays narrow.
    let mut bundles: Vec<Vec<usize>> = Vec::new();
    for (i, e) in scope.edges.iter().enumerate() {
        if e.from == e.to {
            continue;
        }
        let dashed = e.kind == EdgeKind::Catch;
        let joins = |b: &Vec<usize>| {
            let f = &scope.edges[b[0]];
            !e.label.is_empty()
                && !f.label.is_empty()
                && (f.from, f.to) == (e.from, e.to)
                && (f.kind == EdgeKind::Catch) == dashed
        };
        match bundles.iter_mut().find(|b| joins(b)) {
            Some(b) => b.push(i),
            None => bundles.push(vec![i]),
        }
    }

    // Dummy slots for edges spanning several layers.
    let mut chains = Vec::new();
    for edges in bundles {
        let i = edges[0];
        let (u, v) = oriented(i);
        let mut path = vec![u];
        for l in layer[u] + 1..layer[v] {
            let labelled = l == layer[u] + 1 && !scope.edges[i].label.is_empty();
            let (w, h) = if labelled {
                let w = edges
                    .iter()
                    .map(|&e| small_width(&scope.edges[e].label))
                    .fold(0.0, f64::max);
                (w + 8.0, LABEL_LINE * edges.len() as f64)
            } else {
                (DUMMY_WIDTH, 0.0)
            };
            let mut d = vertex(Slot::Dummy(labelled), w, h);
            d.layer = l;
            path.push(vertices.len());
            vertices.push(d);
        }
        path.push(v);
        chains.push(Chain {
            reversed: reversed[i],
            edges,
            path,
        });
    }

    // Neighbours in the layer above and below.
    let mut above: Vec<Vec<usize>> = vec![Vec::new(); vertices.len()];
    let mut below: Vec<Vec<usize>> = vec![Vec::new(); vertices.len()];
    for c in &chains {
        for pair in c.path.windows(2) {
            below[pair[0]].push(pair[1]);
            above[pair[1]].push(pair[0]);
        }
    }

    // Initial order: breadth first from the start marker, then document order.
    let layer_count = vertices.iter().map(|v| v.layer).max().unwrap_or(0) + 1;
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    let mut seen = vec![false; vertices.len()];
    let mut queue = std::collections::VecDeque::new();
    let roots = std::iter::once(start).chain(0..vertices.len());
    for root in roots {
        if seen[root] {
            continue;
        }
        seen[root] = true;
        queue.push_back(root);
        while let Some(v) = queue.pop_front() {
            layers[vertices[v].layer].push(v);
            for &w in below[v].iter().chain(&above[v]) {
                if !seen[w] {
                    seen[w] = true;
                    queue.push_back(w);
                }
            }
        }
    }
    reduce_crossings(&mut layers, &above, &below);

    // Coordinates.
    place_x(&mut layers, &mut vertices, &above, &below);
    let mut layer_top = Vec::with_capacity(layer_count);
    let mut layer_height = Vec::with_capacity(layer_count);
    let mut y = 0.0;
    for l in &layers {
        let h = l.iter().map(|&v| vertices[v].h).fold(0.0, f64::max);
        layer_top.push(y);
        layer_height.push(h);
        y += h + LAYER_GAP;
    }
    let height = (y - LAYER_GAP).max(0.0);
    let width = vertices.iter().map(|v| v.x + v.w).fold(0.0, f64::max);
    let rect_of = |v: &Vertex| Rect {
        x: v.x,
        y: layer_top[v.layer] + (layer_height[v.layer] - v.h) / 2.0,
        w: v.w - v.right,
        h: v.h,
    };

    let mut layout = Layout {
        width,
        height,
        ..Layout::default()
    };
    for (i, node) in scope.nodes.iter().enumerate() {
        let rect = rect_of(&vertices[i]);
        let header = match inner[i].take() {
            Some((mut frames, header)) => {
                let dx = rect.x + (rect.w - frames.width) / 2.0;
                frames.translate(dx, rect.y + header);
                layout.append(frames);
                header
            }
            None => rect.h,
        };
        layout.nodes.push(PlacedNode { node, rect, header });
    }
    for endpoint in [Endpoint::Start, Endpoint::End] {
        layout.markers.push(PlacedMarker {
            scope,
            endpoint,
            rect: rect_of(&vertices[index(endpoint)]),
        });
    }
    route_edges(
        scope,
        &chains,
        &vertices,
        &rect_of,
        &mut layout,
        &layer_top,
        &layer_height,
    );
    layout
}

fn vertex(slot: Slot, w: f64, h: f64) -> Vertex {
    Vertex {
        slot,
        w,
        h,
        layer: 0,
        x: 0.0,
        right: 0.0,
    }
}

/// Width and header height of a state's box.
fn node_box(node: &Node) -> (f64, f64) {
    let name = name_width(&node.shown_name());
    let kind = small_width(node.type_name);
    let notes = node
        .notes
        .iter()
        .map(|n| small_width(n))
        .fold(0.0, f64::max);
    let w = (name.max(kind).max(notes) + 2.0 * PAD).max(120.0);
    let h = 8.0 + 17.0 + 14.0 * (1 + node.notes.len()) as f64 + 6.0;
    (w.ceil(), h)
}

/// The frames of a Parallel's branches (side by side) or a Map's processor, in coordinates
/// relative to their top-left corner, with their total size.
fn frames_of<'g>(node: &'g Node) -> (Layout<'g>, f64, f64) {
    let mut all = Layout::default();
    let mut x = 0.0;
    let mut h: f64 = 0.0;
    for scope in &node.scopes {
        let mut inner = layout_scope(scope, false);
        let title = small_width(&scope.title) + 2.0 * PAD;
        let fw = (inner.width + 2.0 * PAD).max(title);
        let fh = inner.height + FRAME_TITLE + 2.0 * PAD;
        inner.translate(x + (fw - inner.width) / 2.0, FRAME_TITLE + PAD);
        all.frames.push(PlacedFrame {
            scope,
            rect: Rect {
                x,
                y: 0.0,
                w: fw,
                h: fh,
            },
        });
        all.append(inner);
        x += fw + SLOT_GAP;
        h = h.max(fh);
    }
    let w = (x - SLOT_GAP).max(0.0);
    all.width = w;
    all.height = h;
    (all, w, h)
}

/// Marks the edges that close a cycle in a depth-first search from the start marker (then from
/// every state not reached, in document order).
fn back_edges(
    scope: &ScopeGraph,
    out: &[Vec<usize>],
    start: usize,
    index: impl Fn(Endpoint) -> usize,
) -> Vec<bool> {
    let mut reversed = vec![false; scope.edges.len()];
    // 0: not visited, 1: on the stack, 2: done.
    let mut state = vec![0u8; out.len()];
    for root in std::iter::once(start).chain(0..out.len()) {
        if state[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some((v, next)) = stack.pop() {
            if let Some(&e) = out[v].get(next) {
                stack.push((v, next + 1));
                let w = index(scope.edges[e].to);
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => reversed[e] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
            }
        }
    }
    reversed
}

/// Barycenter sweeps, keeping the order with the fewest crossings.
fn reduce_crossings(layers: &mut [Vec<usize>], above: &[Vec<usize>], below: &[Vec<usize>]) {
    let count = |layers: &[Vec<usize>]| -> usize {
        (1..layers.len())
            .map(|l| crossings(&layers[l - 1], &layers[l], below))
            .sum()
    };
    let mut best = layers.to_vec();
    let mut best_count = count(layers);
    let mut position = vec![0.0; above.len()];
    for sweep in 0..SWEEPS {
        if best_count == 0 {
            break;
        }
        let downwards = sweep % 2 == 0;
        let order: Vec<usize> = if downwards {
            (1..layers.len()).collect()
        } else {
            (0..layers.len().saturating_sub(1)).rev().collect()
        };
        for l in order {
            let fixed = if downwards { l - 1 } else { l + 1 };
            for (p, &v) in layers[fixed].iter().enumerate() {
                position[v] = p as f64;
            }
            let neighbours = if downwards { above } else { below };
            let mut keyed: Vec<(f64, usize, usize)> = layers[l]
                .iter()
                .enumerate()
                .map(|(p, &v)| {
                    let ns = &neighbours[v];
                    let key = if ns.is_empty() {
                        p as f64
                    } else {
                        ns.iter().map(|&w| position[w]).sum::<f64>() / ns.len() as f64
                    };
                    (key, p, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            layers[l] = keyed.into_iter().map(|(_, _, v)| v).collect();
        }
        let c = count(layers);
        if c < best_count {
            best_count = c;
            best = layers.to_vec();
        }
    }
    layers.clone_from_slice(&best);
}

/// Crossings between two neighbouring layers.
fn crossings(upper: &[usize], lower: &[usize], below: &[Vec<usize>]) -> usize {
    let mut pos = std::collections::HashMap::new();
    for (p, &v) in lower.iter().enumerate() {
        pos.insert(v, p);
    }
    let mut ends = Vec::new();
    for (p, &u) in upper.iter().enumerate() {
        let mut targets: Vec<usize> = below[u]
            .iter()
            .filter_map(|w| pos.get(w).copied())
            .collect();
        targets.sort_unstable();
        ends.extend(targets.into_iter().map(|t| (p, t)));
    }
    let mut count = 0;
    for i in 0..ends.len() {
        for j in i + 1..ends.len() {
            let (a, b) = (ends[i], ends[j]);
            if (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1) {
                count += 1;
            }
        }
    }
    count
}

/// x coordinates: each slot as close as possible to the mean of its neighbours' centres,
/// slots in layer order and `SLOT_GAP` apart; alternating passes down and up.
fn place_x(
    layers: &mut [Vec<usize>],
    vertices: &mut [Vertex],
    above: &[Vec<usize>],
    below: &[Vec<usize>],
) {
    for l in layers.iter() {
        let mut x = 0.0;
        for &v in l {
            vertices[v].x = x;
            x += vertices[v].w + SLOT_GAP;
        }
    }
    let center = |v: &Vertex| v.x + v.w / 2.0;
    for pass in 0..PLACE_PASSES {
        let downwards = pass % 2 == 0;
        for l in 0..layers.len() {
            let l = if downwards { l } else { layers.len() - 1 - l };
            let layer = &layers[l];
            // Wanted centres, and the offset of each slot's centre from the first one's when
            // packed tightly.
            let mut wanted = Vec::with_capacity(layer.len());
            let mut weight = Vec::with_capacity(layer.len());
            let mut offset = Vec::with_capacity(layer.len());
            let mut packed = 0.0;
            for (p, &v) in layer.iter().enumerate() {
                if p > 0 {
                    packed += vertices[layer[p - 1]].w / 2.0 + SLOT_GAP + vertices[v].w / 2.0;
                }
                offset.push(packed);
                let primary = if downwards { &above[v] } else { &below[v] };
                let ns = if primary.is_empty() {
                    if downwards { &below[v] } else { &above[v] }
                } else {
                    primary
                };
                if ns.is_empty() {
                    wanted.push(center(&vertices[v]));
                    weight.push(0.01);
                } else {
                    let mean =
                        ns.iter().map(|&w| center(&vertices[w])).sum::<f64>() / ns.len() as f64;
                    wanted.push(mean);
                    // Dummies pull harder, so long edges run straight.
                    let dummy = matches!(vertices[v].slot, Slot::Dummy(..));
                    weight.push(if dummy { 2.0 } else { 1.0 });
                }
            }
            let targets: Vec<f64> = wanted.iter().zip(&offset).map(|(w, o)| w - o).collect();
            let fitted = isotonic(&targets, &weight);
            for (p, &v) in layer.iter().enumerate() {
                vertices[v].x = fitted[p] + offset[p] - vertices[v].w / 2.0;
            }
        }
    }
    let min_x = vertices.iter().map(|v| v.x).fold(f64::INFINITY, f64::min);
    if min_x.is_finite() {
        for v in vertices.iter_mut() {
            v.x = (v.x - min_x).round();
        }
    }
}

/// The non-decreasing sequence closest to `values` in weighted least squares
/// (pool-adjacent-violators).
fn isotonic(values: &[f64], weights: &[f64]) -> Vec<f64> {
    // Blocks of (mean, total weight, length).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(values.len());
    for (&v, &w) in values.iter().zip(weights) {
        blocks.push((v, w, 1));
        while blocks.len() > 1 {
            let (m2, w2, n2) = blocks[blocks.len() - 1];
            let (m1, w1, n1) = blocks[blocks.len() - 2];
            if m1 <= m2 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = ((m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, n1 + n2);
        }
    }
    blocks
        .into_iter()
        .flat_map(|(m, _, n)| std::iter::repeat_n(m, n))
        .collect()
}

/// Polylines: out of the bottom of a slot, straight down to the bottom of its layer, across the
/// gap, down from the top of the next layer; ports spread along the box edges.
fn route_edges<'g>(
    scope: &'g ScopeGraph,
    chains: &[Chain],
    vertices: &[Vertex],
    rect_of: &dyn Fn(&Vertex) -> Rect,
    layout: &mut Layout<'g>,
    layer_top: &[f64],
    layer_height: &[f64],
) {
    // Ports: for each vertex, its downward and upward attachments ordered by the other end's x.
    let mut bottom_ports: Vec<Vec<(f64, usize)>> = vec![Vec::new(); vertices.len()];
    let mut top_ports: Vec<Vec<(f64, usize)>> = vec![Vec::new(); vertices.len()];
    for (c, chain) in chains.iter().enumerate() {
        let (a, b) = (chain.path[0], chain.path[1]);
        bottom_ports[a].push((vertices[b].x + vertices[b].w / 2.0, c));
        let (y, z) = (
            chain.path[chain.path.len() - 2],
            chain.path[chain.path.len() - 1],
        );
        top_ports[z].push((vertices[y].x + vertices[y].w / 2.0, c));
    }
    let port_x = |ports: &mut Vec<(f64, usize)>, v: &Vertex, chain: usize| -> f64 {
        ports.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let k = ports.iter().position(|p| p.1 == chain).unwrap_or(0);
        let m = ports.len() as f64;
        // Stay off the rounded corners.
        let span = (v.w - v.right - 16.0).max(0.0);
        v.x + 8.0 + span * (k as f64 + 1.0) / (m + 1.0)
    };
    for (c, chain) in chains.iter().enumerate() {
        let first = chain.path[0];
        let last = chain.path[chain.path.len() - 1];
        let (r0, r1) = (rect_of(&vertices[first]), rect_of(&vertices[last]));
        let x0 = port_x(&mut bottom_ports[first], &vertices[first], c);
        let x1 = port_x(&mut top_ports[last], &vertices[last], c);
        let l0 = vertices[first].layer;
        let mut points = vec![(x0, r0.y + r0.h), (x0, layer_top[l0] + layer_height[l0])];
        let mut label = None;
        for &d in &chain.path[1..chain.path.len() - 1] {
            let v = &vertices[d];
            let cx = v.x + v.w / 2.0;
            points.push((cx, layer_top[v.layer]));
            points.push((cx, layer_top[v.layer] + layer_height[v.layer]));
            if let Slot::Dummy(true) = v.slot {
                label = Some(rect_of(v));
            }
        }
        let l1 = vertices[last].layer;
        points.push((x1, layer_top[l1]));
        points.push((x1, r1.y));
        points.dedup();
        if chain.reversed {
            points.reverse();
        }
        for (k, &e) in chain.edges.iter().enumerate() {
            layout.edges.push(PlacedEdge {
                scope,
                edge: &scope.edges[e],
                points: points.clone(),
                label: label.map(|r: Rect| Rect {
                    y: r.y + LABEL_LINE * k as f64,
                    h: LABEL_LINE,
                    ..r
                }),
            });
        }
    }
    // Self loops, on the right of their state, nested, with their labels stacked beside them.
    for (s, loops) in self_loops(scope) {
        let r = rect_of(&vertices[s]);
        let (x, y) = (r.x + r.w, r.y + r.h / 2.0);
        let label_x = x + loop_width(loops.len()) + 4.0;
        let label_y = y - LABEL_LINE * loops.len() as f64 / 2.0;
        for (k, &i) in loops.iter().enumerate() {
            let e = &scope.edges[i];
            let (w, dy) = (loop_width(k + 1), 6.0 + 4.0 * k as f64);
            layout.edges.push(PlacedEdge {
                scope,
                edge: e,
                points: vec![(x, y - dy), (x + w, y - dy), (x + w, y + dy), (x, y + dy)],
                label: (!e.label.is_empty()).then(|| Rect {
                    x: label_x,
                    y: label_y + LABEL_LINE * k as f64,
                    w: small_width(&e.label) + 8.0,
                    h: LABEL_LINE,
                }),
            });
        }
    }
}

/// The self loops of each state (state index, edge indices), in document order.
fn self_loops(scope: &ScopeGraph) -> Vec<(usize, Vec<usize>)> {
    let mut loops: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, e) in scope.edges.iter().enumerate() {
        if let (Endpoint::State(s), true) = (e.from, e.from == e.to) {
            match loops.iter_mut().find(|l| l.0 == s) {
                Some(l) => l.1.push(i),
                None => loops.push((s, vec![i])),
            }
        }
    }
    loops
}

/// How far `count` nested self loops reach right of their state.
fn loop_width(count: usize) -> f64 {
    6.0 + 8.0 * count as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isotonic_pools_violators() {
        assert_eq!(
            isotonic(&[1.0, 3.0, 2.0, 4.0], &[1.0; 4]),
            [1.0, 2.5, 2.5, 4.0]
        );
        assert_eq!(isotonic(&[3.0, 1.0], &[1.0, 3.0]), [1.5, 1.5]);
        assert!(isotonic(&[], &[]).is_empty());
    }
}
