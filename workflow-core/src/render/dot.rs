//! The Graphviz DOT writer. Parallel and Map states are clusters: the state's own node heads
//! the cluster (edges to and from the state attach to the cluster's border with `lhead`/`ltail`)
//! and each branch or processor is a cluster inside it.

use std::fmt::Write as _;

use super::Picture;
use super::graph::{EdgeKind, Endpoint, Node, ScopeGraph};
use super::text::dot as esc;

pub(super) fn write(picture: &Picture<'_>) -> String {
    let mut s = format!("digraph \"{}\" {{\n", esc(&picture.title));
    s.push_str(concat!(
        "    graph [rankdir=TB, compound=true, fontname=\"Helvetica\", fontsize=11, nodesep=0.4, ranksep=0.5];\n",
        "    node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#3e4c59\", fontname=\"Helvetica\", fontsize=11];\n",
        "    edge [color=\"#616e7c\", fontname=\"Helvetica\", fontsize=10];\n",
    ));
    declare_scope(&mut s, picture, &picture.graph.root, 1);
    let compound = |scope: &ScopeGraph, e: Endpoint| match e {
        Endpoint::State(i) if !scope.nodes[i].scopes.is_empty() => Some(scope.nodes[i].id.clone()),
        _ => None,
    };
    for scope in picture.graph.scopes() {
        for e in &scope.edges {
            let mut attrs = Vec::new();
            if !e.label.is_empty() {
                attrs.push(format!("label=\"{}\"", esc(&e.label)));
                if e.full_label != e.label {
                    attrs.push(format!("tooltip=\"{}\"", esc(&e.full_label)));
                }
            }
            if e.kind == EdgeKind::Catch {
                attrs.push("style=dashed, color=\"#c05621\", fontcolor=\"#c05621\"".into());
            }
            if let Some(id) = compound(scope, e.from) {
                attrs.push(format!("ltail=cluster_{id}"));
            }
            if let Some(id) = compound(scope, e.to) {
                attrs.push(format!("lhead=cluster_{id}"));
            }
            let _ = write!(
                s,
                "    {} -> {}",
                scope.endpoint_id(e.from),
                scope.endpoint_id(e.to)
            );
            if attrs.is_empty() {
                s.push_str(";\n");
            } else {
                let _ = writeln!(s, " [{}];", attrs.join(", "));
            }
        }
    }
    s.push_str("}\n");
    s
}

fn declare_scope(s: &mut String, picture: &Picture<'_>, scope: &ScopeGraph, depth: usize) {
    let pad = "    ".repeat(depth);
    if scope.id == "s0" {
        let _ = writeln!(
            s,
            "{pad}s0_start [label=\"Start\", shape=oval, fillcolor=\"#2f855a\", fontcolor=\"#ffffff\"];"
        );
        let _ = writeln!(
            s,
            "{pad}s0_end [label=\"End\", shape=oval, fillcolor=\"#3e4c59\", fontcolor=\"#ffffff\"];"
        );
    } else {
        let id = &scope.id;
        let _ = writeln!(
            s,
            "{pad}{id}_start [label=\"\", shape=circle, width=0.18, fillcolor=\"#2f855a\"];"
        );
        let _ = writeln!(
            s,
            "{pad}{id}_end [label=\"\", shape=doublecircle, width=0.14, fillcolor=\"#3e4c59\"];"
        );
    }
    for node in &scope.nodes {
        declare_node(s, picture, node, depth);
    }
}

fn declare_node(s: &mut String, picture: &Picture<'_>, node: &Node, depth: usize) {
    let pad = "    ".repeat(depth);
    let mut label = format!("{}\n{}", node.name, node.type_name);
    for note in &node.notes {
        label.push('\n');
        label.push_str(note);
    }
    let mut attrs = format!("label=\"{}\"", esc(&label));
    let (status, retries) = picture.status_of(&node.name);
    if let Some(st) = status {
        let (fill, stroke) = st.colors();
        let _ = write!(
            attrs,
            ", fillcolor=\"{fill}\", color=\"{stroke}\", penwidth=2, class=\"{}\"",
            st.as_str()
        );
        if retries > 0 {
            let _ = write!(attrs, ", xlabel=\"↻{retries}\"");
        }
    }
    if node.type_name == "Choice" {
        attrs.push_str(", shape=diamond, style=filled");
    }
    if node.scopes.is_empty() {
        let _ = writeln!(s, "{pad}{} [{attrs}];", node.id);
        return;
    }
    let _ = writeln!(s, "{pad}subgraph cluster_{} {{", node.id);
    let _ = writeln!(
        s,
        "{pad}    label=\"\"; style=\"rounded\"; color=\"#3e4c59\";"
    );
    let _ = writeln!(s, "{pad}    {} [{attrs}];", node.id);
    for scope in &node.scopes {
        let _ = writeln!(s, "{pad}    subgraph cluster_{} {{", scope.id);
        let _ = writeln!(
            s,
            "{pad}        label=\"{}\"; style=\"dashed,rounded\"; color=\"#9aa5b1\";",
            esc(&scope.title)
        );
        declare_scope(s, picture, scope, depth + 2);
        let _ = writeln!(s, "{pad}    }}");
        // Keeps the state's own node above its branches.
        let _ = writeln!(
            s,
            "{pad}    {} -> {}_start [style=invis];",
            node.id, scope.id
        );
    }
    let _ = writeln!(s, "{pad}}}");
}
