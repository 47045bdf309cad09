//! The DSL emitter: model → the Rust source of a `workflow!` item, for `workflow import`.
//!
//! The source says the definition exactly: compiled, the macro emits ASL semantically equal to
//! the model (the same state names, values and numbers as written). It is written in the DSL's
//! own forms wherever the DSL has one, so the result reads like hand-written code:
//!
//! * states in document order, the `StartAt` state first; a transition to the state written
//!   next, and `End` on the last state of a scope, are left implicit;
//! * names that are Rust identifiers bare, others as strings (`"Put Order": task …`);
//! * `Comment`s as `///` lines;
//! * tasks as typed integrations (`lambda::invoke`, `aws_sdk::s3::list_objects_v2`,
//!   `.wait_for_task_token`) where the catalog knows the resource, else `resource("…")` or
//!   `activity("…")`, with the parameters as written;
//! * paths as DSL paths (`$.order.id`, `$['detail-type']`) where that spelling gives back the
//!   same text, else in the JSON spelling `"key.$": "…"`; intrinsic functions in the JSON
//!   spelling; numbers as their lexical text.
//!
//! A state that uses something the DSL cannot say is written as JSON, `Name: json { … }`, the
//! DSL's validated escape hatch; [`DslSource::json_states`] lists them.

use super::{jsonata_text, state_to_string_pretty};
use crate::catalog;
use crate::expr::{Dynamic, Path};
use crate::model::*;
use crate::validate::Validated;

/// The Rust source of a `workflow!` item and what it could not say in the DSL's own forms.
#[derive(Debug, Clone, PartialEq)]
pub struct DslSource {
    /// `use workflow::workflow;` and the `workflow! { … }` item, formatted as rustfmt leaves
    /// it, with a trailing newline.
    pub source: String,
    /// The states written as JSON (`Name: json { … }`), in the order written.
    pub json_states: Vec<String>,
}

impl Validated<'_> {
    /// The definition as a `workflow!` item named `type_name` (see the [module
    /// documentation](crate::emit::dsl)).
    pub fn to_dsl(&self, type_name: &str) -> DslSource {
        let mut p = Printer::default();
        p.machine(self.machine(), type_name);
        DslSource {
            source: p.out,
            json_states: p.json_states,
        }
    }
}

/// Turns a file stem such as `order-flow.asl` into a type name, `OrderFlow`.
pub fn type_name_for(stem: &str) -> String {
    let stem = stem.split('.').next().unwrap_or(stem);
    let mut out = String::new();
    for word in stem.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "Workflow");
    }
    out
}

const INDENT: &str = "    ";

#[derive(Default)]
struct Printer {
    out: String,
    json_states: Vec<String>,
}

impl Printer {
    fn line(&mut self, depth: usize, text: &str) {
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn machine(&mut self, m: &StateMachine, type_name: &str) {
        self.out
            .push_str("use workflow::workflow;\n\nworkflow! {\n");
        let depth = 1;
        doc_lines(&mut self.out, depth, m.scope.comment.as_deref());
        match m.query_language {
            Some(QueryLanguage::Jsonata) => self.line(depth, "#[jsonata]"),
            Some(QueryLanguage::JsonPath) => self.line(depth, "#[jsonpath]"),
            None => {}
        }
        if let Some(t) = &m.timeout_seconds {
            self.line(depth, &format!("#[timeout({t})]"));
        }
        if let Some(v) = &m.version {
            self.line(depth, &format!("#[version({})]", string(v)));
        }
        self.line(depth, &format!("pub {type_name} {{"));
        let ql = m.default_query_language();
        self.scope(&m.scope, depth + 1, ql);
        self.line(depth, "}");
        self.out.push_str("}\n");
    }

    /// The states of a scope, its `StartAt` state first.
    fn scope(&mut self, scope: &Scope, depth: usize, ql: QueryLanguage) {
        let mut order: Vec<&NamedState> = scope.states.iter().collect();
        if let Some(i) = order.iter().position(|s| s.name == scope.start_at) {
            let start = order.remove(i);
            order.insert(0, start);
        }
        for (i, named) in order.iter().enumerate() {
            let written_next = order.get(i + 1).map(|s| s.name.as_str());
            self.state(named, written_next, depth, ql);
        }
    }

    fn state(
        &mut self,
        named: &NamedState,
        written_next: Option<&str>,
        depth: usize,
        outer_ql: QueryLanguage,
    ) {
        let state = &named.state;
        let ql = state.query_language.unwrap_or(outer_ql);
        let mut head = String::new();
        doc_lines(&mut head, depth, state.comment.as_deref());
        match state.query_language {
            Some(QueryLanguage::Jsonata) => push_line(&mut head, depth, "#[jsonata]"),
            Some(QueryLanguage::JsonPath) => push_line(&mut head, depth, "#[jsonpath]"),
            None => {}
        }
        let native = StateWriter { depth, ql }.state(state, written_next);
        let text = match native {
            Some(body) => {
                self.out.push_str(&head);
                format!("{}: {body},", state_name(&named.name))
            }
            None => {
                // The escape hatch carries the state's own Comment and QueryLanguage.
                self.json_states.push(named.name.clone());
                // The emitter indents by two spaces; the DSL by four.
                let json: Vec<String> = state_to_string_pretty(state)
                    .trim_end()
                    .lines()
                    .map(|l| {
                        let body = l.trim_start_matches(' ');
                        format!("{}{body}", " ".repeat(2 * (l.len() - body.len())))
                    })
                    .collect();
                format!("{}: json {},", state_name(&named.name), json.join("\n"))
            }
        };
        self.line(depth, &indent_continuation(&text, depth));
    }
}

/// Writes one state's kind and body in the DSL, or gives up with `None`.
#[derive(Clone, Copy)]
struct StateWriter {
    depth: usize,
    ql: QueryLanguage,
}

/// The `field: value` entries (and bare words like `end`) of a state body.
#[derive(Default)]
struct Body {
    entries: Vec<String>,
}

impl Body {
    fn field(&mut self, name: &str, value: String) {
        self.entries.push(format!("{name}: {value}"));
    }
}

impl StateWriter {
    fn jsonpath(self) -> bool {
        self.ql == QueryLanguage::JsonPath
    }

    fn state(self, state: &State, written_next: Option<&str>) -> Option<String> {
        let mut body = Body::default();
        let head = match &state.kind {
            StateKind::Task(t) => {
                let head = format!("task {}", self.integration(&t.resource)?);
                self.io(&mut body, &t.io, true)?;
                if let Some(d) = &t.timeout {
                    body.field("timeout", self.dyn_number(d)?);
                }
                if let Some(d) = &t.heartbeat {
                    body.field("heartbeat", self.dyn_number(d)?);
                }
                if let Some(c) = &t.credentials {
                    body.field("credentials", self.template(c, true)?);
                }
                self.assign(&mut body, t.assign.as_ref())?;
                self.error_handling(&mut body, &t.retry, &t.catch)?;
                self.transition(&mut body, &t.transition, written_next);
                head
            }
            StateKind::Pass(p) => {
                if let Some(r) = &p.result {
                    body.field("result", json(r)?);
                }
                self.io(&mut body, &p.io, true)?;
                self.assign(&mut body, p.assign.as_ref())?;
                self.transition(&mut body, &p.transition, written_next);
                "pass".to_string()
            }
            StateKind::Choice(c) => return self.choice(c),
            StateKind::Wait(w) => {
                let head = match &w.wait {
                    WaitFor::Seconds(Dyn::Value(n)) if n.is_integer() => {
                        format!("wait {}", number(n)?)
                    }
                    WaitFor::Seconds(Dyn::Path(Dynamic::Path(p))) => {
                        format!("wait {}", dsl_path(p)?)
                    }
                    WaitFor::Seconds(Dyn::Expr(e)) => format!("wait {}", string(&jsonata_text(e))),
                    WaitFor::Timestamp(Dyn::Value(s)) => format!("wait until {}", string(s)),
                    WaitFor::Timestamp(Dyn::Path(Dynamic::Path(p))) => {
                        format!("wait until {}", dsl_path(p)?)
                    }
                    WaitFor::Timestamp(Dyn::Expr(e)) => {
                        format!("wait until {}", string(&jsonata_text(e)))
                    }
                    _ => return None,
                };
                self.io(&mut body, &w.io, false)?;
                self.assign(&mut body, w.assign.as_ref())?;
                self.transition(&mut body, &w.transition, written_next);
                head
            }
            StateKind::Succeed(s) => {
                self.io(&mut body, &s.io, false)?;
                "succeed".to_string()
            }
            StateKind::Fail(f) => {
                if let Some(e) = &f.error {
                    body.field("error", self.dyn_string(e)?);
                }
                if let Some(c) = &f.cause {
                    body.field("cause", self.dyn_string(c)?);
                }
                "fail".to_string()
            }
            StateKind::Parallel(p) => {
                for branch in &p.branches {
                    body.entries.push(self.block("branch", branch)?);
                }
                self.io(&mut body, &p.io, true)?;
                self.assign(&mut body, p.assign.as_ref())?;
                self.error_handling(&mut body, &p.retry, &p.catch)?;
                self.transition(&mut body, &p.transition, written_next);
                "parallel".to_string()
            }
            StateKind::Map(m) => {
                self.map(&mut body, m)?;
                self.transition(&mut body, &m.transition, written_next);
                "map".to_string()
            }
        };
        Some(self.with_body(head, body))
    }

    /// `head` alone, on one line with a short body, or with the body over several lines. Like
    /// every piece of text here, continuation lines are indented relative to the first.
    fn with_body(self, head: String, body: Body) -> String {
        if body.entries.is_empty() {
            return head;
        }
        let one_line = format!("{head} {{ {} }}", body.entries.join(", "));
        if one_line.len() + self.depth * INDENT.len() <= 90 && !one_line.contains('\n') {
            return one_line;
        }
        let mut out = format!("{head} {{\n");
        for e in &body.entries {
            out.push_str(INDENT);
            out.push_str(&indent_continuation(e, 1));
            out.push_str(",\n");
        }
        out.push('}');
        out
    }

    /// `branch { … }` or `processor { … }`: a nested scope, with its comment.
    fn block(self, keyword: &str, scope: &Scope) -> Option<String> {
        let mut p = Printer::default();
        p.scope(scope, 1, self.ql);
        if !p.json_states.is_empty() {
            // The escape hatch is for states of the machine's own scope; the whole state goes
            // as JSON instead.
            return None;
        }
        let mut out = doc_prefix(scope.comment.as_deref())?;
        out.push_str(keyword);
        out.push_str(" {\n");
        out.push_str(&p.out);
        out.push('}');
        Some(out)
    }

    fn transition(self, body: &mut Body, t: &Transition, written_next: Option<&str>) {
        match t {
            Transition::Next(n) if Some(n.as_str()) == written_next => {}
            Transition::Next(n) => body.field("next", state_name(n)),
            Transition::End if written_next.is_none() => {}
            Transition::End => body.entries.push("end".to_string()),
        }
    }

    /// The input and output fields; `parameters` says whether the state has `Parameters`.
    fn io(self, body: &mut Body, io: &Io, parameters: bool) -> Option<()> {
        match io {
            Io::JsonPath(p) => {
                if let Some(v) = &p.input_path {
                    body.field("input_path", nullable_path(v)?);
                }
                if let Some(v) = &p.parameters {
                    debug_assert!(parameters);
                    body.field("parameters", self.template(v, true)?);
                }
                if let Some(v) = &p.result_selector {
                    body.field("result_selector", self.template(v, true)?);
                }
                if let Some(v) = &p.result_path {
                    body.field("result_path", nullable_path(v)?);
                }
                if let Some(v) = &p.output_path {
                    body.field("output_path", nullable_path(v)?);
                }
            }
            Io::Jsonata(j) => {
                if let Some(v) = &j.arguments {
                    body.field("arguments", self.template(v, true)?);
                }
                if let Some(v) = &j.output {
                    body.field("output", self.template(v, true)?);
                }
            }
        }
        Some(())
    }

    fn assign(self, body: &mut Body, assign: Option<&Assign>) -> Option<()> {
        if let Some(a) = assign {
            body.field("assign", self.assign_value(a)?);
        }
        Some(())
    }

    fn assign_value(self, a: &Assign) -> Option<String> {
        let members = a
            .variables
            .iter()
            .map(|(k, v)| Some((k.clone(), v)))
            .collect::<Option<Vec<_>>>()?;
        self.object(&members)
    }

    fn error_handling(self, body: &mut Body, retry: &[Retrier], catch: &[Catcher]) -> Option<()> {
        for r in retry {
            let mut text = doc_prefix(r.comment.as_deref())?;
            text.push_str("retry: ");
            text.push_str(&error_list(&r.error_equals));
            if let Some(n) = &r.interval_seconds {
                text.push_str(&format!(" every {}", integer(n)?));
            }
            if let Some(n) = &r.max_attempts {
                text.push_str(&format!(" x{}", integer(n)?));
            }
            if let Some(n) = &r.backoff_rate {
                text.push_str(&format!(" backoff {}", number(n)?));
            }
            if let Some(n) = &r.max_delay_seconds {
                text.push_str(&format!(" max_delay {}", integer(n)?));
            }
            match r.jitter_strategy {
                Some(JitterStrategy::Full) => text.push_str(" jitter full"),
                Some(JitterStrategy::None) => text.push_str(" jitter none"),
                None => {}
            }
            body.entries.push(text);
        }
        for c in catch {
            let mut text = doc_prefix(c.comment.as_deref())?;
            text.push_str("catch: ");
            text.push_str(&error_list(&c.error_equals));
            if let Some(p) = &c.result_path {
                text.push_str(&format!(" result_path {}", nullable_path(p)?));
            }
            if let Some(o) = &c.output {
                text.push_str(&format!(" output {}", self.template(o, true)?));
            }
            if let Some(a) = &c.assign {
                text.push_str(&format!(" assign {}", self.assign_value(a)?));
            }
            text.push_str(&format!(" => {}", state_name(&c.next)));
            body.entries.push(text);
        }
        Some(())
    }

    fn choice(self, c: &Choice) -> Option<String> {
        let mut out = String::from("choice {\n");
        for rule in &c.choices {
            let cond = match &rule.condition {
                Condition::Jsonata(Template::Expr(e)) => string(&jsonata_text(e)),
                // A literal `true` or `false` condition has no DSL form.
                Condition::Jsonata(_) => return None,
                other => condition(other, true)?,
            };
            let arm = format!(
                "{}{cond}{} => {}",
                doc_prefix(rule.comment.as_deref())?,
                self.arm_extras(rule.assign.as_ref(), rule.output.as_ref())?,
                state_name(&rule.next)
            );
            out.push_str(INDENT);
            out.push_str(&indent_continuation(&arm, 1));
            out.push_str(",\n");
        }
        if let Some(d) = &c.default {
            out.push_str(&format!("{INDENT}_ => {},\n", state_name(d)));
        }
        // The Choice's own fields have no place among the arms.
        let has_fields = match &c.io {
            Io::JsonPath(p) => p.input_path.is_some() || p.output_path.is_some(),
            Io::Jsonata(j) => j.output.is_some(),
        } || c.assign.is_some();
        if has_fields {
            return None;
        }
        out.push('}');
        Some(out)
    }

    fn arm_extras(self, assign: Option<&Assign>, output: Option<&Template>) -> Option<String> {
        let mut out = String::new();
        if let Some(a) = assign {
            out.push_str(&format!(" assign {}", self.assign_value(a)?));
        }
        if let Some(o) = output {
            out.push_str(&format!(" output {}", self.template(o, true)?));
        }
        Some(out)
    }

    fn map(self, body: &mut Body, m: &Map) -> Option<()> {
        if m.item_reader.is_some() || m.item_batcher.is_some() || m.result_writer.is_some() {
            return None;
        }
        match &m.processor.config {
            None => {}
            Some(c) if c.execution_type.is_none() && c.mode == Some(ProcessorMode::Inline) => {
                body.field("mode", "inline".to_string());
            }
            Some(_) => return None,
        }
        match &m.items {
            Some(Items::Path(p)) => body.field("items", dsl_path(p)?),
            Some(Items::Jsonata(t)) => body.field("items", self.template(t, false)?),
            None => {}
        }
        if let Some(s) = &m.item_selector {
            let field = if m.legacy_parameters {
                "parameters"
            } else {
                "item_selector"
            };
            body.field(field, self.template(s, true)?);
        }
        if let Some(d) = &m.max_concurrency {
            body.field("max_concurrency", self.dyn_number(d)?);
        }
        if let Some(d) = &m.tolerated_failure_percentage {
            body.field("tolerated_failure_percentage", self.dyn_number(d)?);
        }
        if let Some(d) = &m.tolerated_failure_count {
            body.field("tolerated_failure_count", self.dyn_number(d)?);
        }
        if let Some(l) = &m.label {
            body.field("label", string(l));
        }
        let keyword = if m.processor.legacy_iterator {
            "iterator"
        } else {
            "processor"
        };
        body.entries.push(self.block(keyword, &m.processor.scope)?);
        self.io(body, &m.io, false)?;
        self.assign(body, m.assign.as_ref())?;
        self.error_handling(body, &m.retry, &m.catch)
    }

    /// The integration after `task`.
    fn integration(self, resource: &Resource) -> Option<String> {
        let arn = match resource {
            Resource::Arn(arn) => arn,
            Resource::Cfn(j) => return Some(format!("resource({})", json(j)?)),
        };
        if let Some(typed) = typed_integration(arn) {
            return Some(typed);
        }
        if arn.contains(":activity:") {
            return Some(format!("activity({})", string(arn)));
        }
        Some(format!("resource({})", string(arn)))
    }

    fn dyn_number(self, d: &Dyn<Number>) -> Option<String> {
        match d {
            Dyn::Value(n) => number(n),
            Dyn::Path(Dynamic::Path(p)) => dsl_path(p),
            Dyn::Path(Dynamic::Intrinsic(_)) => None,
            Dyn::Expr(e) => Some(string(&jsonata_text(e))),
        }
    }

    fn dyn_string(self, d: &Dyn<String>) -> Option<String> {
        match d {
            Dyn::Value(s) => Some(string(s)),
            Dyn::Path(Dynamic::Path(p)) => dsl_path(p),
            Dyn::Path(Dynamic::Intrinsic(_)) => None,
            Dyn::Expr(e) => Some(string(&jsonata_text(e))),
        }
    }

    /// A payload template. `member` says whether paths may stand here (as object members).
    fn template(self, t: &Template, member: bool) -> Option<String> {
        Some(match t {
            Template::Null => "null".to_string(),
            Template::Bool(b) => b.to_string(),
            Template::Number(n) => number(n)?,
            Template::String(s) => {
                // In a JSONata state every `{% … %}` string is an expression, so a plain string
                // that looks like one could not be said.
                if !self.jsonpath() && crate::expr::jsonata::is_expression(s) {
                    return None;
                }
                string(s)
            }
            Template::Expr(e) => string(&jsonata_text(e)),
            Template::Array(items) => {
                let items = items
                    .iter()
                    .map(|i| {
                        if matches!(i, Template::Dynamic(_)) {
                            None
                        } else {
                            self.template(i, false)
                        }
                    })
                    .collect::<Option<Vec<_>>>()?;
                format!("[{}]", items.join(", "))
            }
            Template::Object(members) => {
                let members: Vec<(String, &Template)> =
                    members.iter().map(|(k, v)| (k.clone(), v)).collect();
                self.object(&members)?
            }
            Template::Dynamic(_) if !member => return None,
            Template::Dynamic(d) => return self.dynamic_member_value(d),
        })
    }

    /// `{ "key": value, … }`, with a dynamic member in the DSL's path form or the JSON
    /// spelling `"key.$": "…"`.
    fn object(self, members: &[(String, &Template)]) -> Option<String> {
        if members.is_empty() {
            return Some("{}".to_string());
        }
        let mut parts = Vec::with_capacity(members.len());
        for (key, value) in members {
            let part = match value {
                Template::Dynamic(d) => match self.dynamic_member_value(d) {
                    Some(v) => format!("{}: {v}", string(key)),
                    None => format!("{}: {}", string(&format!("{key}.$")), string(d.as_str())),
                },
                other => format!("{}: {}", string(key), self.template(other, false)?),
            };
            parts.push(part);
        }
        let one_line = format!("{{ {} }}", parts.join(", "));
        if one_line.len() <= 72 && !one_line.contains('\n') {
            return Some(one_line);
        }
        let mut out = String::from("{\n");
        for p in parts {
            out.push_str(INDENT);
            out.push_str(&indent_continuation(&p, 1));
            out.push_str(",\n");
        }
        out.push('}');
        Some(out)
    }

    /// A member's path in the DSL's form, where it gives back the same text.
    fn dynamic_member_value(self, d: &Dynamic) -> Option<String> {
        match d {
            Dynamic::Path(p) => dsl_path(p),
            Dynamic::Intrinsic(_) => None,
        }
    }
}

/// A condition of a Choice rule; `top` is the rule itself (where `&&`/`||` need no
/// parentheses).
fn condition(c: &Condition, top: bool) -> Option<String> {
    let wrap = |s: String| if top { s } else { format!("({s})") };
    match c {
        Condition::Compare(cmp) => comparison(cmp),
        // The DSL flattens `a && (b && c)` into one `And`, so a nested one cannot be said.
        Condition::And(cs) => {
            if cs.len() < 2 || cs.iter().any(|c| matches!(c, Condition::And(_))) {
                return None;
            }
            let parts = cs
                .iter()
                .map(|c| condition(c, false))
                .collect::<Option<Vec<_>>>()?;
            Some(wrap(parts.join(" && ")))
        }
        Condition::Or(cs) => {
            if cs.len() < 2 || cs.iter().any(|c| matches!(c, Condition::Or(_))) {
                return None;
            }
            let parts = cs
                .iter()
                .map(|c| condition(c, false))
                .collect::<Option<Vec<_>>>()?;
            Some(wrap(parts.join(" || ")))
        }
        Condition::Not(inner) => {
            let inner = condition(inner, true)?;
            Some(format!("!({inner})"))
        }
        Condition::Jsonata(_) | Condition::Commented { .. } => None,
    }
}

fn comparison(cmp: &Comparison) -> Option<String> {
    use Operator as O;
    let var = dsl_path(&cmp.variable)?;
    let op = match cmp.operator {
        O::StringEquals | O::NumericEquals | O::BooleanEquals | O::TimestampEquals => "==",
        O::StringLessThan | O::NumericLessThan | O::TimestampLessThan => "<",
        O::StringGreaterThan | O::NumericGreaterThan | O::TimestampGreaterThan => ">",
        O::StringLessThanEquals | O::NumericLessThanEquals | O::TimestampLessThanEquals => "<=",
        O::StringGreaterThanEquals
        | O::NumericGreaterThanEquals
        | O::TimestampGreaterThanEquals => ">=",
        O::StringMatches => {
            let Operand::String(s) = &cmp.operand else {
                return None;
            };
            return Some(format!("matches({var}, {})", string(s)));
        }
        O::IsNull => {
            return match cmp.operand {
                Operand::Bool(true) => Some(format!("is_null({var})")),
                Operand::Bool(false) => Some(format!("{var} != null")),
                _ => None,
            };
        }
        O::IsPresent | O::IsString | O::IsNumeric | O::IsBoolean | O::IsTimestamp => {
            let test = match cmp.operator {
                O::IsPresent => "is_present",
                O::IsString => "is_string",
                O::IsNumeric => "is_numeric",
                O::IsBoolean => "is_boolean",
                _ => "is_timestamp",
            };
            // `!is_present($.x)` is `Not` of `IsPresent: true`, not `IsPresent: false`.
            return match cmp.operand {
                Operand::Bool(true) => Some(format!("{test}({var})")),
                _ => None,
            };
        }
    };
    let kind = cmp.operator.operand_kind();
    Some(match (&cmp.operand, kind) {
        (Operand::String(s), OperandKind::String) => format!("{var} {op} {}", string(s)),
        (Operand::String(s), OperandKind::Timestamp) => {
            format!("{var} {op} timestamp({})", string(s))
        }
        (Operand::Number(n), OperandKind::Number) => format!("{var} {op} {}", number(n)?),
        (Operand::Bool(b), OperandKind::Bool) => format!("{var} {op} {b}"),
        (Operand::Path(p), kind) => {
            let other = dsl_path(p)?;
            match kind {
                // Two bare paths compare as numbers.
                OperandKind::Number => format!("{var} {op} {other}"),
                OperandKind::String => format!("string({var}) {op} {other}"),
                OperandKind::Bool => format!("boolean({var}) {op} {other}"),
                OperandKind::Timestamp => format!("timestamp({var}) {op} {other}"),
            }
        }
        _ => return None,
    })
}

/// The integration path of a resource the catalog knows, written so the macro derives the same
/// ARN: `lambda::invoke`, `sqs::send_message.wait_for_task_token`, `aws_sdk::s3::get_object`.
fn typed_integration(arn: &str) -> Option<String> {
    let rest = arn.strip_prefix("arn:aws:states:::")?;
    let (base, pattern) = catalog::Pattern::ALL
        .into_iter()
        .filter(|p| !p.suffix().is_empty())
        .find_map(|p| rest.strip_suffix(p.suffix()).map(|b| (b, p.dsl_name())))
        .unwrap_or((rest, None));
    let path = match base.split(':').collect::<Vec<_>>()[..] {
        ["aws-sdk", service, action] => catalog::dsl_path(service, action, true)?,
        [service, action] => {
            catalog::action(service, action)?;
            catalog::dsl_path(service, action, false)?
        }
        _ => return None,
    };
    Some(match pattern {
        Some(p) => format!("{path}.{p}"),
        None => path,
    })
}

// ---------------------------------------------------------------------------------------------
// Tokens.
// ---------------------------------------------------------------------------------------------

/// The words Rust reserves, which cannot be a bare name or path field.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try",
    "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "union", "_",
];

/// An ASCII Rust identifier that is not a keyword.
fn is_plain_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&s)
}

/// A state name: bare when it is an identifier, else a string.
fn state_name(name: &str) -> String {
    if is_plain_ident(name) {
        name.to_string()
    } else {
        string(name)
    }
}

/// A Rust string literal with exactly `s` as its value.
fn string(s: &str) -> String {
    format!("{s:?}")
}

/// A number as a Rust literal token with its lexical text; a placeholder has none.
fn number(n: &Number) -> Option<String> {
    n.placeholder().is_none().then(|| n.as_str().to_string())
}

/// A whole number of seconds or attempts, as the retrier's and Wait's words take it.
fn integer(n: &Number) -> Option<String> {
    let text = number(n)?;
    text.bytes().all(|b| b.is_ascii_digit()).then_some(text)
}

/// An `ErrorEquals` list: `[States.ALL, MyError, "Lambda.ServiceException"]`.
fn error_list(errors: &[String]) -> String {
    let names: Vec<String> = errors
        .iter()
        .map(|e| {
            let bare = match e.strip_prefix("States.") {
                Some(rest) => is_plain_ident(rest),
                None => is_plain_ident(e),
            };
            if bare { e.clone() } else { string(e) }
        })
        .collect();
    format!("[{}]", names.join(", "))
}

/// Static JSON.
fn json(j: &Json) -> Option<String> {
    Some(match j {
        Json::Null => "null".to_string(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => number(n)?,
        Json::String(s) => string(s),
        Json::Array(items) => {
            let items = items.iter().map(json).collect::<Option<Vec<_>>>()?;
            format!("[{}]", items.join(", "))
        }
        Json::Object(members) => {
            if members.is_empty() {
                return Some("{}".to_string());
            }
            let parts = members
                .iter()
                .map(|(k, v)| Some(format!("{}: {}", string(k), json(v)?)))
                .collect::<Option<Vec<_>>>()?;
            format!("{{ {} }}", parts.join(", "))
        }
    })
}

fn nullable_path(p: &NullablePath) -> Option<String> {
    match p {
        NullablePath::Null => Some("null".to_string()),
        NullablePath::Path(p) => dsl_path(p),
    }
}

/// A path in the DSL's spelling, if the macro reassembles exactly its text from it: `$`, `$$`
/// or `$var`, then `.field`, `.*`, `[N]`, `[*]` and `['name']` (written `["name"]`).
fn dsl_path(p: &Path) -> Option<String> {
    let text = p.as_str();
    let b = text.as_bytes();
    if b.first() != Some(&b'$') {
        return None;
    }
    let mut out = String::from("$");
    let mut i = 1;
    if b.get(1) == Some(&b'$') {
        out.push('$');
        i = 2;
    } else {
        let end = ident_end(text, i);
        if end > i {
            let var = &text[i..end];
            if !is_plain_ident(var) {
                return None;
            }
            out.push_str(var);
            i = end;
        }
    }
    while i < b.len() {
        match b[i] {
            b'.' => {
                i += 1;
                if b.get(i) == Some(&b'*') {
                    out.push_str(".*");
                    i += 1;
                    continue;
                }
                let end = ident_end(text, i);
                let field = &text[i..end];
                if !is_plain_ident(field) {
                    return None;
                }
                out.push('.');
                out.push_str(field);
                i = end;
            }
            b'[' => {
                let close = i + text[i..].find(']')?;
                let inner = &text[i + 1..close];
                if inner == "*" || (!inner.is_empty() && inner.bytes().all(|c| c.is_ascii_digit()))
                {
                    out.push_str(&format!("[{inner}]"));
                } else if let Some(name) =
                    inner.strip_prefix('\'').and_then(|s| s.strip_suffix('\''))
                    && !name.contains(['\'', '\\'])
                {
                    out.push_str(&format!("[{}]", string(name)));
                } else {
                    return None;
                }
                i = close + 1;
            }
            _ => return None,
        }
    }
    Some(out)
}

fn ident_end(text: &str, start: usize) -> usize {
    text[start..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(text.len(), |n| start + n)
}

/// `///` lines for a comment, at `depth`.
fn doc_lines(out: &mut String, depth: usize, comment: Option<&str>) {
    if let Some(c) = comment {
        for l in c.split('\n') {
            push_line(out, depth, format!("/// {l}").trim_end_matches(' '));
        }
    }
}

/// The `///` lines before an entry that goes on after them (a retrier, a catcher, a choice
/// arm, a branch), or `None` when the comment cannot be a doc comment.
fn doc_prefix(comment: Option<&str>) -> Option<String> {
    let Some(c) = comment else {
        return Some(String::new());
    };
    if c.contains('\r') {
        return None;
    }
    let mut out = String::new();
    doc_lines(&mut out, 0, Some(c));
    Some(out)
}

/// `text` with every line after the first indented `depth` levels more.
fn indent_continuation(text: &str, depth: usize) -> String {
    text.replace('\n', &format!("\n{}", INDENT.repeat(depth)))
        .replace(&format!("{}\n", INDENT.repeat(depth)), "\n")
}

fn push_line(out: &mut String, depth: usize, text: &str) {
    for _ in 0..depth {
        out.push_str(INDENT);
    }
    out.push_str(text);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, Options, check};

    fn dsl(text: &str) -> DslSource {
        let report = check(text, Format::Json, &Options::default());
        report.validated().expect("valid").to_dsl("Flow")
    }

    #[test]
    fn names_transitions_and_typed_integrations() {
        let out = dsl(r#"{
          "Comment": "Orders.",
          "StartAt": "Put Order",
          "States": {
            "Notify": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                       "Parameters": {"TopicArn": "${Topic}", "Message.$": "$.detail-type"}, "End": true},
            "Put Order": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                          "Parameters": {"TableName": "${Table}", "Item": {"id": {"S.$": "$['detail-type']"}}},
                          "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2}],
                          "Next": "Notify"}
          }
        }"#);
        assert!(out.json_states.is_empty(), "{out:?}");
        let expected = r#"use workflow::workflow;

workflow! {
    /// Orders.
    pub Flow {
        "Put Order": task dynamodb::put_item {
            parameters: { "TableName": "${Table}", "Item": { "id": { "S": $["detail-type"] } } },
            retry: [States.ALL] every 2 x3 backoff 2,
        },
        Notify: task sns::publish {
            parameters: { "TopicArn": "${Topic}", "Message.$": "$.detail-type" },
        },
    }
}
"#;
        assert_eq!(out.source, expected);
    }

    #[test]
    fn choice_arms_and_fallbacks() {
        let out = dsl(r#"{
          "StartAt": "Check",
          "States": {
            "Check": {"Type": "Choice", "Choices": [
                {"Variable": "$.n", "NumericGreaterThanEquals": 10, "Next": "Big"},
                {"And": [{"Variable": "$.s", "StringEquals": "a"}, {"Not": {"Variable": "$.t", "IsPresent": true}}], "Next": "Big"},
                {"Variable": "$.when", "TimestampLessThanPath": "$.deadline", "Next": "Small"},
                {"Variable": "$.x", "IsNull": false, "Next": "Small"}
              ], "Default": "Small"},
            "Big": {"Type": "Pass", "Result": {"size": 1.50}, "End": true},
            "Small": {"Type": "Choice", "Choices": [{"Variable": "$.y", "IsString": false, "Next": "Big"}], "Default": "Big"}
          }
        }"#);
        assert!(
            out.source.contains(
                r#"        Check: choice {
            $.n >= 10 => Big,
            $.s == "a" && !(is_present($.t)) => Big,
            timestamp($.when) < $.deadline => Small,
            $.x != null => Small,
            _ => Small,
        },"#
            ),
            "{}",
            out.source
        );
        assert!(
            out.source
                .contains(r#"Big: pass { result: { "size": 1.50 }, end },"#)
        );
        // `IsString: false` has no DSL form: the state is written as JSON.
        assert_eq!(out.json_states, ["Small"]);
        assert!(out.source.contains("Small: json {\n"), "{}", out.source);
    }

    #[test]
    fn paths_keep_their_text() {
        let path = |t: &str| dsl_path(&Path::parse(t).unwrap());
        assert_eq!(path("$.a.b[0]").as_deref(), Some("$.a.b[0]"));
        assert_eq!(
            path("$$.Map.Item.Value").as_deref(),
            Some("$$.Map.Item.Value")
        );
        assert_eq!(path("$total.sum").as_deref(), Some("$total.sum"));
        assert_eq!(
            path("$['detail-type']").as_deref(),
            Some("$[\"detail-type\"]")
        );
        assert_eq!(path("$.items[*].id").as_deref(), Some("$.items[*].id"));
        // The macro would give back other text for these.
        assert_eq!(path("$.type"), None);
        assert_eq!(path("$[\"a\"]"), None);
        assert_eq!(path("$.a[?(@.b > 1)]"), None);
    }

    #[test]
    fn type_names_from_file_stems() {
        assert_eq!(type_name_for("order-flow.asl"), "OrderFlow");
        assert_eq!(type_name_for("2fa_check"), "Workflow2faCheck");
        assert_eq!(type_name_for("--"), "Workflow");
    }
}
