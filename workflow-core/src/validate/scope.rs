//! Rules about scopes and states: names, transitions, reachability, termination, variables'
//! scoping, and each state type's own rules.

use super::resource::{self, Pattern, ResourceKind};
use super::values::{FieldRole, Vars};
use super::{Here, Validator};
use crate::diagnostic::pointer_push;
use crate::did_you_mean::closest;
use crate::model::*;
use crate::rules::Rule;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

/// The longest state name AWS accepts, in characters.
pub const MAX_STATE_NAME_CHARS: usize = 80;

/// Variables assigned by enclosing scopes: readable here, but not assignable.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outer {
    pub assigned: BTreeSet<String>,
}

impl<'m> Validator<'m> {
    /// Duplicate names (machine-wide) and name length.
    pub(super) fn state_names(&mut self) {
        let mut seen: HashMap<&str, String> = HashMap::new();
        let mut all = Vec::new();
        collect_states(&self.machine.scope, "", &mut all);
        for (name, pointer) in all {
            if name.chars().count() > MAX_STATE_NAME_CHARS {
                self.report(
                    Rule::StateNameTooLong,
                    crate::Location { pointer: pointer.clone(), state_path: format!("\"{name}\""), at_key: true },
                    format!("state name is {} characters long, more than the {MAX_STATE_NAME_CHARS} AWS allows", name.chars().count()),
                )
                .help = Some("shorten the name".into());
            }
            if let Some(first) = seen.get(name) {
                let first = first.clone();
                let d = self.report(
                    Rule::DuplicateStateName,
                    crate::Location {
                        pointer,
                        state_path: format!("\"{name}\""),
                        at_key: true,
                    },
                    format!("state name \"{name}\" is already used"),
                );
                d.help = Some("state names must be unique in the whole machine, including Parallel branches and Map processors: rename one of the two".into());
                d.notes.push(crate::diagnostic::Note {
                    message: format!("the first state named \"{name}\" is here"),
                    pointer: first,
                    at_key: true,
                    pos: None,
                });
            } else {
                seen.insert(name, pointer);
            }
        }
    }

    /// Checks one scope (the machine, a branch or a processor) and everything in it.
    pub(super) fn scope(&mut self, scope: &'m Scope, here: &Here, outer: &Outer) {
        let names: HashSet<&str> = scope.states.iter().map(|s| s.name.as_str()).collect();
        let state_here = |name: &str| Here {
            pointer: pointer_push(&pointer_push(&here.pointer, "States"), name),
            state_path: if here.state_path.is_empty() {
                format!("\"{name}\"")
            } else {
                format!("{} › \"{name}\"", here.state_path)
            },
        };

        // StartAt.
        if !scope.start_at.is_empty() && !names.contains(scope.start_at.as_str()) {
            let d = self.report(
                Rule::StartAtUnknown,
                here.child("StartAt").loc(),
                format!(
                    "`StartAt` names \"{}\", which is not a state of this scope",
                    scope.start_at
                ),
            );
            d.help = closest(&scope.start_at, names.iter().copied())
                .map(|m| format!("did you mean \"{m}\"?"));
        }

        // Transitions.
        // A transition to a missing state follows its "did you mean" suggestion for the
        // reachability and termination checks below, so one typo gives one error, not also an
        // unreachable state and a scope that cannot finish.
        let mut edges: HashMap<&str, Vec<String>> = HashMap::new();
        let mut unresolved = false;
        for named in &scope.states {
            let h = state_here(&named.name);
            let mut targets = transitions(&named.state.kind);
            for (target, pointer_suffix) in &mut targets {
                if target.is_empty() || names.contains(target.as_str()) {
                    continue;
                }
                match self.unknown_target(target, &h, pointer_suffix, &names) {
                    Some(suggestion) => *target = suggestion.to_string(),
                    None => unresolved = true,
                }
            }
            edges.insert(&named.name, targets.into_iter().map(|(t, _)| t).collect());
        }

        // Reachability and termination.
        let mut reached: HashSet<&str> = HashSet::new();
        let mut queue = VecDeque::new();
        if names.contains(scope.start_at.as_str()) {
            queue.push_back(scope.start_at.as_str());
            reached.insert(scope.start_at.as_str());
        }
        while let Some(name) = queue.pop_front() {
            for t in edges.get(name).into_iter().flatten() {
                if let Some(&t) = names.get(t.as_str())
                    && reached.insert(t)
                {
                    queue.push_back(t);
                }
            }
        }
        for named in &scope.states {
            if !reached.contains(named.name.as_str()) && names.contains(scope.start_at.as_str()) {
                self.report(
                    Rule::Unreachable,
                    state_here(&named.name).key_loc(),
                    format!(
                        "state \"{}\" cannot be reached from `StartAt` (\"{}\")",
                        named.name, scope.start_at
                    ),
                )
                .help =
                    Some("point a `Next`, `Default` or catcher `Next` at it, or remove it".into());
            }
        }
        let terminal = scope
            .states
            .iter()
            .filter(|s| reached.contains(s.name.as_str()))
            .any(|s| is_terminal(&s.state.kind));
        if !terminal
            && !unresolved
            && !scope.states.is_empty()
            && names.contains(scope.start_at.as_str())
        {
            let where_ = if here.state_path.is_empty() {
                "the state machine".to_string()
            } else {
                here.state_path.clone()
            };
            self.report(
                Rule::NoTerminalState,
                here.child("States").loc(),
                format!("{where_} can never finish: no Succeed, Fail or `End: true` state is reachable from `StartAt`"),
            )
            .help = Some("end the last state with `\"End\": true`, or add a Succeed or Fail state".into());
        }

        // Variables: what this scope assigns, and what it may read.
        let mut assigned_here = BTreeSet::new();
        let mut assigned_by_state: Vec<BTreeSet<String>> = Vec::with_capacity(scope.states.len());
        for named in &scope.states {
            let h = state_here(&named.name);
            let mut mine = BTreeSet::new();
            for (name, pointer) in assignments(&named.state.kind, &h.pointer) {
                mine.insert(name.clone());
                if outer.assigned.contains(&name) {
                    self.report(
                        Rule::VariableShadowsOuter,
                        crate::Location { pointer, state_path: h.state_path.clone(), at_key: true },
                        format!("variable `{name}` is assigned in an outer scope and cannot be assigned inside a Parallel branch or Map processor"),
                    )
                    .help = Some("use a different name here, or return the value in the output and assign it after the Parallel or Map".into());
                }
                assigned_here.insert(name);
            }
            assigned_by_state.push(mine);
        }
        let mut readable = outer.assigned.clone();
        readable.extend(assigned_here.iter().cloned());
        let vars = Vars {
            readable: &readable,
            jsonpath: true,
        };

        for (i, named) in scope.states.iter().enumerate() {
            let h = state_here(&named.name);
            // A Parallel or Map state's own Assign and catchers run after its branches or
            // iterations end, so they are not outer variables for its inner scopes (AWS accepts
            // a branch and its Parallel's catcher assigning the same name).
            let for_inner = Outer {
                assigned: outer
                    .assigned
                    .iter()
                    .chain(
                        assigned_by_state
                            .iter()
                            .enumerate()
                            .filter(|(j, _)| *j != i)
                            .flat_map(|(_, s)| s.iter()),
                    )
                    .cloned()
                    .collect(),
            };
            self.state(&named.state, &h, &vars, &for_inner);
        }
    }

    /// Reports a transition to a state that is not in this scope; returns the state it most
    /// likely meant, if any.
    fn unknown_target<'n>(
        &mut self,
        target: &str,
        h: &Here,
        pointer_suffix: &str,
        names: &HashSet<&'n str>,
    ) -> Option<&'n str> {
        let mut loc = h.loc();
        loc.pointer.push_str(pointer_suffix);
        let mut all = Vec::new();
        collect_states(&self.machine.scope, "", &mut all);
        if all.iter().any(|(n, _)| *n == target) {
            self.report(
                Rule::NextOutOfScope,
                loc,
                format!("\"{target}\" is in another scope: a transition cannot leave or enter a Parallel branch or Map processor"),
            )
            .help = Some("end the branch or processor with `\"End\": true` and continue from the Parallel or Map state's `Next`".into());
            None
        } else {
            let suggestion = closest(target, names.iter().copied());
            let d = self.report(
                Rule::NextUnknownState,
                loc,
                format!("there is no state named \"{target}\" in this scope"),
            );
            d.help = suggestion.map(|m| format!("did you mean \"{m}\"?"));
            suggestion
        }
    }

    fn state(&mut self, state: &'m State, h: &Here, vars: &Vars<'_>, outer: &Outer) {
        let ql = state
            .query_language
            .unwrap_or(self.machine.default_query_language());
        let vars = &Vars {
            jsonpath: ql == QueryLanguage::JsonPath,
            ..*vars
        };
        if self.machine.query_language == Some(QueryLanguage::Jsonata)
            && state.query_language == Some(QueryLanguage::JsonPath)
        {
            self.report(
                Rule::QueryLanguageMix,
                h.child("QueryLanguage").loc(),
                "this state uses JSONPath, but the state machine is JSONata: a JSONata machine cannot hold JSONPath states",
            )
            .help = Some("remove the state's `QueryLanguage` and rewrite its fields in JSONata, or make the machine JSONPath and opt states into JSONata one by one".into());
        }
        let kind = &state.kind;
        if let Some(io) = kind.io() {
            self.io(io, h, vars, kind);
        }
        if let Some(assign) = kind.assign() {
            self.assign(assign, &h.child("Assign"), vars, FieldRole::output_of(kind));
        }
        if let Some((retry, catch)) = kind.error_handling() {
            self.retriers(retry, &h.child("Retry"));
            self.catchers(catch, &h.child("Catch"), vars, ql);
        }
        match kind {
            StateKind::Task(t) => self.task(t, h, vars),
            StateKind::Pass(p) => {
                let result_pointer = h.child("Result").pointer;
                if let Some(pointer) = p
                    .result
                    .as_ref()
                    .and_then(|r| dollar_key(r, &result_pointer))
                {
                    self.report(
                        Rule::PassResultIsStatic,
                        crate::Location { pointer, state_path: h.state_path.clone(), at_key: true },
                        "`Result` holds a field ending in `.$`, but a Pass state's Result is static: the path is not evaluated",
                    )
                    .help = Some("use `Parameters` to build the output from the input".into());
                }
            }
            StateKind::Choice(c) => self.choice(c, h, vars),
            StateKind::Wait(w) => match &w.wait {
                WaitFor::Seconds(d) => self.dyn_number(d, h, "Seconds", 0, 99_999_999, vars),
                WaitFor::Timestamp(d) => {
                    let here = h.child(if matches!(d, Dyn::Path(_)) {
                        "TimestampPath"
                    } else {
                        "Timestamp"
                    });
                    match d {
                        Dyn::Value(ts) => self.timestamp(ts, &here),
                        Dyn::Path(p) => self.dynamic(p, &here, vars),
                        Dyn::Expr(e) => self.jsonata(e, &here, vars, FieldRole::Plain),
                    }
                }
            },
            StateKind::Succeed(_) => {}
            StateKind::Fail(f) => {
                for (field, value) in [("Error", &f.error), ("Cause", &f.cause)] {
                    match value {
                        Some(Dyn::Value(s)) if looks_like_path(s) => {
                            self.report(
                                Rule::NoPath,
                                h.child(field).loc(),
                                format!("`{field}` looks like a path, but it is the literal text \"{s}\""),
                            )
                            .help = Some(format!("use `{field}Path` to read the value from the input"));
                        }
                        Some(Dyn::Path(p)) => {
                            self.dynamic(p, &h.child(&format!("{field}Path")), vars)
                        }
                        Some(Dyn::Expr(e)) => {
                            self.jsonata(e, &h.child(field), vars, FieldRole::Plain)
                        }
                        _ => {}
                    }
                }
            }
            StateKind::Parallel(p) => {
                for (i, branch) in p.branches.iter().enumerate() {
                    let bh = Here {
                        pointer: pointer_push(&h.child("Branches").pointer, &i.to_string()),
                        state_path: format!("{} › branch {}", parallel_label(h, "Parallel"), i + 1),
                    };
                    self.scope(branch, &bh, outer);
                }
            }
            StateKind::Map(m) => self.map(m, h, vars, outer),
        }
    }

    fn task(&mut self, t: &'m Task, h: &Here, vars: &Vars<'_>) {
        if let Some(timeout) = &t.timeout {
            self.dyn_number(timeout, h, "TimeoutSeconds", 1, 99_999_999, vars);
        }
        if let Some(hb) = &t.heartbeat {
            self.dyn_number(hb, h, "HeartbeatSeconds", 1, 99_999_999, vars);
        }
        if let (Some(Dyn::Value(timeout)), Some(Dyn::Value(hb))) = (&t.timeout, &t.heartbeat)
            && hb.as_f64() >= timeout.as_f64()
        {
            self.report(
                    Rule::HeartbeatNotBelowTimeout,
                    h.child("HeartbeatSeconds").loc(),
                    format!("`HeartbeatSeconds` ({hb}) must be smaller than `TimeoutSeconds` ({timeout})"),
                )
                .help = Some("the heartbeat interval must leave room for at least one heartbeat before the timeout".into());
        }
        if let Some(c) = &t.credentials {
            self.template(c, &h.child("Credentials"), vars, FieldRole::Plain);
        }
        let here = h.child("Resource");
        // An empty or missing Resource was reported when the model was built.
        let Resource::Arn(arn) = &t.resource else {
            return;
        };
        if arn.is_empty() {
            return;
        }
        match resource::classify(arn) {
            Err(problem) => {
                let rule = if problem.unsupported_integration {
                    Rule::UnsupportedIntegration
                } else {
                    Rule::InvalidResource
                };
                self.report(rule, here.loc(), problem.message).help = problem.help;
            }
            Ok(kind) => {
                if let Some(documented) = resource::qualified_integration(arn) {
                    self.report(
                        Rule::QualifiedIntegrationArn,
                        here.loc(),
                        format!("`{arn}` names a region or an account, which an integration ARN does not need"),
                    )
                    .help = Some(format!("write `{documented}`, the form AWS documents"));
                }
                if self.machine_type == MachineType::Express {
                    let what = match &kind {
                        ResourceKind::Activity { .. } => Some("an activity"),
                        ResourceKind::Integration {
                            pattern: Pattern::Sync | Pattern::Sync2,
                            ..
                        } => Some("the `.sync` integration pattern"),
                        ResourceKind::Integration {
                            pattern: Pattern::WaitForTaskToken,
                            ..
                        }
                        | ResourceKind::AwsSdk {
                            pattern: Pattern::WaitForTaskToken,
                            ..
                        } => Some("the `.waitForTaskToken` integration pattern"),
                        _ => None,
                    };
                    if let Some(what) = what {
                        self.report(Rule::ExpressUnsupported, here.loc(), format!("an EXPRESS state machine cannot use {what}"))
                            .help = Some("deploy the machine as STANDARD, or call the service with the request-response pattern".into());
                    }
                }
            }
        }
    }

    fn choice(&mut self, c: &'m Choice, h: &Here, vars: &Vars<'_>) {
        if c.default.is_none()
            && let Some(input) = super::choice_cover::unmatched_input(&c.choices)
        {
            self.report(
                Rule::ChoiceNoDefaultUncovered,
                h.loc(),
                format!(
                    "no rule of this Choice state matches the input {input}, and it has no `Default`: the execution would fail with `States.NoChoiceMatched`"
                ),
            )
            .help = Some(
                "add a `Default` (a Fail state naming the unexpected case, if nothing else fits)"
                    .into(),
            );
        }
        for (i, rule) in c.choices.iter().enumerate() {
            let rh = h.child("Choices").child(&i.to_string());
            self.condition(&rule.condition, &rh, vars);
            if let Some(a) = &rule.assign {
                self.assign(a, &rh.child("Assign"), vars, FieldRole::Plain);
            }
            if let Some(o) = &rule.output {
                self.template(o, &rh.child("Output"), vars, FieldRole::Plain);
            }
        }
    }

    fn condition(&mut self, c: &'m Condition, h: &Here, vars: &Vars<'_>) {
        match c {
            Condition::Compare(cmp) => {
                self.path_vars(&cmp.variable, &h.child("Variable"), vars);
                if !cmp.variable.is_reference() {
                    self.report(
                        Rule::InvalidReferencePath,
                        h.child("Variable").loc(),
                        format!(
                            "`Variable` \"{}\" is not a reference path: a comparison needs a single value, without wildcards, filters, slices or `..`",
                            cmp.variable.as_str()
                        ),
                    )
                    .help = Some("compare one field, e.g. `$.items[0].price`".into());
                }
                let field = cmp.operator.field_name(&cmp.operand);
                match &cmp.operand {
                    Operand::Path(p) => self.path_vars(p, &h.child(&field), vars),
                    Operand::String(s) if cmp.operator.operand_kind() == OperandKind::Timestamp => {
                        self.timestamp(s, &h.child(&field))
                    }
                    _ => {}
                }
            }
            Condition::And(cs) | Condition::Or(cs) => {
                let key = if matches!(c, Condition::And(_)) {
                    "And"
                } else {
                    "Or"
                };
                for (i, inner) in cs.iter().enumerate() {
                    self.condition(inner, &h.child(key).child(&i.to_string()), vars);
                }
            }
            Condition::Not(inner) => self.condition(inner, &h.child("Not"), vars),
            Condition::Commented { rule, .. } => self.condition(rule, h, vars),
            Condition::Jsonata(t) => {
                self.template(t, &h.child("Condition"), vars, FieldRole::Plain)
            }
        }
    }

    fn map(&mut self, m: &'m Map, h: &Here, vars: &Vars<'_>, outer: &Outer) {
        let distributed = m.processor.mode() == ProcessorMode::Distributed;
        let processor_key = if m.processor.legacy_iterator {
            "Iterator"
        } else {
            "ItemProcessor"
        };
        if distributed
            && m.processor
                .config
                .as_ref()
                .and_then(|c| c.execution_type)
                .is_none()
        {
            self.report(
                Rule::MapExecutionType,
                h.child(processor_key).child("ProcessorConfig").loc(),
                "a DISTRIBUTED Map needs `ExecutionType` in its `ProcessorConfig`",
            )
            .help = Some(
                "add `\"ExecutionType\": \"STANDARD\"` or `\"EXPRESS\"` for the child executions"
                    .into(),
            );
        }
        if let Some(items) = &m.items {
            match items {
                Items::Path(p) => self.path_vars(p, &h.child("ItemsPath"), vars),
                Items::Jsonata(t) => self.template(t, &h.child("Items"), vars, FieldRole::Plain),
            }
        }
        if let Some(sel) = &m.item_selector {
            let key = if m.legacy_parameters {
                "Parameters"
            } else {
                "ItemSelector"
            };
            self.template(sel, &h.child(key), vars, FieldRole::Plain);
        }
        if let Some(r) = &m.item_reader {
            let rh = h.child("ItemReader");
            if let Resource::Arn(arn) = &r.resource
                && let Err(p) = resource::check_item_reader(arn)
            {
                let rule = if p.unsupported_integration {
                    Rule::UnsupportedIntegration
                } else {
                    Rule::InvalidResource
                };
                self.report(rule, rh.child("Resource").loc(), p.message)
                    .help = p.help;
            }
            if let Some(p) = &r.parameters {
                let key = if matches!(m.io, Io::Jsonata(_)) {
                    "Arguments"
                } else {
                    "Parameters"
                };
                self.template(p, &rh.child(key), vars, FieldRole::Plain);
            }
            if let Some(max) = r.reader_config.as_ref().and_then(|c| c.max_items.as_ref()) {
                self.dyn_number(
                    max,
                    &rh.child("ReaderConfig"),
                    "MaxItems",
                    0,
                    100_000_000,
                    vars,
                );
            }
        }
        if let Some(b) = &m.item_batcher {
            let bh = h.child("ItemBatcher");
            if b.max_items_per_batch.is_none() && b.max_input_bytes_per_batch.is_none() {
                self.report(
                    Rule::ItemBatcherEmpty,
                    bh.loc(),
                    "an `ItemBatcher` needs `MaxItemsPerBatch` or `MaxInputBytesPerBatch`",
                )
                .help = Some("add e.g. `\"MaxItemsPerBatch\": 100`".into());
            }
            if let Some(d) = &b.max_items_per_batch {
                self.dyn_number(d, &bh, "MaxItemsPerBatch", 1, i64::MAX, vars);
            }
            if let Some(d) = &b.max_input_bytes_per_batch {
                self.dyn_number(d, &bh, "MaxInputBytesPerBatch", 1, 262_144, vars);
            }
            if let Some(t) = &b.batch_input {
                self.template(t, &bh.child("BatchInput"), vars, FieldRole::Plain);
            }
        }
        if let Some(w) = &m.result_writer {
            let wh = h.child("ResultWriter");
            if let Some(Resource::Arn(arn)) = &w.resource
                && let Err(p) = resource::check_result_writer(arn)
            {
                let rule = if p.unsupported_integration {
                    Rule::UnsupportedIntegration
                } else {
                    Rule::InvalidResource
                };
                self.report(rule, wh.child("Resource").loc(), p.message)
                    .help = p.help;
            }
            if let Some(p) = &w.parameters {
                let key = if matches!(m.io, Io::Jsonata(_)) {
                    "Arguments"
                } else {
                    "Parameters"
                };
                self.template(p, &wh.child(key), vars, FieldRole::Plain);
            }
        }
        if let Some(d) = &m.max_concurrency {
            self.dyn_number(d, h, "MaxConcurrency", 0, i64::MAX, vars);
        }
        if let Some(d) = &m.tolerated_failure_count {
            self.tolerated(d, h, "ToleratedFailureCount", i64::MAX, vars);
        }
        if let Some(d) = &m.tolerated_failure_percentage {
            self.tolerated(d, h, "ToleratedFailurePercentage", 100, vars);
        }
        if let Some(label) = &m.label {
            self.label(label, &h.child("Label"));
        }
        let ph = Here {
            pointer: h.child(processor_key).pointer,
            state_path: format!("{} › processor", parallel_label(h, "Map")),
        };
        self.scope(&m.processor.scope, &ph, outer);
    }

    fn tolerated(&mut self, d: &'m Dyn<Number>, h: &Here, field: &str, max: i64, vars: &Vars<'_>) {
        match d {
            Dyn::Value(n) if n.placeholder().is_some() => {}
            Dyn::Value(n) => {
                let f = n.as_f64();
                if !(0.0..=max as f64).contains(&f) {
                    let range = if max == 100 {
                        "between 0 and 100".to_string()
                    } else {
                        "0 or more".to_string()
                    };
                    self.report(
                        Rule::ToleratedFailure,
                        h.child(field).loc(),
                        format!("`{field}` must be {range}, found {n}"),
                    );
                }
            }
            Dyn::Path(p) => self.dynamic(p, &h.child(&format!("{field}Path")), vars),
            Dyn::Expr(e) => self.jsonata(e, &h.child(field), vars, FieldRole::Plain),
        }
    }

    fn label(&mut self, label: &str, h: &Here) {
        let len = label.chars().count();
        let bad: Vec<char> = label
            .chars()
            .filter(|c| {
                c.is_whitespace() || c.is_control() || "<>{}[]?*\"#%\\^|~`$&,;:/".contains(*c)
            })
            .collect();
        let problem = if len == 0 {
            Some("`Label` must not be empty".to_string())
        } else if len > 40 {
            Some(format!(
                "`Label` is {len} characters long, more than the 40 AWS allows"
            ))
        } else if !bad.is_empty() {
            let shown: String = bad.iter().map(|c| format!("{c:?} ")).collect();
            Some(format!(
                "`Label` contains characters AWS does not allow: {}",
                shown.trim_end()
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            self.report(Rule::MapLabel, h.loc(), message)
                .help = Some("use 1–40 letters, digits, `-`, `_` or `.`; the label becomes part of child execution names".into());
        }
    }
}

/// The `Parallel "Name"` or `Map "Name"` part of a nested scope's state path, with the path of
/// the scope holding the state in front.
fn parallel_label(h: &Here, type_name: &str) -> String {
    let name = h
        .pointer
        .rsplit('/')
        .next()
        .unwrap_or("")
        .replace("~1", "/")
        .replace("~0", "~");
    match h.state_path.rfind(" › \"") {
        Some(i) => format!("{} › {type_name} \"{name}\"", &h.state_path[..i]),
        None => format!("{type_name} \"{name}\""),
    }
}

/// Every state of the machine, branches and processors included, with its pointer.
fn collect_states<'a>(scope: &'a Scope, base: &str, out: &mut Vec<(&'a str, String)>) {
    for named in &scope.states {
        let pointer = pointer_push(&pointer_push(base, "States"), &named.name);
        out.push((&named.name, pointer.clone()));
        match &named.state.kind {
            StateKind::Parallel(p) => {
                for (i, b) in p.branches.iter().enumerate() {
                    collect_states(b, &format!("{pointer}/Branches/{i}"), out);
                }
            }
            StateKind::Map(m) => {
                let key = if m.processor.legacy_iterator {
                    "Iterator"
                } else {
                    "ItemProcessor"
                };
                collect_states(&m.processor.scope, &format!("{pointer}/{key}"), out);
            }
            _ => {}
        }
    }
}

/// The targets of a state's transitions, each with the pointer suffix of the field naming it.
fn transitions(kind: &StateKind) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(Transition::Next(n)) = kind.transition() {
        out.push((n.clone(), "/Next".to_string()));
    }
    if let StateKind::Choice(c) = kind {
        for (i, rule) in c.choices.iter().enumerate() {
            out.push((rule.next.clone(), format!("/Choices/{i}/Next")));
        }
        if let Some(d) = &c.default {
            out.push((d.clone(), "/Default".to_string()));
        }
    }
    if let Some((_, catch)) = kind.error_handling() {
        for (i, c) in catch.iter().enumerate() {
            out.push((c.next.clone(), format!("/Catch/{i}/Next")));
        }
    }
    out
}

fn is_terminal(kind: &StateKind) -> bool {
    match kind {
        StateKind::Succeed(_) | StateKind::Fail(_) => true,
        other => matches!(other.transition(), Some(Transition::End)),
    }
}

/// Every variable a state assigns (state, choice rules, catchers), with the pointer of the key.
fn assignments(kind: &StateKind, state_pointer: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |assign: &Assign, base: String| {
        for (name, value) in &assign.variables {
            out.push((
                name.clone(),
                pointer_push(&base, &Template::written_key(name, value)),
            ));
        }
    };
    if let Some(a) = kind.assign() {
        add(a, format!("{state_pointer}/Assign"));
    }
    if let StateKind::Choice(c) = kind {
        for (i, rule) in c.choices.iter().enumerate() {
            if let Some(a) = &rule.assign {
                add(a, format!("{state_pointer}/Choices/{i}/Assign"));
            }
        }
    }
    if let Some((_, catch)) = kind.error_handling() {
        for (i, c) in catch.iter().enumerate() {
            if let Some(a) = &c.assign {
                add(a, format!("{state_pointer}/Catch/{i}/Assign"));
            }
        }
    }
    out
}

/// The pointer of the first key ending in `.$` inside static JSON, if any.
fn dollar_key(j: &Json, pointer: &str) -> Option<String> {
    match j {
        Json::Object(members) => members.iter().find_map(|(k, v)| {
            let p = pointer_push(pointer, k);
            if k.ends_with(".$") {
                Some(p)
            } else {
                dollar_key(v, &p)
            }
        }),
        Json::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| dollar_key(v, &format!("{pointer}/{i}"))),
        _ => None,
    }
}

/// A string that is very likely meant as a path or intrinsic function call.
pub(crate) fn looks_like_path(s: &str) -> bool {
    (s == "$" || s.starts_with("$.") || s.starts_with("$$.") || s.starts_with("$["))
        && crate::expr::Path::parse(s).is_ok()
        || (s.starts_with("States.")
            && s.ends_with(')')
            && crate::expr::Intrinsic::parse(s).is_ok())
}
