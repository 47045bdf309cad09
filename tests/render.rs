//! Pictures judged by their content: every example and every valid definition of the shared
//! corpus renders in all four formats, and in each picture every state (nested ones included) is
//! a node and every transition (Next, Default, Choice rule, Catch, start of a scope, end) an
//! edge. Also: an execution history colours each state by what happened to it, a 100-state
//! machine is laid out without overlaps at a sane size, text is escaped, output is
//! deterministic, and the checked-in README picture is up to date.

#[path = "common/corpus.rs"]
mod corpus;
#[path = "common/examples.rs"]
mod examples;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use examples::run_example;
use workflow::core::model::{Scope, StateKind, StateMachine, Transition};
use workflow::core::render::layout::{Layout, Rect};
use workflow::core::render::{
    ExecutionHistory, Graph, RenderFormat, RenderOptions, Status, render, text,
};
use workflow::{Format, Options, Report, check};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A transition as the model says it: from a state (`None`: the scope's start marker) to a state
/// (`None`: the scope's end marker), and its kind.
type Transition3 = (Option<String>, Option<String>, &'static str);

/// Every state name (nested ones included) and every transition, read from the model directly.
fn expected(machine: &StateMachine) -> (Vec<String>, Vec<Transition3>) {
    fn walk(scope: &Scope, names: &mut Vec<String>, edges: &mut Vec<Transition3>) {
        edges.push((None, Some(scope.start_at.clone()), "start"));
        for s in &scope.states {
            let name = Some(s.name.clone());
            names.push(s.name.clone());
            let kind = &s.state.kind;
            if let StateKind::Choice(c) = kind {
                for rule in &c.choices {
                    edges.push((name.clone(), Some(rule.next.clone()), "choice"));
                }
                if let Some(d) = &c.default {
                    edges.push((name.clone(), Some(d.clone()), "default"));
                }
            }
            match kind.transition() {
                Some(Transition::Next(n)) => edges.push((name.clone(), Some(n.clone()), "next")),
                Some(Transition::End) => edges.push((name.clone(), None, "end")),
                None => {}
            }
            if matches!(kind, StateKind::Succeed(_) | StateKind::Fail(_)) {
                edges.push((name.clone(), None, "end"));
            }
            if let Some((_, catchers)) = kind.error_handling() {
                for c in catchers {
                    edges.push((name.clone(), Some(c.next.clone()), "catch"));
                }
            }
            match kind {
                StateKind::Parallel(p) => {
                    for b in &p.branches {
                        walk(b, names, edges);
                    }
                }
                StateKind::Map(m) => walk(&m.processor.scope, names, edges),
                _ => {}
            }
        }
    }
    let (mut names, mut edges) = (Vec::new(), Vec::new());
    walk(&machine.scope, &mut names, &mut edges);
    names.sort();
    edges.sort();
    (names, edges)
}

/// The value of attribute `name` in the tag text `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The opening tags of `<g class="{class} …">` elements.
fn groups<'a>(svg: &'a str, class: &str) -> Vec<&'a str> {
    let open = format!("<g class=\"{class} ");
    svg.match_indices(&open)
        .map(|(i, _)| {
            let end = svg[i..].find('>').map_or(svg.len(), |e| i + e);
            &svg[i..end]
        })
        .collect()
}

fn check_svg(what: &str, svg: &str, names: &[String], edges: &[Transition3]) {
    let mut shown: Vec<String> = groups(svg, "state")
        .iter()
        .map(|g| attr(g, "data-state").expect("data-state").to_string())
        .collect();
    shown.sort();
    let mut want: Vec<String> = names.iter().map(|n| text::xml(n)).collect();
    want.sort();
    assert_eq!(shown, want, "{what}: the SVG's states");
    let mut drawn: Vec<(Option<String>, Option<String>, String)> = groups(svg, "edge")
        .iter()
        .map(|g| {
            let side = |name: &str, id: &str| {
                let v = attr(g, name).unwrap();
                let id = attr(g, id).unwrap();
                (!(id.ends_with("_start") || id.ends_with("_end"))).then(|| v.to_string())
            };
            (
                side("data-from", "data-from-id"),
                side("data-to", "data-to-id"),
                attr(g, "data-kind").unwrap().to_string(),
            )
        })
        .collect();
    drawn.sort();
    let mut want: Vec<(Option<String>, Option<String>, String)> = edges
        .iter()
        .map(|(f, t, k)| {
            (
                f.as_deref().map(text::xml),
                t.as_deref().map(text::xml),
                k.to_string(),
            )
        })
        .collect();
    want.sort();
    assert_eq!(drawn, want, "{what}: the SVG's edges");
}

/// How an edge looks in Mermaid and DOT: dashed (catch) and labelled (choice, default, catch).
fn style(kind: &str) -> (bool, bool) {
    (
        kind == "catch",
        matches!(kind, "choice" | "default" | "catch"),
    )
}

/// Maps node ids to the escaped names their labels start with, then compares the edges.
fn check_text(
    what: &str,
    ids: BTreeMap<String, String>,
    parsed: Vec<(String, String, bool, bool)>,
    names: &[String],
    edges: &[Transition3],
    escape: fn(&str) -> String,
) {
    let mut declared: Vec<&String> = ids.values().collect();
    declared.sort();
    let mut want: Vec<String> = names.iter().map(|n| escape(n)).collect();
    want.sort();
    assert_eq!(
        declared,
        want.iter().collect::<Vec<_>>(),
        "{what}: the states"
    );
    let name_of = |id: &str| -> Option<String> { ids.get(id).cloned() };
    let mut got: Vec<(Option<String>, Option<String>, bool, bool)> = parsed
        .into_iter()
        .map(|(f, t, dashed, labelled)| (name_of(&f), name_of(&t), dashed, labelled))
        .collect();
    got.sort();
    let mut want: Vec<(Option<String>, Option<String>, bool, bool)> = edges
        .iter()
        .map(|(f, t, k)| {
            let (dashed, labelled) = style(k);
            (
                f.as_deref().map(escape),
                t.as_deref().map(escape),
                dashed,
                labelled,
            )
        })
        .collect();
    want.sort();
    assert_eq!(got, want, "{what}: the edges");
}

fn check_mermaid(what: &str, mermaid: &str, names: &[String], edges: &[Transition3]) {
    assert!(mermaid.starts_with("flowchart TD\n"), "{what}");
    let mut ids = BTreeMap::new();
    let mut parsed = Vec::new();
    for line in mermaid.lines().skip(1).map(str::trim) {
        let decl = line.strip_prefix("subgraph ").unwrap_or(line);
        let id_len = decl.find(['[', '{']).unwrap_or(0);
        let id = &decl[..id_len];
        if id.len() > 1 && id.starts_with('n') && id[1..].bytes().all(|b| b.is_ascii_digit()) {
            let label = &decl[id_len + 2..];
            let name = &label[..label.find("<br/>").expect("name then type")];
            ids.insert(id.to_string(), name.to_string());
            continue;
        }
        let Some((from, rest)) = line.split_once(' ') else {
            continue;
        };
        let (dashed, rest) = match (rest.strip_prefix("-.->"), rest.strip_prefix("-->")) {
            (Some(rest), _) => (true, rest),
            (None, Some(rest)) => (false, rest),
            (None, None) => continue,
        };
        let (label, to) = match rest.strip_prefix("|\"") {
            Some(rest) => {
                let end = rest.find("\"| ").expect("label end");
                (true, &rest[end + 3..])
            }
            None => (false, rest.trim_start()),
        };
        parsed.push((from.to_string(), to.to_string(), dashed, label));
    }
    check_text(what, ids, parsed, names, edges, text::mermaid);
}

fn check_dot(what: &str, dot: &str, names: &[String], edges: &[Transition3]) {
    assert!(dot.starts_with("digraph \""), "{what}");
    assert!(dot.ends_with("}\n"), "{what}");
    let mut ids = BTreeMap::new();
    let mut parsed = Vec::new();
    for line in dot.lines().map(str::trim) {
        if let Some((id, rest)) = line.split_once(" [label=\"")
            && id.starts_with('n')
            && id[1..].bytes().all(|b| b.is_ascii_digit())
        {
            let name = &rest[..rest.find("\\n").expect("name then type")];
            ids.insert(id.to_string(), name.to_string());
        } else if let Some((from, rest)) = line.split_once(" -> ") {
            if rest.contains("style=invis") {
                continue;
            }
            let to = rest.split([' ', ';']).next().unwrap();
            parsed.push((
                from.to_string(),
                to.to_string(),
                rest.contains("style=dashed"),
                rest.contains("label=\""),
            ));
        }
    }
    // A name holding the two characters `\n` is cut there; compare what the writer printed.
    let escape: fn(&str) -> String = |n| {
        let e = text::dot(n);
        e.find("\\n").map_or(e.clone(), |i| e[..i].to_string())
    };
    check_text(what, ids, parsed, names, edges, escape);
}

fn check_html(what: &str, html: &str, svg: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"), "{what}");
    assert!(html.contains(svg), "{what}: the page holds the SVG");
    for external in ["<script src", "<link", "http://", "https://", "@import"] {
        // The SVG namespace is the only URL allowed: it is an identifier, never fetched.
        let count = html.matches(external).count();
        let allowed = if external == "http://" {
            html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
        } else {
            0
        };
        assert_eq!(count, allowed, "{what}: no external resource ({external})");
    }
    assert!(html.contains("data-rendered"), "{what}");
}

/// Renders `report`'s machine in the four formats and checks each.
fn check_all_formats(what: &str, report: &Report) {
    let validated = report.validated().expect("valid");
    let (names, edges) = expected(validated.machine());
    let options = RenderOptions {
        title: what,
        history: None,
    };
    let svg = render(validated, RenderFormat::Svg, &options);
    check_svg(what, &svg, &names, &edges);
    let graph = Graph::new(validated.machine());
    assert_no_overlaps(what, &Layout::new(&graph.root));
    check_mermaid(
        what,
        &render(validated, RenderFormat::Mermaid, &options),
        &names,
        &edges,
    );
    check_dot(
        what,
        &render(validated, RenderFormat::Dot, &options),
        &names,
        &edges,
    );
    check_html(what, &render(validated, RenderFormat::Html, &options), &svg);
}

fn read_check(path: &Path) -> (String, Report) {
    let text = std::fs::read_to_string(path).unwrap();
    let report = check(
        &text,
        Format::from_path(&path.to_string_lossy()),
        &Options::default(),
    );
    (text, report)
}

#[test]
fn every_example_definition_renders_with_all_states_and_transitions() {
    let mut count = 0;
    for entry in std::fs::read_dir(root().join("examples/definitions")).unwrap() {
        let path = entry.unwrap().path();
        let (_, report) = read_check(&path);
        assert!(report.is_valid(), "{}", path.display());
        check_all_formats(&path.display().to_string(), &report);
        count += 1;
    }
    assert!(count >= 2, "found {count} example definitions");
}

#[test]
fn every_valid_corpus_definition_renders_with_all_states_and_transitions() {
    let (dir, entries) = corpus::load();
    let mut table: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for e in entries.iter().filter(|e| e.kind == "asl") {
        if !matches!(e.expected.as_str(), "valid" | "valid-after-substitution") {
            continue;
        }
        let source = e.file.split('/').next().unwrap_or("?").to_string();
        let row = table.entry(source).or_default();
        let bytes = std::fs::read(dir.join(&e.file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let report = check(&text, Format::from_path(&e.file), &Options::default());
        // tests/corpus.rs holds the reasons where this project's verdict differs.
        if !report.is_valid() {
            row.1 += 1;
            continue;
        }
        check_all_formats(&e.file, &report);
        row.0 += 1;
    }
    println!(
        "\n{:<30} {:>9} {:>22}",
        "source", "rendered", "refused by validator"
    );
    let mut total = (0, 0);
    for (source, (ok, refused)) in &table {
        println!("{source:<30} {ok:>9} {refused:>22}");
        total.0 += ok;
        total.1 += refused;
    }
    println!("{:<30} {:>9} {:>22}\n", "all", total.0, total.1);
    assert!(
        total.0 > 100,
        "only {} corpus definitions rendered",
        total.0
    );
}

#[test]
fn every_example_program_renders_its_machines() {
    let base =
        std::env::temp_dir().join(format!("workflow-render-examples-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let mut machines = 0;
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        let dir = base.join(&name);
        let dir_text = dir.to_str().unwrap();
        run_example(&name, &["synth", "--out", dir_text]);
        run_example(&name, &["render", "--format", "svg", "--out", dir_text]);
        for asl in std::fs::read_dir(&dir).unwrap() {
            let asl = asl.unwrap().path();
            let Some(id) = asl
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .strip_suffix(".asl.json")
            else {
                continue;
            };
            let (_, report) = read_check(&asl);
            check_all_formats(&format!("{name}/{id}"), &report);
            // The program's own picture is the library's, titled with the logical id.
            let own = std::fs::read_to_string(dir.join(format!("{id}.svg"))).unwrap();
            let options = RenderOptions {
                title: id,
                history: None,
            };
            assert_eq!(
                own,
                render(report.validated().unwrap(), RenderFormat::Svg, &options)
            );
            machines += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&base);
    assert!(
        machines >= 7,
        "rendered {machines} machines of the example programs"
    );
}

fn order() -> (Report, ExecutionHistory) {
    let (_, report) = read_check(&root().join("tests/render/order.asl.json"));
    let history = std::fs::read_to_string(root().join("tests/render/order.history.json")).unwrap();
    (report, ExecutionHistory::from_json(&history).unwrap())
}

const ORDER_STATUSES: [(&str, Status); 5] = [
    ("Validate", Status::Retried),
    ("Charge", Status::Caught),
    ("Notify", Status::Succeeded),
    ("Refund", Status::Failed),
    ("Ship", Status::NotReached),
];

#[test]
fn a_history_colours_each_state_in_its_own_style() {
    let (report, history) = order();
    let validated = report.validated().unwrap();
    let options = RenderOptions {
        title: "order",
        history: Some(&history),
    };
    let svg = render(validated, RenderFormat::Svg, &options);
    let html = render(validated, RenderFormat::Html, &options);
    let mut fills = Vec::new();
    for (name, status) in ORDER_STATUSES {
        let group = groups(&svg, "state")
            .into_iter()
            .find(|g| attr(g, "data-state") == Some(name))
            .unwrap();
        let class = attr(group, "class").unwrap();
        assert!(
            class.split(' ').any(|c| c == status.as_str()),
            "{name}: {class}"
        );
        assert_eq!(attr(group, "data-status"), Some(status.as_str()));
        // The box's colours are the status's, and each status has its own.
        let start = svg.find(group).unwrap();
        let rect = &svg[start..][..svg[start..].find("/>").unwrap()];
        let (fill, stroke) = status.colors();
        assert!(
            rect.contains(&format!("fill=\"{fill}\" stroke=\"{stroke}\"")),
            "{name}: {rect}"
        );
        fills.push(fill);
        assert!(
            html.contains(group),
            "{name}: the page shows the same picture"
        );
    }
    fills.sort();
    fills.dedup();
    assert_eq!(fills.len(), ORDER_STATUSES.len(), "one colour per status");
    // The retried state carries its count.
    let validate = groups(&svg, "state")
        .into_iter()
        .find(|g| attr(g, "data-state") == Some("Validate"))
        .unwrap();
    assert_eq!(attr(validate, "data-retries"), Some("1"));
    assert!(svg.contains("↻1"));
    // The page has the timeline (one row per event, times in ISO 8601) and the inputs and
    // outputs for the click handler.
    assert_eq!(html.matches("<tr").count(), history.events.len() + 1);
    assert!(html.contains("<td>2024-05-01T10:00:00.000Z</td><td>ExecutionStarted</td>"));
    assert!(html.contains("<td>2024-05-01T10:00:02.000000+00:00</td><td>TaskStateEntered</td>"));
    assert!(
        html.contains(r#"\"valid\":true"#),
        "Validate's output is in the page data"
    );
    assert!(html.contains("Card.Declined from Charge"));
    // Events that do not name their state are shown with the state they belong to.
    assert!(html.contains(
        "<tr class=\"failure\" data-state=\"Validate\"><td>5</td><td>2024-05-01T10:00:05.000000+00:00</td><td>LambdaFunctionFailed</td><td>Validate</td>"
    ));
    // Mermaid and DOT colour them too.
    let mermaid = render(validated, RenderFormat::Mermaid, &options);
    assert!(mermaid.contains("class n0 retried"), "{mermaid}");
    assert!(mermaid.contains("class n1 caught"), "{mermaid}");
    assert!(mermaid.contains("class n4 failed"), "{mermaid}");
    assert!(mermaid.contains("class n2 not_reached"), "{mermaid}");
    let dot = render(validated, RenderFormat::Dot, &options);
    assert!(dot.contains("class=\"failed\""));
    assert!(dot.contains("xlabel=\"↻1\""));
}

#[test]
fn states_inside_parallel_branches_and_map_processors_are_coloured() {
    let text = r#"{"StartAt":"P","States":{
      "P":{"Type":"Parallel","Branches":[
        {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
        {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:b","End":true}}}],
       "Next":"M"},
      "M":{"Type":"Map","ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}},"End":true}}}"#;
    let event = |id: u64, prev: u64, ty: &str, details: &str| {
        format!(
            r#"{{"timestamp":{},"type":"{ty}","id":{id},"previousEventId":{prev}{details}}}"#,
            1_700_000_000 + id
        )
    };
    let named =
        |kind: &str, name: &str| format!(r#","state{kind}EventDetails":{{"name":"{name}"}}"#);
    let history = format!(
        r#"{{"events":[{{"timestamp":1700000000,"type":"ExecutionStarted","id":1}},{}]}}"#,
        [
            event(2, 1, "ParallelStateEntered", &named("Entered", "P")),
            event(3, 2, "ParallelStateStarted", ""),
            event(4, 3, "PassStateEntered", &named("Entered", "A")),
            event(5, 3, "TaskStateEntered", &named("Entered", "B")),
            event(6, 4, "PassStateExited", &named("Exited", "A")),
            event(7, 5, "TaskScheduled", ""),
            event(
                8,
                7,
                "TaskFailed",
                r#","taskFailedEventDetails":{"error":"Boom"}"#
            ),
            event(9, 8, "ParallelStateFailed", ""),
            event(10, 9, "ExecutionFailed", ""),
        ]
        .join(",")
    );
    let history = ExecutionHistory::from_json(&history).unwrap();
    let report = check(text, Format::Json, &Options::default());
    let options = RenderOptions {
        title: "nested",
        history: Some(&history),
    };
    let svg = render(report.validated().unwrap(), RenderFormat::Svg, &options);
    let status = |name: &str| {
        let g = groups(&svg, "state")
            .into_iter()
            .find(|g| attr(g, "data-state") == Some(name))
            .unwrap();
        attr(g, "data-status").unwrap().to_string()
    };
    assert_eq!(status("A"), "succeeded");
    assert_eq!(status("B"), "failed");
    assert_eq!(status("P"), "failed");
    assert_eq!(status("M"), "not-reached");
    assert_eq!(status("X"), "not-reached");
}

/// A generated machine of `n` states: a chain with a Choice every 9 states (jumping ahead),
/// retriers and catchers every 7, a Parallel with two branches and a Map with a processor.
fn generated(n: usize) -> String {
    let mut states = Vec::new();
    let name = |i: usize| format!("Step{i:03}");
    let mut i = 0;
    let mut count = 0;
    let top = n - 8; // the Parallel and the Map hold 3 + 3 + 2 nested states
    while i < top {
        let next = if i + 1 < top {
            format!(r#""Next":"{}""#, name(i + 1))
        } else {
            r#""End":true"#.into()
        };
        let state = if i == 20 {
            let branch = |b: usize| {
                format!(
                    r#"{{"StartAt":"B{b}a","States":{{"B{b}a":{{"Type":"Pass","Next":"B{b}b"}},"B{b}b":{{"Type":"Wait","Seconds":1,"Next":"B{b}c"}},"B{b}c":{{"Type":"Pass","End":true}}}}}}"#
                )
            };
            count += 6;
            format!(
                r#"{{"Type":"Parallel","Branches":[{},{}],{next}}}"#,
                branch(1),
                branch(2)
            )
        } else if i == 50 {
            count += 2;
            format!(
                r#"{{"Type":"Map","ItemProcessor":{{"StartAt":"M1","States":{{"M1":{{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:m","Next":"M2"}},"M2":{{"Type":"Pass","End":true}}}}}},{next}}}"#
            )
        } else if i % 9 == 4 && i + 3 < top {
            format!(
                r#"{{"Type":"Choice","Choices":[{{"Variable":"$.n","NumericGreaterThan":{i},"Next":"{}"}},{{"Variable":"$.s","StringEquals":"x{i}","Next":"{}"}}],"Default":"{}"}}"#,
                name(i + 3),
                name(i + 2),
                name(i + 1)
            )
        } else if i % 7 == 3 && i + 5 < top {
            format!(
                r#"{{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f{i}","Retry":[{{"ErrorEquals":["States.Timeout"],"MaxAttempts":2}}],"Catch":[{{"ErrorEquals":["States.ALL"],"Next":"{}"}}],{next}}}"#,
                name(i + 5)
            )
        } else {
            format!(r#"{{"Type":"Pass",{next}}}"#)
        };
        states.push(format!(r#""{}":{state}"#, name(i)));
        count += 1;
        i += 1;
    }
    assert_eq!(count, n);
    format!(
        r#"{{"StartAt":"{}","States":{{{}}}}}"#,
        name(0),
        states.join(",")
    )
}

/// Boxes (states, frames, markers, edge labels) form a laminar family: any two are disjoint or
/// one holds the other (a Parallel box holds its branch frames and their states); all lie in
/// the picture.
fn assert_no_overlaps(what: &str, layout: &Layout<'_>) {
    let mut boxes: Vec<(String, Rect)> = Vec::new();
    boxes.extend(
        layout
            .nodes
            .iter()
            .map(|n| (format!("state {}", n.node.name), n.rect)),
    );
    boxes.extend(
        layout
            .frames
            .iter()
            .map(|f| (format!("frame {}", f.scope.id), f.rect)),
    );
    boxes.extend(
        layout
            .markers
            .iter()
            .map(|m| (format!("marker {}", m.scope.id), m.rect)),
    );
    boxes.extend(
        layout
            .edges
            .iter()
            .filter_map(|e| e.label.map(|l| (format!("label {}", e.edge.label), l))),
    );
    for (i, (a, ra)) in boxes.iter().enumerate() {
        assert!(
            ra.x >= 0.0
                && ra.y >= 0.0
                && ra.x + ra.w <= layout.width
                && ra.y + ra.h <= layout.height,
            "{what}: {a} is outside the picture"
        );
        for (b, rb) in &boxes[i + 1..] {
            let nested = ra.contains(rb) || rb.contains(ra);
            assert!(
                !ra.overlaps(rb) || nested,
                "{what}: {a} {ra:?} overlaps {b} {rb:?}"
            );
        }
    }
}

#[test]
fn a_hundred_states_are_laid_out_without_overlaps_at_a_sane_size() {
    let text = generated(100);
    let report = check(&text, Format::Json, &Options::default());
    assert!(report.is_valid(), "{:?}", report.diagnostics);
    let machine = report.validated().unwrap().machine();
    let graph = Graph::new(machine);
    assert_eq!(graph.nodes().len(), 100);
    let layout = Layout::new(&graph.root);
    assert_no_overlaps("100 states", &layout);
    // Nested states sit inside their Parallel or Map box.
    for n in layout
        .nodes
        .iter()
        .filter(|n| n.node.name.starts_with('B') || n.node.name.starts_with('M'))
    {
        let parent = layout
            .nodes
            .iter()
            .find(|p| !p.node.scopes.is_empty() && p.rect.contains(&n.rect));
        assert!(parent.is_some(), "{} is not inside its frame", n.node.name);
    }
    println!(
        "100 states: {:.0} × {:.0} px, {} edges",
        layout.width,
        layout.height,
        layout.edges.len()
    );
    assert!(layout.width <= 2400.0, "too wide: {}", layout.width);
    assert!(layout.height <= 9000.0, "too tall: {}", layout.height);
    // Every edge starts and ends on its boxes, and no edge is left without points.
    assert!(layout.edges.iter().all(|e| e.points.len() >= 2));
}

#[test]
fn labels_of_edges_to_one_state_are_stacked() {
    let rules: Vec<String> = (0..20)
        .map(|i| format!(r#"{{"Variable":"$.n","NumericEquals":{i},"Next":"Many"}}"#))
        .collect();
    let text = format!(
        r#"{{"StartAt":"C","States":{{"C":{{"Type":"Choice","Choices":[{}],"Default":"Other"}},"Many":{{"Type":"Succeed"}},"Other":{{"Type":"Succeed"}}}}}}"#,
        rules.join(",")
    );
    let report = check(&text, Format::Json, &Options::default());
    check_all_formats("twenty rules", &report);
    let graph = Graph::new(report.validated().unwrap().machine());
    let layout = Layout::new(&graph.root);
    let labels: Vec<Rect> = layout.edges.iter().filter_map(|e| e.label).collect();
    assert_eq!(labels.len(), 21);
    // One column of twenty labels (and the Default beside it), not a row of twenty.
    let first_x = labels[0].x;
    assert_eq!(labels.iter().filter(|l| l.x == first_x).count(), 20);
    assert!(layout.width < 500.0, "{}", layout.width);
}

#[test]
fn names_are_escaped_in_every_format_and_output_is_deterministic() {
    let tricky = [
        "Say \"hi\" <now> & then",
        "注文 #1 | 'x'",
        "back\\slash\\n",
        "`tick` {x}",
    ];
    let text = format!(
        r#"{{"StartAt":{a},"States":{{{a}:{{"Type":"Choice","Choices":[{{"Variable":"$.v","StringEquals":"<\"&>","Next":{b}}}],"Default":{c}}},{b}:{{"Type":"Pass","Next":{d}}},{c}:{{"Type":"Succeed"}},{d}:{{"Type":"Succeed"}}}}}}"#,
        a = serde_json::to_string(tricky[0]).unwrap(),
        b = serde_json::to_string(tricky[1]).unwrap(),
        c = serde_json::to_string(tricky[2]).unwrap(),
        d = serde_json::to_string(tricky[3]).unwrap(),
    );
    let report = check(&text, Format::Json, &Options::default());
    assert!(report.is_valid(), "{:?}", report.diagnostics);
    check_all_formats("tricky names", &report);
    let validated = report.validated().unwrap();
    for format in RenderFormat::ALL {
        let options = RenderOptions {
            title: "<title> & \"quotes\"",
            history: None,
        };
        let once = render(validated, format, &options);
        assert_eq!(
            once,
            render(validated, format, &options),
            "{format:?} is deterministic"
        );
        if matches!(format, RenderFormat::Svg | RenderFormat::Html) {
            assert!(
                !once.contains("<now>") && !once.contains("<title> &"),
                "{format:?}"
            );
        }
    }
}

/// The README picture and the command that makes it.
fn readme_picture() -> (PathBuf, String) {
    let (_, report) = read_check(&root().join("examples/definitions/order-fulfillment.asl.json"));
    let options = RenderOptions {
        title: "order-fulfillment",
        history: None,
    };
    let svg = render(report.validated().unwrap(), RenderFormat::Svg, &options);
    (root().join("docs/images/order-fulfillment.svg"), svg)
}

#[test]
fn the_readme_picture_is_up_to_date() {
    let (path, svg) = readme_picture();
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == svg,
        "{} is stale: run `cargo run -- render examples/definitions/order-fulfillment.asl.json --format svg -o docs/images/order-fulfillment.svg`",
        path.display()
    );
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains("docs/images/order-fulfillment.svg"),
        "the README shows the picture"
    );
}

#[test]
fn the_render_command_writes_checks_and_refuses_bad_input() {
    let bin = env!("CARGO_BIN_EXE_workflow");
    let dir = std::env::temp_dir().join(format!("workflow-render-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let def = root().join("tests/render/order.asl.json");
    let history = root().join("tests/render/order.history.json");
    let run = |args: &[&str]| Command::new(bin).args(args).output().unwrap();
    let def_s = def.to_str().unwrap();
    // Standard output, every format; YAML too.
    for format in ["mermaid", "dot", "svg", "html"] {
        let out = run(&[
            "render",
            def_s,
            "--format",
            format,
            "--history",
            history.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty());
    }
    let yaml = dir.join("m.asl.yaml");
    std::fs::write(&yaml, "StartAt: A\nStates:\n  A:\n    Type: Succeed\n").unwrap();
    let out = run(&["render", yaml.to_str().unwrap(), "--format", "mermaid"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("s0_start --> n0"));
    // -o writes the file; --check accepts it, then refuses a stale one.
    let svg = dir.join("order.svg");
    let svg_s = svg.to_str().unwrap();
    assert!(
        run(&["render", def_s, "--format", "svg", "-o", svg_s])
            .status
            .success()
    );
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
    assert!(
        run(&["render", def_s, "--format", "svg", "-o", svg_s, "--check"])
            .status
            .success()
    );
    std::fs::write(&svg, "old").unwrap();
    let stale = run(&["render", def_s, "--format", "svg", "-o", svg_s, "--check"]);
    assert_eq!(stale.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&stale.stderr).contains("stale"));
    // An invalid definition: its diagnostics and exit 1.
    let bad = dir.join("bad.asl.json");
    std::fs::write(
        &bad,
        r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"}}}"#,
    )
    .unwrap();
    let out = run(&["render", bad.to_str().unwrap(), "--format", "svg"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Nowhere"));
    // A broken history: the JSON path, exit 2; a missing file: exit 2.
    let broken = dir.join("history.json");
    std::fs::write(
        &broken,
        r#"{"events":[{"id":1,"type":"ExecutionStarted","timestamp":true}]}"#,
    )
    .unwrap();
    let out = run(&[
        "render",
        def_s,
        "--format",
        "svg",
        "--history",
        broken.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("$.events[0].timestamp"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["render", "no-such-file.asl.json", "--format", "svg"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read no-such-file.asl.json"));
    let _ = std::fs::remove_dir_all(&dir);
}
