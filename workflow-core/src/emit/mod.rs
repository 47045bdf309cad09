//! The canonical emitter: model → pretty-printed JSON text.
//!
//! The emitter writes a [`StateMachine`] (or one [`State`]) back as Amazon States Language JSON.
//! The output is *canonical*: the same model always gives the same text, byte for byte,
//! whatever order the fields had in the source. It is indented with two spaces like
//! `serde_json`'s pretty printer (`[]` and `{}` for empty arrays and objects) and ends with a
//! newline.
//!
//! What is kept from the source:
//!
//! * states are written in document order;
//! * members of payload templates (`Parameters`, `Arguments`, `ResultSelector`, `ItemSelector`,
//!   `Output`, `Credentials`, …), of `Assign` blocks and of static JSON (`Result`,
//!   `CSVHeaders`, a CloudFormation `Resource`) keep their document order;
//! * numbers are written as their lexical text (`1.50` stays `1.50`);
//! * paths, intrinsic functions and JSONata expressions are written as their exact source text.
//!
//! Strings are JSON-escaped as `serde_json` does: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other
//! control characters as `\u00XX`; everything else, non-ASCII included, is written as UTF-8.
//!
//! # Field order
//!
//! Fields are written in this fixed order (a field is left out when the model does not have it;
//! `A|B` means the one of the alternatives that the model holds):
//!
//! * **state machine**: `Comment`, `QueryLanguage`, `Version`, `TimeoutSeconds`, `StartAt`,
//!   `States`.
//! * **Parallel branch**: `Comment`, `StartAt`, `States`.
//! * **Map processor** (`ItemProcessor|Iterator`): `Comment`, `ProcessorConfig` (`Mode`,
//!   `ExecutionType`), `StartAt`, `States`.
//! * **every state** starts with `Type`, `Comment`, `QueryLanguage`; then, by type, in the order
//!   the state processes its data:
//!   * **Task**: `Resource`, `Credentials`, `InputPath`, `Parameters|Arguments`,
//!     `ResultSelector`, `ResultPath`, `OutputPath`, `Output`, `TimeoutSeconds|TimeoutSecondsPath`,
//!     `HeartbeatSeconds|HeartbeatSecondsPath`, `Assign`, `Retry`, `Catch`, `Next|End`.
//!   * **Pass**: `InputPath`, `Parameters|Arguments`, `Result`, `ResultPath`, `OutputPath`,
//!     `Output`, `Assign`, `Next|End`.
//!   * **Choice**: `InputPath`, `Choices`, `Default`, `OutputPath`, `Output`, `Assign`.
//!   * **Wait**: `InputPath`, `Seconds|SecondsPath|Timestamp|TimestampPath`, `OutputPath`,
//!     `Output`, `Assign`, `Next|End`.
//!   * **Succeed**: `InputPath`, `OutputPath`, `Output`.
//!   * **Fail**: `Error|ErrorPath`, `Cause|CausePath`.
//!   * **Parallel**: `InputPath`, `Parameters|Arguments`, `Branches`, `ResultSelector`,
//!     `ResultPath`, `OutputPath`, `Output`, `Assign`, `Retry`, `Catch`, `Next|End`.
//!   * **Map**: `InputPath`, `ItemReader`, `ItemsPath|Items`, `ItemSelector|Parameters`,
//!     `ItemBatcher`, `MaxConcurrency|MaxConcurrencyPath`,
//!     `ToleratedFailurePercentage|ToleratedFailurePercentagePath`,
//!     `ToleratedFailureCount|ToleratedFailureCountPath`, `Label`, `ItemProcessor|Iterator`,
//!     `ResultWriter`, `ResultSelector`, `ResultPath`, `OutputPath`, `Output`, `Assign`, `Retry`,
//!     `Catch`, `Next|End`.
//! * **retrier**: `Comment`, `ErrorEquals`, `IntervalSeconds`, `MaxAttempts`, `BackoffRate`,
//!   `MaxDelaySeconds`, `JitterStrategy`.
//! * **catcher**: `Comment`, `ErrorEquals`, `ResultPath`, `Output`, `Assign`, `Next`.
//! * **Choice rule**: `Comment`, the condition (`Variable` then the operator, e.g.
//!   `StringEquals|StringEqualsPath`; or `And`, `Or`, `Not`; or JSONata `Condition`), `Output`,
//!   `Assign`, `Next`. Nested rules inside `And`/`Or`/`Not`: `Comment`, then the condition.
//! * **ItemReader**: `Resource`, `ReaderConfig` (`InputType`, `CSVHeaderLocation`, `CSVHeaders`,
//!   `CSVDelimiter`, `ManifestType`, `MaxItems|MaxItemsPath`), `Parameters|Arguments`.
//! * **ItemBatcher**: `MaxItemsPerBatch|MaxItemsPerBatchPath`,
//!   `MaxInputBytesPerBatch|MaxInputBytesPerBatchPath`, `BatchInput`.
//! * **ResultWriter**: `Resource`, `WriterConfig` (`OutputType`, `Transformation`),
//!   `Parameters|Arguments`.
//!
//! How model values are spelled: a [`Template::Dynamic`] member is written with `.$` appended to
//! its key; a [`Dyn::Path`] under the `…Path` key (`TimeoutSecondsPath`) and a [`Dyn::Expr`]
//! under the plain key as its `{% … %}` string; a path operand of a Choice comparison under the
//! operator's `…Path` name; [`Map::legacy_parameters`] as `Parameters` instead of
//! `ItemSelector`; [`Processor::legacy_iterator`] as `Iterator` instead of `ItemProcessor`;
//! `Parameters`/`Arguments` inside ItemReader and ResultWriter by the Map state's query
//! language; a CloudFormation [`Resource::Cfn`] as its JSON object.

use crate::expr::Jsonata;
use crate::model::*;
use crate::validate::Validated;

impl Validated<'_> {
    /// The canonical JSON text of the validated definition (see the [module
    /// documentation](crate::emit) for the format).
    pub fn to_json_string(&self) -> String {
        to_string_pretty(self.machine())
    }

    /// The validated definition as a [`serde_json::Value`]. It is built from the same ordered
    /// tree as the canonical text; its object order depends on `serde_json`'s features, so write
    /// text with [`Validated::to_json_string`], not from this value.
    pub fn to_json_value(&self) -> serde_json::Value {
        to_json_value(self.machine())
    }

    /// The canonical JSON text of the state named `name`, wherever it is nested, as the TestState
    /// API takes a state; `None` when the machine has no such state.
    pub fn state_to_json_string(&self, name: &str) -> Option<String> {
        find_state(&self.machine().scope, name).map(state_to_string_pretty)
    }
}

/// The canonical, pretty-printed JSON text of a state machine, with a trailing newline.
pub(crate) fn to_string_pretty(machine: &StateMachine) -> String {
    machine_tree(machine).to_json_string()
}

/// The definition as a [`serde_json::Value`], built from the same ordered tree as the canonical
/// text (see [`Validated::to_json_value`]).
pub(crate) fn to_json_value(machine: &StateMachine) -> serde_json::Value {
    machine_tree(machine).to_value()
}

/// The canonical, pretty-printed JSON text of one state, with a trailing newline.
fn state_to_string_pretty(state: &State) -> String {
    state_tree(state).to_json_string()
}

/// The state named `name` in `scope` or in a branch or processor nested in it (state names are
/// unique in the whole machine).
fn find_state<'a>(scope: &'a Scope, name: &str) -> Option<&'a State> {
    scope.states.iter().find_map(|named| {
        if named.name == name {
            return Some(&named.state);
        }
        match &named.state.kind {
            StateKind::Parallel(p) => p.branches.iter().find_map(|b| find_state(b, name)),
            StateKind::Map(m) => find_state(&m.processor.scope, name),
            _ => None,
        }
    })
}

// ---------------------------------------------------------------------------------------------
// The ordered JSON tree and its writer.
// ---------------------------------------------------------------------------------------------

/// The emitter builds the shared ordered tree; `Out` is its local name here.
use crate::tree::Tree as Out;

/// An object under construction.
#[derive(Default)]
struct Obj(Vec<(String, Out)>);

impl Obj {
    fn put(&mut self, key: impl Into<String>, value: Out) {
        self.0.push((key.into(), value));
    }

    fn put_str(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.put(key, Out::from(v));
        }
    }

    fn put_num(&mut self, key: &str, value: Option<&Number>) {
        if let Some(v) = value {
            self.put(key, number(v));
        }
    }

    fn put_template(&mut self, key: &str, value: Option<&Template>) {
        if let Some(v) = value {
            self.put(key, template(v));
        }
    }

    fn put_nullable(&mut self, key: &str, value: Option<&NullablePath>) {
        if let Some(v) = value {
            self.put(
                key,
                match v {
                    NullablePath::Null => Out::Null,
                    NullablePath::Path(p) => Out::from(p.as_str()),
                },
            );
        }
    }

    /// A [`Dyn`] field: `key` for a value or an expression, `keyPath` for a path.
    fn put_dyn<T>(&mut self, key: &str, value: Option<&Dyn<T>>, write: impl Fn(&T) -> Out) {
        match value {
            None => {}
            Some(Dyn::Value(v)) => self.put(key, write(v)),
            Some(Dyn::Path(p)) => self.put(format!("{key}Path"), Out::from(p.as_str())),
            Some(Dyn::Expr(e)) => self.put(key, Out::String(jsonata_text(e))),
        }
    }

    fn put_dyn_num(&mut self, key: &str, value: Option<&Dyn<Number>>) {
        self.put_dyn(key, value, number);
    }

    fn done(self) -> Out {
        Out::Object(self.0)
    }
}

// ---------------------------------------------------------------------------------------------
// Values.
// ---------------------------------------------------------------------------------------------

/// A number as its lexical text, which the readers guarantee is a JSON number; anything else
/// (which only a hand-built model could hold) is normalized so the output stays valid JSON.
///
/// A [placeholder](Number::placeholder) is written unquoted, `"Seconds": ${Timeout}`: the text a
/// deploy's substitution turns into a number. A quoted one would become a string.
fn number(n: &Number) -> Out {
    let text = n.as_str();
    if Number::is_lexical(text) || n.placeholder().is_some() {
        Out::Number(text.to_string())
    } else {
        Out::Number(Number::from(n.as_f64()).as_str().to_string())
    }
}

/// The `{% … %}` string of a JSONata expression.
fn jsonata_text(e: &Jsonata) -> String {
    let text = e.as_str();
    if text.trim_start().starts_with("{%") && text.trim_end().ends_with("%}") {
        text.to_string()
    } else {
        format!("{{%{text}%}}")
    }
}

fn json(j: &Json) -> Out {
    match j {
        Json::Null => Out::Null,
        Json::Bool(b) => Out::Bool(*b),
        Json::Number(n) => number(n),
        Json::String(s) => Out::from(s),
        Json::Array(items) => Out::Array(items.iter().map(json).collect()),
        Json::Object(members) => {
            Out::Object(members.iter().map(|(k, v)| (k.clone(), json(v))).collect())
        }
    }
}

fn template(t: &Template) -> Out {
    match t {
        Template::Null => Out::Null,
        Template::Bool(b) => Out::Bool(*b),
        Template::Number(n) => number(n),
        Template::String(s) => Out::from(s),
        Template::Expr(e) => Out::String(jsonata_text(e)),
        Template::Array(items) => Out::Array(items.iter().map(template).collect()),
        Template::Object(members) => Out::Object(
            members
                .iter()
                .map(|(k, v)| (Template::written_key(k, v), template(v)))
                .collect(),
        ),
        Template::Dynamic(d) => Out::from(d.as_str()),
    }
}

fn assign(a: &Assign) -> Out {
    Out::Object(
        a.variables
            .iter()
            .map(|(k, v)| (Template::written_key(k, v), template(v)))
            .collect(),
    )
}

fn resource(r: &Resource) -> Out {
    match r {
        Resource::Arn(s) => Out::from(s),
        Resource::Cfn(j) => json(j),
    }
}

// ---------------------------------------------------------------------------------------------
// Structure.
// ---------------------------------------------------------------------------------------------

fn machine_tree(m: &StateMachine) -> Out {
    let mut o = Obj::default();
    o.put_str("Comment", m.scope.comment.as_deref());
    o.put_str("QueryLanguage", m.query_language.map(QueryLanguage::as_str));
    o.put_str("Version", m.version.as_deref());
    o.put_num("TimeoutSeconds", m.timeout_seconds.as_ref());
    scope_body(&mut o, &m.scope);
    o.done()
}

/// `StartAt` and `States`.
fn scope_body(o: &mut Obj, scope: &Scope) {
    o.put("StartAt", Out::from(&scope.start_at));
    o.put(
        "States",
        Out::Object(
            scope
                .states
                .iter()
                .map(|s| (s.name.clone(), state_tree(&s.state)))
                .collect(),
        ),
    );
}

fn branch(scope: &Scope) -> Out {
    let mut o = Obj::default();
    o.put_str("Comment", scope.comment.as_deref());
    scope_body(&mut o, scope);
    o.done()
}

fn processor(p: &Processor) -> Out {
    let mut o = Obj::default();
    o.put_str("Comment", p.scope.comment.as_deref());
    if let Some(cfg) = &p.config {
        let mut c = Obj::default();
        c.put_str("Mode", cfg.mode.map(ProcessorMode::as_str));
        c.put_str(
            "ExecutionType",
            cfg.execution_type.map(ExecutionType::as_str),
        );
        o.put("ProcessorConfig", c.done());
    }
    scope_body(&mut o, &p.scope);
    o.done()
}

/// `InputPath` and `Parameters` (JSONPath) or `Arguments` (JSONata).
fn io_input(o: &mut Obj, io: &Io) {
    match io {
        Io::JsonPath(p) => {
            o.put_nullable("InputPath", p.input_path.as_ref());
            o.put_template("Parameters", p.parameters.as_ref());
        }
        Io::Jsonata(j) => o.put_template("Arguments", j.arguments.as_ref()),
    }
}

/// `ResultSelector`, `ResultPath`, `OutputPath` (JSONPath) or `Output` (JSONata).
fn io_output(o: &mut Obj, io: &Io) {
    match io {
        Io::JsonPath(p) => {
            o.put_template("ResultSelector", p.result_selector.as_ref());
            o.put_nullable("ResultPath", p.result_path.as_ref());
            o.put_nullable("OutputPath", p.output_path.as_ref());
        }
        Io::Jsonata(j) => o.put_template("Output", j.output.as_ref()),
    }
}

fn put_assign(o: &mut Obj, a: Option<&Assign>) {
    if let Some(a) = a {
        o.put("Assign", assign(a));
    }
}

fn put_transition(o: &mut Obj, t: &Transition) {
    match t {
        Transition::Next(n) => o.put("Next", Out::from(n)),
        Transition::End => o.put("End", Out::Bool(true)),
    }
}

fn put_error_handling(o: &mut Obj, retry: &[Retrier], catch: &[Catcher]) {
    if !retry.is_empty() {
        o.put("Retry", Out::Array(retry.iter().map(retrier).collect()));
    }
    if !catch.is_empty() {
        o.put("Catch", Out::Array(catch.iter().map(catcher).collect()));
    }
}

fn error_equals(errors: &[String]) -> Out {
    Out::Array(errors.iter().map(Out::from).collect())
}

fn retrier(r: &Retrier) -> Out {
    let mut o = Obj::default();
    o.put_str("Comment", r.comment.as_deref());
    o.put("ErrorEquals", error_equals(&r.error_equals));
    o.put_num("IntervalSeconds", r.interval_seconds.as_ref());
    o.put_num("MaxAttempts", r.max_attempts.as_ref());
    o.put_num("BackoffRate", r.backoff_rate.as_ref());
    o.put_num("MaxDelaySeconds", r.max_delay_seconds.as_ref());
    o.put_str(
        "JitterStrategy",
        r.jitter_strategy.map(JitterStrategy::as_str),
    );
    o.done()
}

fn catcher(c: &Catcher) -> Out {
    let mut o = Obj::default();
    o.put_str("Comment", c.comment.as_deref());
    o.put("ErrorEquals", error_equals(&c.error_equals));
    o.put_nullable("ResultPath", c.result_path.as_ref());
    o.put_template("Output", c.output.as_ref());
    put_assign(&mut o, c.assign.as_ref());
    o.put("Next", Out::from(&c.next));
    o.done()
}

fn state_tree(state: &State) -> Out {
    let mut o = Obj::default();
    o.put("Type", Out::from(state.kind.type_name()));
    o.put_str("Comment", state.comment.as_deref());
    o.put_str(
        "QueryLanguage",
        state.query_language.map(QueryLanguage::as_str),
    );
    match &state.kind {
        StateKind::Task(t) => task(&mut o, t),
        StateKind::Pass(p) => {
            io_input(&mut o, &p.io);
            if let Some(r) = &p.result {
                o.put("Result", json(r));
            }
            io_output(&mut o, &p.io);
            put_assign(&mut o, p.assign.as_ref());
            put_transition(&mut o, &p.transition);
        }
        StateKind::Choice(c) => choice(&mut o, c),
        StateKind::Wait(w) => {
            io_input(&mut o, &w.io);
            match &w.wait {
                WaitFor::Seconds(d) => o.put_dyn_num("Seconds", Some(d)),
                WaitFor::Timestamp(d) => o.put_dyn("Timestamp", Some(d), |s| Out::from(s)),
            }
            io_output(&mut o, &w.io);
            put_assign(&mut o, w.assign.as_ref());
            put_transition(&mut o, &w.transition);
        }
        StateKind::Succeed(s) => {
            io_input(&mut o, &s.io);
            io_output(&mut o, &s.io);
        }
        StateKind::Fail(f) => {
            o.put_dyn("Error", f.error.as_ref(), |s| Out::from(s));
            o.put_dyn("Cause", f.cause.as_ref(), |s| Out::from(s));
        }
        StateKind::Parallel(p) => {
            io_input(&mut o, &p.io);
            o.put(
                "Branches",
                Out::Array(p.branches.iter().map(branch).collect()),
            );
            io_output(&mut o, &p.io);
            put_assign(&mut o, p.assign.as_ref());
            put_error_handling(&mut o, &p.retry, &p.catch);
            put_transition(&mut o, &p.transition);
        }
        StateKind::Map(m) => map(&mut o, m),
    }
    o.done()
}

fn task(o: &mut Obj, t: &Task) {
    o.put("Resource", resource(&t.resource));
    o.put_template("Credentials", t.credentials.as_ref());
    io_input(o, &t.io);
    io_output(o, &t.io);
    o.put_dyn_num("TimeoutSeconds", t.timeout.as_ref());
    o.put_dyn_num("HeartbeatSeconds", t.heartbeat.as_ref());
    put_assign(o, t.assign.as_ref());
    put_error_handling(o, &t.retry, &t.catch);
    put_transition(o, &t.transition);
}

fn choice(o: &mut Obj, c: &Choice) {
    io_input(o, &c.io);
    o.put(
        "Choices",
        Out::Array(c.choices.iter().map(choice_rule).collect()),
    );
    o.put_str("Default", c.default.as_deref());
    io_output(o, &c.io);
    put_assign(o, c.assign.as_ref());
}

fn choice_rule(r: &ChoiceRule) -> Out {
    let mut o = Obj::default();
    o.put_str("Comment", r.comment.as_deref());
    condition(&mut o, &r.condition);
    o.put_template("Output", r.output.as_ref());
    put_assign(&mut o, r.assign.as_ref());
    o.put("Next", Out::from(&r.next));
    o.done()
}

fn nested_condition(c: &Condition) -> Out {
    let mut o = Obj::default();
    condition(&mut o, c);
    o.done()
}

fn condition(o: &mut Obj, c: &Condition) {
    match c {
        Condition::Compare(cmp) => {
            o.put("Variable", Out::from(cmp.variable.as_str()));
            let value = match &cmp.operand {
                Operand::String(s) => Out::from(s),
                Operand::Number(n) => number(n),
                Operand::Bool(b) => Out::Bool(*b),
                Operand::Path(p) => Out::from(p.as_str()),
            };
            o.put(cmp.operator.field_name(&cmp.operand), value);
        }
        Condition::And(cs) => o.put("And", Out::Array(cs.iter().map(nested_condition).collect())),
        Condition::Or(cs) => o.put("Or", Out::Array(cs.iter().map(nested_condition).collect())),
        Condition::Not(inner) => o.put("Not", nested_condition(inner)),
        Condition::Jsonata(t) => o.put("Condition", template(t)),
        Condition::Commented { comment, rule } => {
            o.put("Comment", Out::from(comment));
            condition(o, rule);
        }
    }
}

fn map(o: &mut Obj, m: &Map) {
    let jsonata = m.io.query_language() == QueryLanguage::Jsonata;
    let params_key = if jsonata { "Arguments" } else { "Parameters" };
    io_input(o, &m.io);
    if let Some(r) = &m.item_reader {
        let mut ro = Obj::default();
        ro.put("Resource", resource(&r.resource));
        if let Some(cfg) = &r.reader_config {
            let mut c = Obj::default();
            c.put_str("InputType", cfg.input_type.map(InputType::as_str));
            c.put_str(
                "CSVHeaderLocation",
                cfg.csv_header_location.map(CsvHeaderLocation::as_str),
            );
            if let Some(h) = &cfg.csv_headers {
                c.put("CSVHeaders", json(h));
            }
            c.put_str("CSVDelimiter", cfg.csv_delimiter.map(CsvDelimiter::as_str));
            c.put_str("ManifestType", cfg.manifest_type.map(ManifestType::as_str));
            c.put_dyn_num("MaxItems", cfg.max_items.as_ref());
            ro.put("ReaderConfig", c.done());
        }
        ro.put_template(params_key, r.parameters.as_ref());
        o.put("ItemReader", ro.done());
    }
    match &m.items {
        None => {}
        Some(Items::Path(p)) => o.put("ItemsPath", Out::from(p.as_str())),
        Some(Items::Jsonata(t)) => o.put("Items", template(t)),
    }
    let selector_key = if m.legacy_parameters {
        "Parameters"
    } else {
        "ItemSelector"
    };
    o.put_template(selector_key, m.item_selector.as_ref());
    if let Some(b) = &m.item_batcher {
        let mut bo = Obj::default();
        bo.put_dyn_num("MaxItemsPerBatch", b.max_items_per_batch.as_ref());
        bo.put_dyn_num(
            "MaxInputBytesPerBatch",
            b.max_input_bytes_per_batch.as_ref(),
        );
        bo.put_template("BatchInput", b.batch_input.as_ref());
        o.put("ItemBatcher", bo.done());
    }
    o.put_dyn_num("MaxConcurrency", m.max_concurrency.as_ref());
    o.put_dyn_num(
        "ToleratedFailurePercentage",
        m.tolerated_failure_percentage.as_ref(),
    );
    o.put_dyn_num("ToleratedFailureCount", m.tolerated_failure_count.as_ref());
    o.put_str("Label", m.label.as_deref());
    let processor_key = if m.processor.legacy_iterator {
        "Iterator"
    } else {
        "ItemProcessor"
    };
    o.put(processor_key, processor(&m.processor));
    if let Some(w) = &m.result_writer {
        let mut wo = Obj::default();
        if let Some(r) = &w.resource {
            wo.put("Resource", resource(r));
        }
        if let Some(cfg) = &w.writer_config {
            let mut c = Obj::default();
            c.put_str("OutputType", cfg.output_type.map(OutputType::as_str));
            c.put_str(
                "Transformation",
                cfg.transformation.map(Transformation::as_str),
            );
            wo.put("WriterConfig", c.done());
        }
        wo.put_template(params_key, w.parameters.as_ref());
        o.put("ResultWriter", wo.done());
    }
    io_output(o, &m.io);
    put_assign(o, m.assign.as_ref());
    put_error_handling(o, &m.retry, &m.catch);
    put_transition(o, &m.transition);
}

/// Whether two JSON values are the same definition: objects compared as unordered maps,
/// numbers as `f64` (`2` equals `2.0`). On a difference, where it is, as a JSON Pointer.
pub fn semantic_diff(a: &serde_json::Value, b: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            (x.as_f64() != y.as_f64()).then(|| format!("{at}: number {x} vs {y}"))
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!("{at}: array of {} vs {} items", x.len(), y.len()));
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (p, q))| semantic_diff(p, q, &format!("{at}/{i}")))
        }
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys() {
                if !y.contains_key(k) {
                    return Some(format!("{at}/{k}: only in the first"));
                }
            }
            for k in y.keys() {
                if !x.contains_key(k) {
                    return Some(format!("{at}/{k}: only in the second"));
                }
            }
            x.iter()
                .find_map(|(k, v)| semantic_diff(v, &y[k], &format!("{at}/{k}")))
        }
        _ => (a != b).then(|| format!("{at}: {a} vs {b}")),
    }
}

#[cfg(test)]
mod corpus_round_trip;
pub mod dsl;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, Options};

    /// Builds the model of `text` (which must have no parse errors) and emits it.
    fn emit(text: &str) -> String {
        let report = crate::check(text, Format::Json, &Options::default());
        let machine = report.machine.as_ref().expect("a model");
        let out = to_string_pretty(machine);
        // The canonical text is a fixed point.
        let again = crate::check(&out, Format::Json, &Options::default());
        assert_eq!(
            again.machine.as_ref(),
            Some(machine),
            "round trip of:\n{out}"
        );
        assert_eq!(to_string_pretty(again.machine.as_ref().unwrap()), out);
        out
    }

    #[test]
    fn pass_fields_are_reordered_and_numbers_kept() {
        let text = r#"{"States": {"A": {"End": true, "Result": {"b": 1.50, "a": [1e3, "x"], "e": [], "o": {}},
            "ResultPath": null, "Type": "Pass", "Comment": "first"}}, "StartAt": "A", "Comment": "c",
            "TimeoutSeconds": 60, "Version": "1.0"}"#;
        let expected = r#"{
  "Comment": "c",
  "Version": "1.0",
  "TimeoutSeconds": 60,
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Pass",
      "Comment": "first",
      "Result": {
        "b": 1.50,
        "a": [
          1e3,
          "x"
        ],
        "e": [],
        "o": {}
      },
      "ResultPath": null,
      "End": true
    }
  }
}
"#;
        assert_eq!(emit(text), expected);
    }

    #[test]
    fn task_with_templates_dyn_fields_and_error_handling() {
        let text = r#"{"StartAt": "T", "States": {
            "T": {"Type": "Task", "Next": "Done", "TimeoutSecondsPath": "$.timeout", "HeartbeatSeconds": 10,
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "f", "Payload.$": "$", "N.$": "States.Format('{}', $.x)"},
                  "Catch": [{"Next": "Done", "ResultPath": "$.error", "ErrorEquals": ["States.ALL"]}],
                  "Retry": [{"MaxAttempts": 3, "ErrorEquals": ["States.Timeout"], "JitterStrategy": "FULL"}],
                  "InputPath": "$.in", "OutputPath": null},
            "Done": {"Type": "Succeed"}}}"#;
        let expected = r#"{
  "StartAt": "T",
  "States": {
    "T": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "InputPath": "$.in",
      "Parameters": {
        "FunctionName": "f",
        "Payload.$": "$",
        "N.$": "States.Format('{}', $.x)"
      },
      "OutputPath": null,
      "TimeoutSecondsPath": "$.timeout",
      "HeartbeatSeconds": 10,
      "Retry": [
        {
          "ErrorEquals": [
            "States.Timeout"
          ],
          "MaxAttempts": 3,
          "JitterStrategy": "FULL"
        }
      ],
      "Catch": [
        {
          "ErrorEquals": [
            "States.ALL"
          ],
          "ResultPath": "$.error",
          "Next": "Done"
        }
      ],
      "Next": "Done"
    },
    "Done": {
      "Type": "Succeed"
    }
  }
}
"#;
        assert_eq!(emit(text), expected);
    }

    #[test]
    fn jsonpath_choice_and_fail() {
        let text = r#"{"StartAt": "C", "States": {
            "C": {"Type": "Choice", "Default": "F", "Choices": [
                {"Next": "F", "Not": {"Variable": "$.a", "IsPresent": true, "Comment": "absent"}},
                {"And": [{"NumericLessThanEquals": -1.5, "Variable": "$.n"}, {"Variable": "$.s", "StringEqualsPath": "$.t"}], "Next": "F"}
            ]},
            "F": {"Type": "Fail", "CausePath": "$.cause", "Error": "Oops"}}}"#;
        let expected = r#"{
  "StartAt": "C",
  "States": {
    "C": {
      "Type": "Choice",
      "Choices": [
        {
          "Not": {
            "Comment": "absent",
            "Variable": "$.a",
            "IsPresent": true
          },
          "Next": "F"
        },
        {
          "And": [
            {
              "Variable": "$.n",
              "NumericLessThanEquals": -1.5
            },
            {
              "Variable": "$.s",
              "StringEqualsPath": "$.t"
            }
          ],
          "Next": "F"
        }
      ],
      "Default": "F"
    },
    "F": {
      "Type": "Fail",
      "Error": "Oops",
      "CausePath": "$.cause"
    }
  }
}
"#;
        assert_eq!(emit(text), expected);
    }

    #[test]
    fn jsonata_states() {
        let text = r#"{"QueryLanguage": "JSONata", "StartAt": "W", "States": {
            "W": {"Type": "Wait", "Seconds": "{% $states.input.delay %}", "Next": "C",
                  "Assign": {"z": 1, "a": "{% $states.input %}"}, "Output": {"x": "{% 1 + 2 %}"}},
            "C": {"Type": "Choice", "Choices": [{"Next": "D", "Output": "{% $a %}", "Condition": "{% $z = 1 %}"}], "Default": "D"},
            "D": {"Type": "Fail", "Error": "{% 'E' & $z %}"}}}"#;
        let expected = r#"{
  "QueryLanguage": "JSONata",
  "StartAt": "W",
  "States": {
    "W": {
      "Type": "Wait",
      "Seconds": "{% $states.input.delay %}",
      "Output": {
        "x": "{% 1 + 2 %}"
      },
      "Assign": {
        "z": 1,
        "a": "{% $states.input %}"
      },
      "Next": "C"
    },
    "C": {
      "Type": "Choice",
      "Choices": [
        {
          "Condition": "{% $z = 1 %}",
          "Output": "{% $a %}",
          "Next": "D"
        }
      ],
      "Default": "D"
    },
    "D": {
      "Type": "Fail",
      "Error": "{% 'E' & $z %}"
    }
  }
}
"#;
        assert_eq!(emit(text), expected);
    }

    #[test]
    fn legacy_map_and_parallel() {
        let text = r#"{"StartAt": "M", "States": {
            "M": {"Type": "Map", "End": true, "MaxConcurrency": 2, "ItemsPath": "$.items",
                  "Parameters": {"item.$": "$$.Map.Item.Value"},
                  "Iterator": {"States": {"P": {"Type": "Parallel", "End": true,
                       "Branches": [{"StartAt": "S", "Comment": "b", "States": {"S": {"Type": "Succeed"}}}]}},
                    "StartAt": "P"}}}}"#;
        let expected = r#"{
  "StartAt": "M",
  "States": {
    "M": {
      "Type": "Map",
      "ItemsPath": "$.items",
      "Parameters": {
        "item.$": "$$.Map.Item.Value"
      },
      "MaxConcurrency": 2,
      "Iterator": {
        "StartAt": "P",
        "States": {
          "P": {
            "Type": "Parallel",
            "Branches": [
              {
                "Comment": "b",
                "StartAt": "S",
                "States": {
                  "S": {
                    "Type": "Succeed"
                  }
                }
              }
            ],
            "End": true
          }
        }
      },
      "End": true
    }
  }
}
"#;
        assert_eq!(emit(text), expected);
    }

    #[test]
    fn distributed_map() {
        let text = r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "Label": "L",
            "ResultWriter": {"WriterConfig": {"Transformation": "NONE", "OutputType": "JSON"}, "Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b"}},
            "ItemReader": {"Parameters": {"Bucket": "b", "Key": "k"}, "Resource": "arn:aws:states:::s3:getObject",
                           "ReaderConfig": {"MaxItems": 10, "CSVHeaders": ["a", "b"], "InputType": "CSV", "CSVHeaderLocation": "GIVEN"}},
            "ItemBatcher": {"BatchInput": {"k": "v"}, "MaxItemsPerBatchPath": "$.n"},
            "ToleratedFailurePercentage": 5,
            "ItemProcessor": {"StartAt": "S", "States": {"S": {"Type": "Succeed"}},
                              "ProcessorConfig": {"ExecutionType": "EXPRESS", "Mode": "DISTRIBUTED"}}}}}"#;
        let expected = r#"{
  "StartAt": "M",
  "States": {
    "M": {
      "Type": "Map",
      "ItemReader": {
        "Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {
          "InputType": "CSV",
          "CSVHeaderLocation": "GIVEN",
          "CSVHeaders": [
            "a",
            "b"
          ],
          "MaxItems": 10
        },
        "Parameters": {
          "Bucket": "b",
          "Key": "k"
        }
      },
      "ItemBatcher": {
        "MaxItemsPerBatchPath": "$.n",
        "BatchInput": {
          "k": "v"
        }
      },
      "ToleratedFailurePercentage": 5,
      "Label": "L",
      "ItemProcessor": {
        "ProcessorConfig": {
          "Mode": "DISTRIBUTED",
          "ExecutionType": "EXPRESS"
        },
        "StartAt": "S",
        "States": {
          "S": {
            "Type": "Succeed"
          }
        }
      },
      "ResultWriter": {
        "Resource": "arn:aws:states:::s3:putObject",
        "WriterConfig": {
          "OutputType": "JSON",
          "Transformation": "NONE"
        },
        "Parameters": {
          "Bucket": "b"
        }
      },
      "End": true
    }
  }
}
"#;
        assert_eq!(emit(text), expected);
    }

    #[test]
    fn strings_are_escaped() {
        let text = "{\"Comment\": \"q\\\" b\\\\ n\\n t\\t r\\r \\b \\f \\u0001 \\u007f é ✓ 😀 /\", \
                    \"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}";
        let out = emit(text);
        assert!(
            out.starts_with("{\n  \"Comment\": \"q\\\" b\\\\ n\\n t\\t r\\r \\b \\f \\u0001 \u{7f} é ✓ 😀 /\",\n"),
            "{out}"
        );
        let comment = "q\" b\\ n\n t\t r\r \u{8} \u{c} \u{1} \u{7f} é ✓ 😀 /";
        // The writer escapes exactly as serde_json does (a string alone is one line).
        let written = Out::from(comment).to_json_string();
        assert_eq!(written.trim_end(), serde_json::to_string(comment).unwrap());
    }

    #[test]
    fn cfn_resource_and_value() {
        let text = r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "End": true,
            "Resource": {"Fn::GetAtt": ["Fn", "Arn"]}, "Credentials": {"RoleArn.$": "$.role"}}}}"#;
        let report = crate::check(text, Format::Json, &Options::default());
        let machine = report.machine.expect("a model");
        let out = to_string_pretty(&machine);
        assert!(out.contains(
            "\"Resource\": {\n        \"Fn::GetAtt\": [\n          \"Fn\",\n          \"Arn\"\n        ]\n      },\n      \"Credentials\": {\n        \"RoleArn.$\": \"$.role\"\n      },"
        ), "{out}");
        let value = to_json_value(&machine);
        assert_eq!(
            value,
            serde_json::from_str::<serde_json::Value>(&out).unwrap()
        );
        assert_eq!(value["States"]["T"]["Resource"]["Fn::GetAtt"][1], "Arn");
    }

    #[test]
    fn single_state() {
        let doc = crate::read::parse(
            r#"{"Next": "X", "Type": "Pass", "Parameters": {"a.$": "$.b"}}"#,
            Format::Json,
        )
        .unwrap();
        let (state, _) = crate::build::build_state(&doc);
        let out = state_to_string_pretty(&state.expect("a state"));
        assert_eq!(
            out,
            "{\n  \"Type\": \"Pass\",\n  \"Parameters\": {\n    \"a.$\": \"$.b\"\n  },\n  \"Next\": \"X\"\n}\n"
        );
    }

    #[test]
    fn nested_state_of_a_validated_machine() {
        let text = r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
            "ItemProcessor": {"StartAt": "Inner", "States": {
                "Inner": {"Type": "Pass", "Result": 1, "End": true}}}}}}"#;
        let report = crate::check(text, Format::Json, &crate::Options::default());
        let validated = report.validated().expect("a valid machine");
        assert_eq!(
            validated.state_to_json_string("Inner").as_deref(),
            Some("{\n  \"Type\": \"Pass\",\n  \"Result\": 1,\n  \"End\": true\n}\n")
        );
        assert_eq!(validated.state_to_json_string("Missing"), None);
    }

    #[test]
    fn json_numbers() {
        for ok in ["0", "-0", "1", "-12.5", "1e3", "1E+3", "2.50e-7"] {
            assert!(Number::is_lexical(ok), "{ok}");
        }
        for bad in [
            "", "-", "01", "1.", ".5", "+1", "1e", "0x10", "1_000", "NaN", "inf",
        ] {
            assert!(!Number::is_lexical(bad), "{bad}");
        }
        assert_eq!(
            number(&Number::from_lexical("+2")),
            Out::Number("2.0".into())
        );
    }
}
