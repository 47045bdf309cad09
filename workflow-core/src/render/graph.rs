//! The picture's content, before any layout: one graph per scope (the machine, each Parallel
//! branch, each Map processor), with a start and an end marker per scope, every state a node and
//! every transition an edge carrying its label.

use crate::model::{
    ChoiceRule, Comparison, Condition, Operand, Operator, Retrier, Scope, StateKind, StateMachine,
    Template, Transition, WaitFor,
};

/// Longest state name shown in full; longer ones end in `…` (the full name is in the tooltip).
pub const MAX_NAME_CHARS: usize = 40;

/// Longest label kept on an edge; longer ones end in `…` (the full text is in the tooltip).
const MAX_LABEL_CHARS: usize = 48;

/// The graph of a whole state machine.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    pub root: ScopeGraph,
}

/// The states of one scope and the transitions between them.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopeGraph {
    /// A stable id, unique in the picture: `s0` for the machine, `s1`, `s2`, … for nested
    /// scopes in document order.
    pub id: String,
    /// `branch 1`, `processor`, or empty for the machine.
    pub title: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// One state.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// A stable id, unique in the picture: `n0`, `n1`, … in document order, depth first.
    pub id: String,
    pub name: String,
    /// The ASL `Type`.
    pub type_name: &'static str,
    /// Short lines shown under the name: one per retrier, the Wait time, the Fail error.
    pub notes: Vec<String>,
    /// The Parallel branches or the Map processor, drawn as frames inside the node.
    pub scopes: Vec<ScopeGraph>,
}

/// Where an edge starts or ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    /// The scope's start marker.
    Start,
    /// The scope's end marker.
    End,
    /// A state, by its index in [`ScopeGraph::nodes`].
    State(usize),
}

/// What a transition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    /// Start marker → `StartAt`.
    Start,
    Next,
    /// A Choice rule; the label is its condition.
    Choice,
    /// A Choice state's `Default`.
    Default,
    /// A catcher; drawn dashed, the label is its error names.
    Catch,
    /// `End: true`, Succeed or Fail → end marker.
    End,
}

impl EdgeKind {
    /// The name used in CSS classes and `data-kind` attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Start => "start",
            EdgeKind::Next => "next",
            EdgeKind::Choice => "choice",
            EdgeKind::Default => "default",
            EdgeKind::Catch => "catch",
            EdgeKind::End => "end",
        }
    }
}

/// One transition.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: Endpoint,
    pub to: Endpoint,
    pub kind: EdgeKind,
    /// The shown label (shortened), empty for none.
    pub label: String,
    /// The full label, for tooltips.
    pub full_label: String,
}

impl Graph {
    /// Builds the graph of `machine`. A `Next` naming no state of its scope (possible only in an
    /// invalid definition) is left out.
    pub fn new(machine: &StateMachine) -> Graph {
        let mut ids = Ids::default();
        Graph {
            root: scope_graph(&machine.scope, String::new(), &mut ids),
        }
    }

    /// Every node, depth first in document order.
    pub fn nodes(&self) -> Vec<&Node> {
        fn walk<'a>(scope: &'a ScopeGraph, out: &mut Vec<&'a Node>) {
            for node in &scope.nodes {
                out.push(node);
                for inner in &node.scopes {
                    walk(inner, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.root, &mut out);
        out
    }

    /// Every scope, the machine first, then nested ones depth first.
    pub fn scopes(&self) -> Vec<&ScopeGraph> {
        fn walk<'a>(scope: &'a ScopeGraph, out: &mut Vec<&'a ScopeGraph>) {
            out.push(scope);
            for node in &scope.nodes {
                for inner in &node.scopes {
                    walk(inner, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.root, &mut out);
        out
    }
}

impl Node {
    /// The name as shown in the box: at most [`MAX_NAME_CHARS`] characters.
    pub fn shown_name(&self) -> String {
        shorten(&self.name, MAX_NAME_CHARS)
    }
}

impl ScopeGraph {
    /// The id of an endpoint: the node id, or `<scope id>_start` / `<scope id>_end`.
    pub fn endpoint_id(&self, endpoint: Endpoint) -> String {
        match endpoint {
            Endpoint::Start => format!("{}_start", self.id),
            Endpoint::End => format!("{}_end", self.id),
            Endpoint::State(i) => self.nodes[i].id.clone(),
        }
    }

    /// The state name of an endpoint, or `start` / `end` for the markers.
    pub fn endpoint_name(&self, endpoint: Endpoint) -> &str {
        match endpoint {
            Endpoint::Start => "start",
            Endpoint::End => "end",
            Endpoint::State(i) => &self.nodes[i].name,
        }
    }
}

#[derive(Default)]
struct Ids {
    nodes: usize,
    scopes: usize,
}

fn scope_graph(scope: &Scope, title: String, ids: &mut Ids) -> ScopeGraph {
    let id = format!("s{}", ids.scopes);
    ids.scopes += 1;
    let index_of = |name: &str| scope.states.iter().position(|s| s.name == name);
    let mut nodes = Vec::with_capacity(scope.states.len());
    let mut edges = Vec::new();
    if let Some(start) = index_of(&scope.start_at) {
        edges.push(edge(
            Endpoint::Start,
            Endpoint::State(start),
            EdgeKind::Start,
            "",
        ));
    }
    for (i, named) in scope.states.iter().enumerate() {
        let node_id = format!("n{}", ids.nodes);
        ids.nodes += 1;
        let kind = &named.state.kind;
        let mut scopes = Vec::new();
        match kind {
            StateKind::Parallel(p) => {
                for (b, branch) in p.branches.iter().enumerate() {
                    scopes.push(scope_graph(branch, format!("branch {}", b + 1), ids));
                }
            }
            StateKind::Map(m) => {
                scopes.push(scope_graph(&m.processor.scope, "processor".into(), ids));
            }
            _ => {}
        }
        let from = Endpoint::State(i);
        let mut add = |to: Option<usize>, kind: EdgeKind, label: &str| {
            if let Some(to) = to {
                edges.push(edge(from, Endpoint::State(to), kind, label));
            }
        };
        match kind {
            StateKind::Choice(c) => {
                for rule in &c.choices {
                    add(index_of(&rule.next), EdgeKind::Choice, &rule_text(rule));
                }
                if let Some(default) = &c.default {
                    add(index_of(default), EdgeKind::Default, "Default");
                }
            }
            _ => {
                if let Some(Transition::Next(next)) = kind.transition() {
                    add(index_of(next), EdgeKind::Next, "");
                }
            }
        }
        if let Some((_, catchers)) = kind.error_handling() {
            for catcher in catchers {
                add(
                    index_of(&catcher.next),
                    EdgeKind::Catch,
                    &catcher.error_equals.join(", "),
                );
            }
        }
        let ends = matches!(kind, StateKind::Succeed(_) | StateKind::Fail(_))
            || kind.transition() == Some(&Transition::End);
        if ends {
            edges.push(edge(from, Endpoint::End, EdgeKind::End, ""));
        }
        nodes.push(Node {
            id: node_id,
            name: named.name.clone(),
            type_name: kind.type_name(),
            notes: notes(kind),
            scopes,
        });
    }
    ScopeGraph {
        id,
        title,
        nodes,
        edges,
    }
}

fn edge(from: Endpoint, to: Endpoint, kind: EdgeKind, label: &str) -> Edge {
    Edge {
        from,
        to,
        kind,
        label: shorten(label, MAX_LABEL_CHARS),
        full_label: label.to_string(),
    }
}

/// `text` cut to `max` characters, ending in `…` when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The lines shown under a state's name.
fn notes(kind: &StateKind) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some((retriers, _)) = kind.error_handling() {
        notes.extend(retriers.iter().map(retry_text));
    }
    match kind {
        StateKind::Wait(w) => notes.push(match &w.wait {
            WaitFor::Seconds(d) => match d.value() {
                Some(n) => format!("wait {n} s"),
                None => "wait (dynamic seconds)".into(),
            },
            WaitFor::Timestamp(d) => match d.value() {
                Some(t) => format!("wait until {t}"),
                None => "wait until (dynamic timestamp)".into(),
            },
        }),
        StateKind::Fail(f) => {
            if let Some(error) = f.error.as_ref().and_then(|e| e.value()) {
                notes.push(format!("error {error}"));
            }
        }
        StateKind::Map(m) => {
            notes.push(format!(
                "{} map",
                m.processor.mode().as_str().to_lowercase()
            ));
        }
        _ => {}
    }
    notes
        .into_iter()
        .map(|n| shorten(&n, MAX_LABEL_CHARS))
        .collect()
}

/// `retry States.Timeout ×3, 2 s ×2` : errors, attempts, interval and backoff rate (AWS
/// defaults: 3 attempts, 1 s, rate 2.0).
pub fn retry_text(r: &Retrier) -> String {
    let attempts = r
        .max_attempts
        .as_ref()
        .map_or_else(|| "3".to_string(), |n| n.to_string());
    let interval = r
        .interval_seconds
        .as_ref()
        .map_or_else(|| "1".to_string(), |n| n.to_string());
    let rate = r
        .backoff_rate
        .as_ref()
        .map_or_else(|| "2.0".to_string(), |n| n.to_string());
    let mut s = format!(
        "retry {} ×{attempts}, {interval} s, backoff ×{rate}",
        r.error_equals.join(", ")
    );
    if let Some(max) = &r.max_delay_seconds {
        s.push_str(&format!(", max {max} s"));
    }
    s
}

/// A Choice rule's condition in short readable form: `$.total >= 100`.
pub fn rule_text(rule: &ChoiceRule) -> String {
    condition_text(&rule.condition)
}

/// A condition in short readable form (`&&`, `||`, `!` for And, Or, Not).
pub fn condition_text(condition: &Condition) -> String {
    match condition {
        Condition::Compare(c) => comparison_text(c),
        Condition::And(cs) => joined(cs, " && "),
        Condition::Or(cs) => joined(cs, " || "),
        Condition::Not(c) => format!("!({})", condition_text(c)),
        Condition::Jsonata(t) => template_text(t),
        Condition::Commented { rule, .. } => condition_text(rule),
    }
}

fn joined(cs: &[Condition], sep: &str) -> String {
    cs.iter()
        .map(|c| match c {
            Condition::And(_) | Condition::Or(_) => format!("({})", condition_text(c)),
            _ => condition_text(c),
        })
        .collect::<Vec<_>>()
        .join(sep)
}

fn comparison_text(c: &Comparison) -> String {
    let variable = c.variable.as_str();
    let operand = match &c.operand {
        Operand::String(s) => serde_json::to_string(s).unwrap_or_else(|_| s.clone()),
        Operand::Number(n) => n.to_string(),
        Operand::Bool(b) => b.to_string(),
        Operand::Path(p) => p.as_str().to_string(),
    };
    let test = |yes: &str, no: &str| {
        let holds = !matches!(c.operand, Operand::Bool(false));
        format!("{variable} {}", if holds { yes } else { no })
    };
    use Operator::*;
    match c.operator {
        IsNull => test("is null", "is not null"),
        IsPresent => test("is present", "is absent"),
        IsNumeric => test("is numeric", "is not numeric"),
        IsString => test("is string", "is not string"),
        IsBoolean => test("is boolean", "is not boolean"),
        IsTimestamp => test("is timestamp", "is not timestamp"),
        StringMatches => format!("{variable} matches {operand}"),
        op => {
            let symbol = match op {
                StringEquals | NumericEquals | BooleanEquals | TimestampEquals => "==",
                StringLessThan | NumericLessThan | TimestampLessThan => "<",
                StringGreaterThan | NumericGreaterThan | TimestampGreaterThan => ">",
                StringLessThanEquals | NumericLessThanEquals | TimestampLessThanEquals => "<=",
                _ => ">=",
            };
            format!("{variable} {symbol} {operand}")
        }
    }
}

fn template_text(t: &Template) -> String {
    match t {
        Template::Expr(e) => e.body().trim().to_string(),
        Template::Bool(b) => b.to_string(),
        Template::String(s) => s.clone(),
        Template::Number(n) => n.to_string(),
        Template::Null => "null".into(),
        Template::Dynamic(d) => d.as_str().to_string(),
        Template::Array(_) | Template::Object(_) => "condition".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, Options, check};

    fn graph(text: &str) -> Graph {
        let report = check(text, Format::Json, &Options::default());
        assert!(report.is_valid(), "{:?}", report.diagnostics);
        Graph::new(report.machine.as_ref().unwrap())
    }

    #[test]
    fn choice_conditions_read_like_code() {
        let g = graph(
            r#"{"StartAt":"C","States":{
              "C":{"Type":"Choice","Choices":[
                {"Variable":"$.total","NumericGreaterThanEquals":100,"Next":"Big"},
                {"And":[{"Variable":"$.a","StringEquals":"x\"y"},
                        {"Or":[{"Variable":"$.b","IsPresent":false},{"Not":{"Variable":"$.c","BooleanEquals":true}}]}],
                 "Next":"Big"}],
               "Default":"Small"},
              "Big":{"Type":"Succeed"},"Small":{"Type":"Fail","Error":"Small"}}}"#,
        );
        let labels: Vec<&str> = g.root.edges.iter().map(|e| e.full_label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "",
                "$.total >= 100",
                "$.a == \"x\\\"y\" && ($.b is absent || !($.c == true))",
                "Default",
                "",
                ""
            ]
        );
        assert_eq!(g.root.nodes[2].notes, ["error Small"]);
    }

    #[test]
    fn retriers_catchers_and_nested_scopes() {
        let g = graph(
            r#"{"StartAt":"P","States":{
              "P":{"Type":"Parallel","Branches":[
                  {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
                  {"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}],
                "Retry":[{"ErrorEquals":["States.Timeout"],"MaxAttempts":5,"BackoffRate":1.5}],
                "Catch":[{"ErrorEquals":["States.ALL"],"Next":"F"}],
                "Next":"M"},
              "M":{"Type":"Map","ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Succeed"}}},"End":true},
              "F":{"Type":"Fail"}}}"#,
        );
        let names: Vec<(&str, &str)> = g
            .nodes()
            .iter()
            .map(|n| (n.id.as_str(), n.name.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("n0", "P"),
                ("n1", "A"),
                ("n2", "B"),
                ("n3", "M"),
                ("n4", "X"),
                ("n5", "F")
            ]
        );
        let ids: Vec<&str> = g.scopes().iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["s0", "s1", "s2", "s3"]);
        assert_eq!(
            g.root.nodes[0].notes,
            ["retry States.Timeout ×5, 1 s, backoff ×1.5"]
        );
        let catch = g
            .root
            .edges
            .iter()
            .find(|e| e.kind == EdgeKind::Catch)
            .unwrap();
        assert_eq!(
            (catch.from, catch.to),
            (Endpoint::State(0), Endpoint::State(2))
        );
        assert_eq!(catch.label, "States.ALL");
        assert_eq!(g.root.nodes[1].notes, ["inline map"]);
    }
}
