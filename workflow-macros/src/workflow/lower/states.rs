//! The machine, its scopes and states: attributes, docs, a state's body fields, and Wait.

use super::*;

impl Lowerer {
    // ---- the machine and scopes ----

    pub(super) fn machine(&mut self, m: &ast::Machine) -> StateMachine {
        self.spans.insert("", &m.name);
        self.spans.insert_key("", &m.name);
        let mut version = None;
        let mut timeout_seconds = None;
        let mut query_language: Option<(QueryLanguage, &Ident)> = None;
        let mut machine_type: Option<(MachineType, &Ident)> = None;
        for attr in &m.attrs {
            let name = ident_text(&attr.name);
            match name.as_str() {
                "express" | "standard" => {
                    self.no_argument(attr);
                    let t = if name == "express" {
                        MachineType::Express
                    } else {
                        MachineType::Standard
                    };
                    if let Some((prev, _)) = machine_type
                        && prev != t
                    {
                        self.error(
                            &attr.name,
                            "a workflow is either `#[express]` or `#[standard]`, not both",
                        );
                    }
                    machine_type = Some((t, &attr.name));
                }
                "jsonata" | "jsonpath" => {
                    self.no_argument(attr);
                    let q = if name == "jsonata" {
                        QueryLanguage::Jsonata
                    } else {
                        QueryLanguage::JsonPath
                    };
                    if let Some((prev, _)) = query_language
                        && prev != q
                    {
                        self.error(
                            &attr.name,
                            "a workflow is either `#[jsonata]` or `#[jsonpath]`, not both",
                        );
                    }
                    query_language = Some((q, &attr.name));
                    self.spans.insert("/QueryLanguage", &attr.name);
                }
                "timeout" => match &attr.arg {
                    Some(v) => {
                        self.spans.insert("/TimeoutSeconds", v.tokens());
                        timeout_seconds = self.seconds(v, "the workflow timeout");
                    }
                    None => self.error(&attr.name, "expected `#[timeout(1h)]`"),
                },
                "version" => match &attr.arg {
                    Some(ast::Value::Str(s)) => {
                        self.spans.insert("/Version", s);
                        version = Some(s.value());
                    }
                    Some(v) => self.error(v.tokens(), "expected a string: `#[version(\"1.0\")]`"),
                    None => self.error(&attr.name, "expected `#[version(\"1.0\")]`"),
                },
                // The deployed name: the expansion's business.
                "name" => {}
                level if ast::LINT_ATTRS.contains(&level) => self.lint_levels("", attr),
                _ => self.unknown(
                    &attr.name,
                    &name,
                    "attribute",
                    "a workflow",
                    ast::MACHINE_ATTRS,
                ),
            }
        }
        self.top_ql = query_language.map_or(QueryLanguage::JsonPath, |(q, _)| q);
        let mut scope = self.scope(&m.states, "", span_tokens(m.body_span), "a workflow");
        if let Some(docs) = &m.docs {
            self.spans.insert("/Comment", docs);
            scope.comment = Some(doc_text(docs));
        }
        let mut machine = StateMachine::new(scope);
        machine.version = version;
        machine.timeout_seconds = timeout_seconds;
        machine.query_language = query_language.map(|(q, _)| q);
        machine.machine_type = machine_type.map(|(t, _)| t);
        machine
    }

    /// `#[allow(…)]`, `#[warn(…)]` or `#[deny(…)]` on the machine (`ptr` is `""`) or the state
    /// at `ptr`: the levels of the machine or state around it, with these lints set, the last
    /// attribute winning as with rustc's. A name that is not a lint (a rule AWS enforces, or a
    /// misspelling) is an error at the name.
    pub(super) fn lint_levels(&mut self, ptr: &str, attr: &ast::Attr) {
        let level = match ident_text(&attr.name).as_str() {
            "allow" => Level::Allow,
            "warn" => Level::Warn,
            _ => Level::Deny,
        };
        let mut levels = lint_levels_at(&self.lint_levels, ptr).clone();
        for lint in &attr.lints {
            // `no_dollar` names the lint `no-dollar`, as `#[allow(unused_variables)]` does
            // rustc's `unused-variables`.
            if let Err(message) = levels.set(&ident_text(lint).replace('_', "-"), level) {
                self.error(lint, in_dsl_spelling(&message));
            }
        }
        match self.lint_levels.iter_mut().find(|(p, _)| p == ptr) {
            Some((_, at_ptr)) => *at_ptr = levels,
            None => self.lint_levels.push((ptr.to_string(), levels)),
        }
    }

    pub(super) fn no_argument(&mut self, attr: &ast::Attr) {
        if let Some(v) = &attr.arg {
            self.error(
                v.tokens(),
                format!("`#[{}]` takes no argument", ident_text(&attr.name)),
            );
        }
    }

    /// The states of the machine, a branch or a processor, at `base` (the scope's pointer).
    pub(super) fn scope(
        &mut self,
        states: &[ast::State],
        base: &str,
        owner: TokenStream,
        what: &str,
    ) -> Scope {
        self.spans
            .insert(pointer_push(base, "States"), owner.clone());
        let Some(first) = states.first() else {
            self.rule_error(
                &owner,
                Rule::EmptyValue,
                &format!("{what} needs at least one state"),
                Some("add a state, e.g. `Done: succeed`"),
            );
            return Scope::default();
        };
        self.spans
            .insert(pointer_push(base, "StartAt"), &first.name);
        let mut out: Vec<NamedState> = Vec::with_capacity(states.len());
        let mut seen: HashMap<String, &ast::Name> = HashMap::new();
        for (i, s) in states.iter().enumerate() {
            let name = s.name.text.clone();
            if let Some(first) = seen.get(&name) {
                self.rule_error(
                    &s.name,
                    Rule::DuplicateStateName,
                    &format!("state name \"{name}\" is already used in this scope"),
                    Some("state names must be unique in the whole machine: rename one of the two"),
                );
                self.error(first, format!("the first state named \"{name}\" is here"));
                continue;
            }
            seen.insert(name.clone(), &s.name);
            // Fall through to the next state with a different name: a repeated name is dropped
            // above, and falling into it would make a state loop onto itself.
            let fallthrough = states[i + 1..]
                .iter()
                .map(|n| n.name.text.clone())
                .find(|n| *n != name);
            let state = self.state(s, base, fallthrough);
            out.push(NamedState::new(name, state));
        }
        Scope::new(first.name.text.clone(), out)
    }

    pub(super) fn state(
        &mut self,
        s: &ast::State,
        base: &str,
        fallthrough: Option<String>,
    ) -> State {
        let name = s.name.text.clone();
        let ptr = pointer_push(&pointer_push(base, "States"), &name);
        self.spans.insert(ptr.clone(), &s.name);
        self.spans.insert_key(ptr.clone(), &s.name);
        let mut query_language = None;
        for attr in &s.attrs {
            let attr_name = ident_text(&attr.name);
            match attr_name.as_str() {
                "jsonata" | "jsonpath" => {
                    self.no_argument(attr);
                    query_language = Some(if attr_name == "jsonata" {
                        QueryLanguage::Jsonata
                    } else {
                        QueryLanguage::JsonPath
                    });
                    self.spans
                        .insert(pointer_push(&ptr, "QueryLanguage"), &attr.name);
                }
                "input" => match &attr.ty {
                    Some(ty) => self.declared_inputs.push((ptr.clone(), ty.clone())),
                    None => self.error(&attr.name, "expected `#[input(Type)]`"),
                },
                // The declared output is the expansion's business.
                "output" => {}
                level if ast::LINT_ATTRS.contains(&level) => self.lint_levels(&ptr, attr),
                _ => self.unknown(
                    &attr.name,
                    &attr_name,
                    "attribute",
                    "a state",
                    ast::STATE_ATTRS,
                ),
            }
        }
        let ql = query_language.unwrap_or(self.top_ql);
        let comment = s.docs.as_ref().map(|d| {
            self.spans.insert(pointer_push(&ptr, "Comment"), d);
            doc_text(d)
        });
        let (ty, keyword, body) = match &s.kind {
            ast::Kind::Json { keyword, value } => {
                return self.json_state(keyword, value, &ptr, ql, comment);
            }
            ast::Kind::Task { keyword, body, .. } => (Ty::Task, keyword, Some(body)),
            ast::Kind::Pass { keyword, body } => (Ty::Pass, keyword, Some(body)),
            ast::Kind::Choice { keyword, .. } => (Ty::Choice, keyword, None),
            ast::Kind::Wait { keyword, body, .. } => (Ty::Wait, keyword, Some(body)),
            ast::Kind::Succeed { keyword, body } => (Ty::Succeed, keyword, Some(body)),
            ast::Kind::Fail { keyword, body } => (Ty::Fail, keyword, Some(body)),
            ast::Kind::Parallel { keyword, body } => (Ty::Parallel, keyword, Some(body)),
            ast::Kind::Map { keyword, body } => (Ty::Map, keyword, Some(body)),
        };
        self.spans.insert(pointer_push(&ptr, "Type"), keyword);
        let mut f = self.fields(body);
        let cx = Cx { ptr, ql };
        // InputPath first: every other path of the state reads what it selects.
        let input_path = if ty != Ty::Fail && cx.jsonpath() {
            self.input_path(&mut f, &cx)
        } else {
            None
        };
        let kind = match &s.kind {
            ast::Kind::Json { .. } => unreachable!("a json state is lowered above"),
            ast::Kind::Task {
                integration,
                result,
                ..
            } => {
                if let Some(ty) = result {
                    self.declared_results.push((cx.ptr.clone(), (**ty).clone()));
                }
                StateKind::Task(self.task(integration, &mut f, &cx, input_path, fallthrough))
            }
            ast::Kind::Pass { .. } => {
                let result = if cx.jsonpath() {
                    f.take("result")
                        .and_then(|(_, v)| self.json(v, &cx.at("Result"), "`result`"))
                } else {
                    None
                };
                let io = self.io(&mut f, &cx, Ty::Pass, input_path, Vec::new(), None);
                let assign = self.take_assign(&mut f, &cx);
                let transition = self.transition(&mut f, &cx, fallthrough);
                let mut pass = Pass::new(transition);
                pass.result = result;
                pass.io = io;
                pass.assign = assign;
                StateKind::Pass(pass)
            }
            ast::Kind::Choice { arms, .. } => StateKind::Choice(self.choice(arms, &cx)),
            ast::Kind::Wait { what, .. } => {
                let wait = self.wait(what, &cx);
                let io = self.io(&mut f, &cx, Ty::Wait, input_path, Vec::new(), None);
                let assign = self.take_assign(&mut f, &cx);
                let transition = self.transition(&mut f, &cx, fallthrough);
                let mut state = Wait::new(wait, transition);
                state.io = io;
                state.assign = assign;
                StateKind::Wait(state)
            }
            ast::Kind::Succeed { .. } => {
                let mut succeed = Succeed::new();
                succeed.io = self.io(&mut f, &cx, Ty::Succeed, input_path, Vec::new(), None);
                StateKind::Succeed(succeed)
            }
            ast::Kind::Fail { .. } => {
                let error = f
                    .take("error")
                    .and_then(|(_, v)| self.dyn_string(v, &cx, "Error"));
                let cause = f
                    .take("cause")
                    .and_then(|(_, v)| self.dyn_string(v, &cx, "Cause"));
                StateKind::Fail(Fail::new(error, cause))
            }
            ast::Kind::Parallel { keyword, body } => {
                let branches_found = std::mem::take(&mut f.branches);
                if branches_found.is_empty() {
                    self.rule_error(
                        body.span
                            .map_or_else(|| keyword.to_token_stream(), span_tokens),
                        Rule::EmptyValue,
                        "a parallel state needs at least one `branch { … }`",
                        None,
                    );
                }
                let mut branches = Vec::with_capacity(branches_found.len());
                for (i, block) in branches_found.into_iter().enumerate() {
                    let bptr = pointer_push(&cx.at("Branches"), &i.to_string());
                    self.spans.insert(bptr.clone(), block.keyword);
                    if i == 0 {
                        self.spans.insert(cx.at("Branches"), block.keyword);
                    }
                    branches.push(block.lower(self, &bptr, "a branch"));
                }
                let io = self.io(&mut f, &cx, Ty::Parallel, input_path, Vec::new(), None);
                let (retry, catch) = self.error_handling(&mut f, &cx);
                let assign = self.take_assign(&mut f, &cx);
                let transition = self.transition(&mut f, &cx, fallthrough);
                let mut parallel = Parallel::new(branches, transition);
                parallel.io = io;
                parallel.retry = retry;
                parallel.catch = catch;
                parallel.assign = assign;
                StateKind::Parallel(parallel)
            }
            ast::Kind::Map { keyword, body } => StateKind::Map(Box::new(
                self.map(
                    body.span
                        .map_or_else(|| keyword.to_token_stream(), span_tokens),
                    &mut f,
                    &cx,
                    input_path,
                    fallthrough,
                ),
            )),
        };
        self.finish(f, ty, ql);
        let mut state = State::new(kind);
        state.comment = comment;
        state.query_language = query_language;
        state
    }

    /// Sorts a body's entries; a field given twice is reported and the repeat dropped.
    pub(super) fn fields<'a>(&mut self, body: Option<&'a ast::Body>) -> Fields<'a> {
        let mut f = Fields {
            fields: Vec::new(),
            ends: Vec::new(),
            retries: Vec::new(),
            catches: Vec::new(),
            branches: Vec::new(),
            processors: Vec::new(),
        };
        let Some(body) = body else { return f };
        for entry in &body.entries {
            match entry {
                ast::Entry::Field { key, value } => {
                    let k = ident_text(key);
                    if f.fields.iter().any(|(_, other, _, _)| *other == k) {
                        self.rule_error(
                            key,
                            Rule::DuplicateKey,
                            &format!("`{k}` is set twice"),
                            Some("remove one of the two"),
                        );
                        continue;
                    }
                    f.fields.push((key, k, value, false));
                }
                ast::Entry::End(ident) => {
                    if !f.ends.is_empty() {
                        self.error(ident, "`end` is written twice");
                        continue;
                    }
                    f.ends.push(ident);
                }
                ast::Entry::Retry(r) => f.retries.push(r),
                ast::Entry::Catch(c) => f.catches.push(c),
                ast::Entry::Branch {
                    docs,
                    keyword,
                    states,
                    span,
                } => f.branches.push(Block {
                    keyword,
                    states,
                    span: *span,
                    docs: docs.as_ref(),
                }),
                ast::Entry::Processor {
                    docs,
                    keyword,
                    states,
                    span,
                } => f.processors.push(Block {
                    keyword,
                    states,
                    span: *span,
                    docs: docs.as_ref(),
                }),
            }
        }
        f
    }

    /// Reports every entry of a body that was not taken.
    pub(super) fn finish(&mut self, f: Fields<'_>, ty: Ty, ql: QueryLanguage) {
        let mut allowed = ty.fields(ql);
        allowed.extend(ty.entries());
        let owner = format!("a {} state", ty.name());
        for (key, k, _, used) in &f.fields {
            if *used {
                continue;
            }
            let other_ql = if ql == QueryLanguage::Jsonata && only_in(k, fields::JSONPATH_ONLY) {
                Some(QueryLanguage::JsonPath)
            } else if ql == QueryLanguage::JsonPath && only_in(k, fields::JSONATA_ONLY) {
                Some(QueryLanguage::Jsonata)
            } else {
                None
            };
            if let Some(other) = other_ql
                && ty.fields(other).contains(&k.as_str())
            {
                let help = match k.as_str() {
                    "parameters" | "input_path" => "use `arguments` instead".to_string(),
                    "arguments" => "use `parameters` instead".to_string(),
                    "result_selector" | "result_path" | "output_path" | "result" => {
                        "use `output` instead".to_string()
                    }
                    _ => format!(
                        "mark the state `#[{}]`, or remove the field",
                        other.as_str().to_ascii_lowercase()
                    ),
                };
                self.rule_error(
                    key,
                    Rule::QueryLanguageMix,
                    &format!(
                        "`{k}` is a {other} field, but this {} state uses {ql}",
                        ty.name()
                    ),
                    Some(&help),
                );
            } else if is_dsl_field(k) {
                self.rule_error(
                    key,
                    Rule::FieldNotAllowed,
                    &format!("`{k}` is not allowed in {owner}"),
                    Some(&format!("{owner} can have: {}", allowed.join(", "))),
                );
            } else {
                self.unknown(key, k, "field", &owner, &allowed);
            }
        }
        if !ty.has_transition() {
            for end in &f.ends {
                self.error(
                    end,
                    format!(
                        "`end` is not allowed in {owner}: it has no transition [field-not-allowed]"
                    ),
                );
            }
        }
        if !ty.has_error_handling() {
            for r in &f.retries {
                self.error(
                    &r.keyword,
                    format!("`retry` is only allowed in task, parallel and map states, not in {owner} [field-not-allowed]"),
                );
            }
            for c in &f.catches {
                self.error(
                    &c.keyword,
                    format!("`catch` is only allowed in task, parallel and map states, not in {owner} [field-not-allowed]"),
                );
            }
        }
        for block in &f.branches {
            self.error(
                block.keyword,
                format!("`branch` is only allowed in a parallel state, not in {owner}"),
            );
        }
        // A map state's first processor was taken when it was lowered; any left are repeats.
        for block in &f.processors {
            let message = if ty == Ty::Map {
                "a map state has one `processor { … }`".to_string()
            } else {
                format!("`processor` is only allowed in a map state, not in {owner}")
            };
            self.error(block.keyword, message);
        }
    }

    /// "unknown X `name` in Y; expected one of …" with a did-you-mean.
    pub(super) fn unknown(
        &mut self,
        tokens: impl ToTokens,
        name: &str,
        what: &str,
        owner: &str,
        allowed: &[&str],
    ) {
        let message = crate::common::unknown(what, name, Some(owner), allowed);
        self.error(tokens, message);
    }
}

impl Lowerer {
    // ---- the escape hatch ----

    /// `json { … }`: the state as ASL JSON, built by workflow-core's builder (the state a
    /// definition file would give) and validated with the rest of the machine. Its `///`
    /// comment is its Comment unless the JSON has one.
    fn json_state(
        &mut self,
        keyword: &Ident,
        value: &ast::Value,
        ptr: &str,
        ql: QueryLanguage,
        comment: Option<String>,
    ) -> State {
        self.spans.insert(pointer_push(ptr, "Type"), keyword);
        let fallback = || State::new(StateKind::Succeed(Succeed::new()));
        let mut text = String::new();
        if let Err(tokens) = json_text(value, &mut text) {
            self.rule_error(
                tokens,
                Rule::WrongType,
                "a `json` state holds JSON: strings, numbers, `true`, `false`, `null`, objects \
                 and arrays",
                None,
            );
            return fallback();
        }
        let doc = match workflow_core::read::parse(&text, workflow_core::Format::Json) {
            Ok(doc) => doc,
            Err(e) => {
                self.error(value.tokens(), format!("this is not JSON: {e}"));
                return fallback();
            }
        };
        let (state, diagnostics) = workflow_core::build::build_state_in(&doc, ql);
        for d in diagnostics.iter().filter(|d| d.is_error()) {
            let mut d = d.clone();
            if !d.location.pointer.is_empty() {
                d.message = format!("{} (at `{}` in the JSON)", d.message, d.location.pointer);
            }
            self.error(value.tokens(), crate::common::message(&d));
        }
        let Some(mut state) = state else {
            return fallback();
        };
        if state.comment.is_none() {
            state.comment = comment;
        }
        state
    }

    // ---- Wait ----

    pub(super) fn wait(&mut self, what: &ast::WaitWhat, cx: &Cx) -> WaitFor {
        match what {
            ast::WaitWhat::Seconds(v) => WaitFor::Seconds(
                self.dyn_number(None, v, &cx.ptr, "Seconds", cx.ql)
                    .unwrap_or(Dyn::Value(Number::from(1i64))),
            ),
            ast::WaitWhat::Until { keyword, at } => {
                let field = match at {
                    ast::Value::Path { .. } if cx.jsonpath() => "TimestampPath",
                    _ => "Timestamp",
                };
                self.spans.insert_key(cx.at(field), keyword);
                let ts = match at {
                    ast::Value::Str(s) => {
                        self.spans.insert(cx.at("Timestamp"), s);
                        let text = s.value();
                        if !cx.jsonpath() && jsonata::is_expression(&text) {
                            self.jsonata(&text, s).map(Dyn::Expr)
                        } else {
                            Some(Dyn::Value(text))
                        }
                    }
                    ast::Value::Path { text, tokens } if cx.jsonpath() => {
                        self.spans.insert(cx.at("TimestampPath"), tokens.clone());
                        self.path(text, tokens).map(|p| Dyn::Path(Dynamic::Path(p)))
                    }
                    other => {
                        self.rule_error(
                            other.tokens(),
                            Rule::WrongType,
                            "`wait until` takes a timestamp string such as \"2026-01-01T00:00:00Z\" or a path",
                            None,
                        );
                        None
                    }
                };
                WaitFor::Timestamp(ts.unwrap_or(Dyn::Value(String::new())))
            }
        }
    }
}

/// The JSON text of a `json { … }` state's value; the tokens of the first part that is not
/// JSON (a path, a call, a duration, a word).
fn json_text(v: &ast::Value, out: &mut String) -> Result<(), TokenStream> {
    match v {
        ast::Value::Str(s) => out.push_str(&serde_json_string(&s.value())),
        ast::Value::Number { text, .. } => out.push_str(text),
        ast::Value::Bool { value, .. } => out.push_str(if *value { "true" } else { "false" }),
        ast::Value::Null(_) => out.push_str("null"),
        ast::Value::Array { items, .. } => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_text(item, out)?;
            }
            out.push(']');
        }
        ast::Value::Object { members, .. } => {
            out.push('{');
            for (i, (key, _, value)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json_string(key));
                out.push(':');
                json_text(value, out)?;
            }
            out.push('}');
        }
        other => return Err(other.tokens()),
    }
    Ok(())
}

/// A JSON string literal with `s` as its value.
fn serde_json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use crate::workflow::lower::tests::*;

    #[test]
    fn parallel_and_wait_and_fall_through() {
        assert_asl(
            r#"
            Fanout {
                Start: pass { parameters: { "id": $.id, "greeting": format("Hello, {}! It's {}", $.name, "{late}"), "old.$": "$.old", "same.$": $.same } },
                Fan: parallel {
                    branch {
                        A: pass { result: { "a": 1, "list": [1, "two", null, true] } },
                        B: succeed,
                    },
                    branch {
                        C: wait 5s,
                        D: wait $.delay,
                        E: wait until "2026-01-01T00:00:00Z",
                        F: wait until $.when { output_path: $.x },
                    },
                    result_path: $.out,
                    retry: [States.ALL] x3,
                    next: Done,
                },
                Done: succeed { input_path: $.out },
            }
            "#,
            r#"{
              "StartAt": "Start",
              "States": {
                "Start": {
                  "Type": "Pass",
                  "Parameters": { "id.$": "$.id", "greeting.$": "States.Format('Hello, {}! It\\'s {}', $.name, '\\{late\\}')", "old.$": "$.old", "same.$": "$.same" },
                  "Next": "Fan"
                },
                "Fan": {
                  "Type": "Parallel",
                  "Branches": [
                    { "StartAt": "A", "States": {
                        "A": { "Type": "Pass", "Result": { "a": 1, "list": [1, "two", null, true] }, "Next": "B" },
                        "B": { "Type": "Succeed" } } },
                    { "StartAt": "C", "States": {
                        "C": { "Type": "Wait", "Seconds": 5, "Next": "D" },
                        "D": { "Type": "Wait", "SecondsPath": "$.delay", "Next": "E" },
                        "E": { "Type": "Wait", "Timestamp": "2026-01-01T00:00:00Z", "Next": "F" },
                        "F": { "Type": "Wait", "TimestampPath": "$.when", "OutputPath": "$.x", "End": true } } }
                  ],
                  "ResultPath": "$.out",
                  "Retry": [{ "ErrorEquals": ["States.ALL"], "MaxAttempts": 3 }],
                  "Next": "Done"
                },
                "Done": { "Type": "Succeed", "InputPath": "$.out" }
              }
            }"#,
        );
    }

    #[test]
    fn unknown_and_misplaced_fields() {
        let errors = error_messages(
            r#"
            M {
                A: task lambda::invoke("${Fn}") { timout: 30s, items: $.x, arguments: {} },
                B: succeed { next: A },
                #[jsonata]
                C: pass { parameters: {} },
            }
            "#,
        );
        assert_eq!(errors.len(), 5, "{errors:#?}");
        assert!(
            errors[0].starts_with("unknown field `timout` in a task state; expected one of `next`")
        );
        assert!(
            errors[0].ends_with("= help: did you mean `timeout`?"),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].starts_with("`items` is not allowed in a task state [field-not-allowed]")
        );
        assert!(
            errors[2]
                .starts_with("`arguments` is a JSONata field, but this task state uses JSONPath")
        );
        assert!(errors[3].starts_with("`next` is not allowed in a succeed state"));
        assert!(
            errors[4].ends_with("= help: use `arguments` instead"),
            "{}",
            errors[4]
        );
    }
}
