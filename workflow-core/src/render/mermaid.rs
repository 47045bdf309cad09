//! The Mermaid writer (`flowchart TD`), for Markdown and READMEs. Parallel and Map states are
//! subgraphs holding one subgraph per branch or processor; every node and subgraph is declared
//! first, then every edge.

use std::fmt::Write as _;

use super::Picture;
use super::graph::{EdgeKind, Node, ScopeGraph};
use super::history::Status;
use super::text::mermaid as esc;

pub(super) fn write(picture: &Picture<'_>) -> String {
    let mut s = String::from("flowchart TD\n");
    declare_scope(&mut s, &picture.graph.root, 1);
    for scope in picture.graph.scopes() {
        for e in &scope.edges {
            let (from, to) = (scope.endpoint_id(e.from), scope.endpoint_id(e.to));
            let arrow = if e.kind == EdgeKind::Catch {
                "-.->"
            } else {
                "-->"
            };
            if e.label.is_empty() {
                let _ = writeln!(s, "    {from} {arrow} {to}");
            } else {
                let _ = writeln!(s, "    {from} {arrow}|\"{}\"| {to}", esc(&e.label));
            }
        }
    }
    if picture.runs.is_some() {
        for st in Status::ALL {
            let (fill, stroke) = st.colors();
            let dash = if st == Status::NotReached {
                ",stroke-dasharray:4 3"
            } else {
                ""
            };
            let _ = writeln!(
                s,
                "    classDef {} fill:{fill},stroke:{stroke},stroke-width:2px{dash}",
                class_name(st)
            );
        }
        for st in Status::ALL {
            let ids: Vec<&str> = picture
                .graph
                .nodes()
                .into_iter()
                .filter(|n| picture.status_of(&n.name).0 == Some(st))
                .map(|n| n.id.as_str())
                .collect();
            if !ids.is_empty() {
                let _ = writeln!(s, "    class {} {}", ids.join(","), class_name(st));
            }
        }
    }
    s
}

/// Mermaid class names cannot hold `-`.
fn class_name(status: Status) -> String {
    status.as_str().replace('-', "_")
}

fn declare_scope(s: &mut String, scope: &ScopeGraph, depth: usize) {
    let pad = "    ".repeat(depth);
    if scope.id == "s0" {
        let _ = writeln!(s, "{pad}s0_start([\"Start\"])");
    } else {
        let _ = writeln!(s, "{pad}{}_start((\"start\"))", scope.id);
    }
    for node in &scope.nodes {
        declare_node(s, node, depth);
    }
    if scope.id == "s0" {
        let _ = writeln!(s, "{pad}s0_end([\"End\"])");
    } else {
        let _ = writeln!(s, "{pad}{}_end((\"end\"))", scope.id);
    }
}

fn declare_node(s: &mut String, node: &Node, depth: usize) {
    let pad = "    ".repeat(depth);
    let mut label = format!("{}<br/>{}", esc(&node.name), node.type_name);
    for note in &node.notes {
        let _ = write!(label, "<br/>{}", esc(note));
    }
    if node.scopes.is_empty() {
        let open_close = if node.type_name == "Choice" {
            ("{", "}")
        } else {
            ("[", "]")
        };
        let _ = writeln!(
            s,
            "{pad}{}{}\"{label}\"{}",
            node.id, open_close.0, open_close.1
        );
        return;
    }
    let _ = writeln!(s, "{pad}subgraph {}[\"{label}\"]", node.id);
    let _ = writeln!(s, "{pad}    direction TB");
    for scope in &node.scopes {
        let _ = writeln!(
            s,
            "{pad}    subgraph {}[\"{}\"]",
            scope.id,
            esc(&scope.title)
        );
        let _ = writeln!(s, "{pad}        direction TB");
        declare_scope(s, scope, depth + 2);
        let _ = writeln!(s, "{pad}    end");
    }
    let _ = writeln!(s, "{pad}end");
}
