//! The evaluators against AWS's recorded executions (`../shared/conformance/cases.jsonl`, or
//! `$WORKFLOW_CONFORMANCE`): every case without Task states and whose run does not end by the
//! clock is run through a minimal walker built on `eval` alone (branches and iterations one
//! after the other, no retries or catchers), and its output (or error and cause) is
//! compared with the recording. Prints a table per folder; fails if fewer cases agree than the
//! floor below, so a regression in evaluation shows up here before the executor sees it.

use super::*;
use serde_json::{Map, Value, json};
use workflow_core::expr::Dynamic;
use workflow_core::model::{
    Assign, Dyn, Io, Items, NullablePath, QueryLanguage, Scope, State, StateKind, StateMachine,
    Template, WaitFor,
};

/// Cases that agree today; raise it as evaluation improves.
const FLOOR: usize = 605;

fn cases_file() -> Option<std::path::PathBuf> {
    if let Ok(dir) = std::env::var("WORKFLOW_CONFORMANCE") {
        return Some(std::path::PathBuf::from(dir).join("cases.jsonl"));
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance");
    Some(dir.join("cases.jsonl")).filter(|p| p.exists())
}

/// How a walk ended.
enum Finish {
    Output(Value),
    Failed(Failure),
}

/// What one state did.
enum Step {
    /// Its output, and the next state's name (`None` at the end).
    Output(Value, Option<String>),
    /// A Fail state: its error and cause, written as they are (no state prefix).
    Fail(Failure),
}

struct Run<'a> {
    machine: &'a StateMachine,
    context: Value,
    variables: Map<String, Value>,
    event_id: u64,
}

fn effective_ql(machine: &StateMachine, state: &State) -> QueryLanguage {
    state
        .query_language
        .unwrap_or_else(|| machine.default_query_language())
}

fn input_path(path: Option<&NullablePath>, env: &Env<'_>) -> Result<Value, Failure> {
    match path {
        None => Ok(env.input.clone()),
        Some(NullablePath::Null) => Ok(json!({})),
        Some(NullablePath::Path(p)) => read_path(p, env),
    }
}

impl<'a> Run<'a> {
    fn env<'e>(&'e self, input: &'e Value) -> Env<'e> {
        Env {
            input,
            context: &self.context,
            variables: &self.variables,
            seed: self.event_id,
        }
    }

    fn walk(&mut self, scope: &'a Scope, input: Value) -> Finish {
        let mut name = scope.start_at.clone();
        let mut input = input;
        for _ in 0..100 {
            let Some(state) = scope.get(&name) else {
                return Finish::Failed(Failure::runtime(format!("no state {name}")));
            };
            self.context["State"] = json!({"Name": name, "EnteredTime": "date"});
            match self.step(state, &input) {
                Ok(Step::Fail(failure)) => return Finish::Failed(failure),
                Ok(Step::Output(output, next)) => {
                    match check_payload_size(&output, &name).map(|()| next) {
                        Err(failure) => return Finish::Failed(failure),
                        Ok(next) => match next {
                            Some(next) => {
                                name = next;
                                input = output;
                                self.event_id += 2;
                            }
                            None => return Finish::Output(output),
                        },
                    }
                }
                Err(failure) => return Finish::Failed(failure.in_state(&name, self.event_id)),
            }
        }
        Finish::Failed(Failure::runtime("too many steps"))
    }

    /// A branch or an iteration: its own variables and context, the outer ones restored after.
    fn walk_nested(&mut self, scope: &'a Scope, input: Value) -> Finish {
        let saved = (self.context.clone(), self.variables.clone());
        let finish = self.walk(scope, input);
        (self.context, self.variables) = saved;
        finish
    }

    /// What Task-like states (Parallel, Map) do with their result: `ResultSelector`,
    /// `ResultPath`, `OutputPath` and `Assign` in JSONPath, `Output` and `Assign` in JSONata.
    fn finish_result(
        &self,
        io: &Io,
        assign: Option<&Assign>,
        input: &Value,
        result: Value,
    ) -> Result<(Value, Map<String, Value>), Failure> {
        let outcome = super::Outcome {
            result: Some(&result),
            error_output: None,
        };
        match io {
            Io::JsonPath(p) => {
                let selected = match &p.result_selector {
                    Some(rs) => {
                        evaluate_template(rs, "ResultSelector", &self.env(&result), outcome)?
                    }
                    None => result.clone(),
                };
                let assigned = match assign {
                    Some(a) => evaluate_assign(a, &self.env(&selected), outcome)?,
                    None => Map::new(),
                };
                let merged = apply_result_path(p.result_path.as_ref(), input, selected)?;
                Ok((
                    input_path(p.output_path.as_ref(), &self.env(&merged))?,
                    assigned,
                ))
            }
            Io::Jsonata(j) => {
                let env = self.env(input);
                let output = match &j.output {
                    Some(o) => evaluate_template(o, "Output", &env, outcome)?,
                    None => result.clone(),
                };
                let assigned = match assign {
                    Some(a) => evaluate_assign(a, &env, outcome)?,
                    None => Map::new(),
                };
                Ok((output, assigned))
            }
        }
    }

    /// The input a Parallel branch or a Map's items start from: `Parameters` (JSONPath) or
    /// `Arguments` (JSONata) if given, else the effective input.
    fn state_arguments(&self, io: &Io, input: &Value, effective: &Value) -> Result<Value, Failure> {
        let none = super::Outcome::default();
        match io {
            Io::JsonPath(p) => match &p.parameters {
                Some(params) => evaluate_template(params, "Parameters", &self.env(effective), none),
                None => Ok(effective.clone()),
            },
            Io::Jsonata(j) => match &j.arguments {
                Some(args) => evaluate_template(args, "Arguments", &self.env(input), none),
                None => Ok(input.clone()),
            },
        }
    }

    fn step(&mut self, state: &'a State, input: &Value) -> Result<Step, Failure> {
        let jsonata = effective_ql(self.machine, state) == QueryLanguage::Jsonata;
        let io = match &state.kind {
            StateKind::Pass(s) => Some(&s.io),
            StateKind::Choice(s) => Some(&s.io),
            StateKind::Succeed(s) => Some(&s.io),
            StateKind::Wait(s) => Some(&s.io),
            StateKind::Parallel(s) => Some(&s.io),
            StateKind::Map(s) => Some(&s.io),
            _ => None,
        };
        let (path_io, jsonata_io) = match io {
            Some(Io::JsonPath(p)) => (Some(p), None),
            Some(Io::Jsonata(j)) => (None, Some(j)),
            None => (None, None),
        };
        let env = self.env(input);
        let effective = match path_io {
            Some(p) => input_path(p.input_path.as_ref(), &env)?,
            None => input.clone(),
        };
        let no_outcome = super::Outcome::default();
        match &state.kind {
            StateKind::Pass(pass) => {
                let result = if let Some(params) = path_io.and_then(|p| p.parameters.as_ref()) {
                    evaluate_template(params, "Parameters", &self.env(&effective), no_outcome)?
                } else if let Some(r) = &pass.result {
                    static_value(r)
                } else {
                    effective.clone()
                };
                let assigned = match &pass.assign {
                    Some(a) if jsonata => Some(evaluate_assign(a, &env, no_outcome)?),
                    Some(a) => Some(evaluate_assign(a, &self.env(&result), no_outcome)?),
                    None => None,
                };
                let output = if let Some(p) = path_io {
                    let merged = apply_result_path(p.result_path.as_ref(), input, result)?;
                    input_path(p.output_path.as_ref(), &self.env(&merged))?
                } else if let Some(o) = jsonata_io.and_then(|j| j.output.as_ref()) {
                    evaluate_template(o, "Output", &env, no_outcome)?
                } else {
                    result
                };
                self.variables.extend(assigned.unwrap_or_default());
                Ok(Step::Output(
                    output,
                    pass.transition.next().map(str::to_string),
                ))
            }
            StateKind::Choice(choice) => {
                let choice_env = self.env(&effective);
                let mut chosen = None;
                for rule in &choice.choices {
                    if evaluate_condition(&rule.condition, &choice_env, no_outcome)? {
                        chosen = Some(rule);
                        break;
                    }
                }
                let next = match chosen {
                    Some(rule) => rule.next.clone(),
                    None => match &choice.default {
                        Some(d) => d.clone(),
                        None => {
                            return Err(Failure::new("States.NoChoiceMatched", "No Matches!"));
                        }
                    },
                };
                let assign = chosen
                    .and_then(|r| r.assign.as_ref())
                    .or(choice.assign.as_ref());
                let assigned = match assign {
                    Some(a) => Some(evaluate_assign(a, &choice_env, no_outcome)?),
                    None => None,
                };
                let output_template = chosen
                    .and_then(|r| r.output.as_ref())
                    .or(jsonata_io.and_then(|j| j.output.as_ref()));
                let output = if let Some(o) = output_template {
                    evaluate_template(o, "Output", &env, no_outcome)?
                } else if let Some(p) = path_io {
                    input_path(p.output_path.as_ref(), &choice_env)?
                } else {
                    effective.clone()
                };
                self.variables.extend(assigned.unwrap_or_default());
                Ok(Step::Output(output, Some(next)))
            }
            StateKind::Wait(wait) => {
                // The delay itself is the executor's; what is checked here is reading it.
                let wait_env = self.env(&effective);
                match &wait.wait {
                    WaitFor::Seconds(Dyn::Path(Dynamic::Path(p))) => {
                        fields::read_seconds_path(p, &wait_env).map(drop)?
                    }
                    WaitFor::Timestamp(Dyn::Path(Dynamic::Path(p))) => {
                        fields::read_timestamp_path(p, &wait_env).map(drop)?
                    }
                    WaitFor::Seconds(Dyn::Expr(e)) => fields::evaluate_jsonata_as(
                        e,
                        "Seconds",
                        fields::JsonType::Number,
                        &env,
                        no_outcome,
                    )
                    .map(drop)?,
                    WaitFor::Timestamp(Dyn::Expr(e)) => {
                        fields::evaluate_jsonata_timestamp(e, &env, no_outcome).map(drop)?
                    }
                    _ => {}
                }
                let assigned = match &wait.assign {
                    Some(a) => evaluate_assign(a, &wait_env, no_outcome)?,
                    None => Map::new(),
                };
                let output = if let Some(p) = path_io {
                    input_path(p.output_path.as_ref(), &wait_env)?
                } else if let Some(o) = jsonata_io.and_then(|j| j.output.as_ref()) {
                    evaluate_template(o, "Output", &env, no_outcome)?
                } else {
                    effective
                };
                self.variables.extend(assigned);
                Ok(Step::Output(
                    output,
                    wait.transition.next().map(str::to_string),
                ))
            }
            StateKind::Parallel(parallel) => {
                let branch_input = self.state_arguments(&parallel.io, input, &effective)?;
                let mut outputs = Vec::new();
                for branch in &parallel.branches {
                    match self.walk_nested(branch, branch_input.clone()) {
                        Finish::Output(o) => outputs.push(o),
                        Finish::Failed(f) => return Ok(Step::Fail(f)),
                    }
                }
                let (output, assigned) = self.finish_result(
                    &parallel.io,
                    parallel.assign.as_ref(),
                    input,
                    Value::Array(outputs),
                )?;
                self.variables.extend(assigned);
                Ok(Step::Output(
                    output,
                    parallel.transition.next().map(str::to_string),
                ))
            }
            StateKind::Map(map) => {
                let map_env = self.env(&effective);
                if let Some(Dyn::Path(Dynamic::Path(p))) = &map.max_concurrency {
                    fields::read_integer_path("MaxConcurrencyPath", p, &map_env)?;
                }
                if let Some(Dyn::Path(Dynamic::Path(p))) = &map.tolerated_failure_count {
                    fields::read_tolerated_failure_count_path(p, &map_env)?;
                }
                if let Some(Dyn::Path(Dynamic::Path(p))) = &map.tolerated_failure_percentage {
                    fields::read_number_path("ToleratedFailurePercentagePath", p, &map_env)?;
                }
                let items = match &map.items {
                    Some(Items::Path(p)) => read_path(p, &map_env)?,
                    Some(Items::Jsonata(Template::Expr(e))) => fields::evaluate_jsonata_as(
                        e,
                        "Items",
                        fields::JsonType::Array,
                        &env,
                        no_outcome,
                    )?,
                    Some(Items::Jsonata(t)) => evaluate_template(t, "Items", &env, no_outcome)?,
                    None if jsonata => input.clone(),
                    None => effective.clone(),
                };
                let Value::Array(items) = items else {
                    return Err(fields::map_input_not_array(&items));
                };
                let mut outputs = Vec::new();
                for (index, item) in items.iter().enumerate() {
                    self.context["Map"] = json!({"Item": {"Index": index, "Value": item}});
                    let item_input = match &map.item_selector {
                        Some(selector) if jsonata => evaluate_template(
                            selector,
                            "ItemSelector",
                            &self.env(input),
                            no_outcome,
                        )?,
                        Some(selector) => evaluate_template(
                            selector,
                            "ItemSelector",
                            &self.env(&effective),
                            no_outcome,
                        )?,
                        None => item.clone(),
                    };
                    let finish = self.walk_nested(&map.processor.scope, item_input);
                    if let Some(context) = self.context.as_object_mut() {
                        context.remove("Map");
                    }
                    match finish {
                        Finish::Output(o) => outputs.push(o),
                        Finish::Failed(f) => return Ok(Step::Fail(f)),
                    }
                }
                let (output, assigned) =
                    self.finish_result(&map.io, map.assign.as_ref(), input, Value::Array(outputs))?;
                self.variables.extend(assigned);
                Ok(Step::Output(
                    output,
                    map.transition.next().map(str::to_string),
                ))
            }
            StateKind::Succeed(_) => {
                let output = if let Some(p) = path_io {
                    input_path(p.output_path.as_ref(), &self.env(&effective))?
                } else if let Some(o) = jsonata_io.and_then(|j| j.output.as_ref()) {
                    evaluate_template(o, "Output", &env, no_outcome)?
                } else {
                    effective
                };
                Ok(Step::Output(output, None))
            }
            StateKind::Fail(fail) => {
                let text = |d: &Option<Dyn<String>>, field: &str| -> Result<String, Failure> {
                    Ok(match d {
                        None => String::new(),
                        Some(Dyn::Value(v)) => v.clone(),
                        Some(Dyn::Path(dynamic)) => match evaluate_dynamic(dynamic, &env)? {
                            Some(Value::String(s)) => s,
                            Some(other) => other.to_string(),
                            None => String::new(),
                        },
                        Some(Dyn::Expr(e)) => match evaluate_jsonata(e, field, &env, no_outcome)? {
                            Value::String(s) => s,
                            other => other.to_string(),
                        },
                    })
                };
                let error = text(&fail.error, "Error")?;
                let cause = text(&fail.cause, "Cause")?;
                Ok(Step::Fail(Failure::new(error, cause)))
            }
            _ => Err(Failure::runtime("unsupported state type")),
        }
    }
}

fn normalized(expected: &Value) -> Value {
    match expected {
        Value::String(s) => serde_json::from_str(s).unwrap_or_else(|_| expected.clone()),
        other => other.clone(),
    }
}

/// Values equal as the recordings compare them: strings that hold JSON objects compare as the
/// objects, and the generated values compare by kind.
fn same(mine: &Value, expected: &Value) -> bool {
    match (mine, expected) {
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::String(a), Value::String(b)) if a.starts_with('{') => {
            match (
                serde_json::from_str::<Value>(a),
                serde_json::from_str::<Value>(b),
            ) {
                (Ok(x), Ok(y)) => same(&x, &y),
                _ => a == b,
            }
        }
        (Value::Number(_), Value::String(s)) if s == "RandomNumberGenerated" => true,
        (Value::String(_), Value::String(s)) if s == "generated-uuid" || s == "date" => true,
        _ => mine == expected,
    }
}

#[test]
fn recorded_executions() {
    let Some(file) = cases_file() else {
        eprintln!("conformance cases not found; skipped");
        return;
    };
    let Ok(text) = std::fs::read_to_string(&file) else {
        eprintln!("cannot read {}; skipped", file.display());
        return;
    };
    let mut table: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let mut misses = Vec::new();
    for line in text.lines() {
        let Ok(case) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let definition = case["definition"].to_string();
        let Some(machine) = model_of(&definition) else {
            continue;
        };
        let supported = machine.scope.states.iter().all(|s| {
            matches!(
                s.state.kind,
                StateKind::Pass(_)
                    | StateKind::Choice(_)
                    | StateKind::Succeed(_)
                    | StateKind::Fail(_)
                    | StateKind::Wait(_)
                    | StateKind::Parallel(_)
                    | StateKind::Map(_)
            )
        });
        // Runs that end by the clock (a delay too long, a timeout, a stop) are the executor's.
        let by_clock = !matches!(
            case["expected"]["status"].as_str(),
            Some("SUCCEEDED" | "FAILED")
        ) || case["expected"]["cause"]
            .as_str()
            .is_some_and(|c| c.ends_with("Wait state delay is too long."));
        if !supported || by_clock {
            continue;
        }
        let folder = case["folder"].as_str().unwrap_or_default().to_string();
        let input: Value =
            serde_json::from_str(case["input"].as_str().unwrap_or("{}")).unwrap_or(json!({}));
        let context = json!({
            "Execution": {
                "Id": "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>",
                "Input": input.clone(),
                "Name": "<ExecArnPart_0idx>",
                "RoleArn": "snf_role_arn",
                "StartTime": "date",
                "RedriveCount": 0
            },
            "StateMachine": {
                "Id": "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>",
                "Name": "<ArnPart_0idx>"
            },
            "State": {}
        });
        let mut run = Run {
            machine: &machine,
            context,
            variables: Map::new(),
            event_id: 2,
        };
        let expected = &case["expected"];
        let agreed = match run.walk(&machine.scope, input) {
            Finish::Output(output) => {
                expected["status"] == "SUCCEEDED" && same(&output, &normalized(&expected["output"]))
            }
            Finish::Failed(f) => {
                expected["status"] == "FAILED"
                    && expected["error"].as_str().unwrap_or_default() == f.error
                    && expected["cause"].as_str().unwrap_or_default() == f.cause
            }
        };
        let entry = table.entry(folder).or_default();
        entry.1 += 1;
        if agreed {
            entry.0 += 1;
        } else {
            misses.push(format!(
                "{} #{}",
                case["test"].as_str().unwrap_or_default(),
                case["execution_index"]
            ));
        }
    }
    let agreed: usize = table.values().map(|e| e.0).sum();
    let total: usize = table.values().map(|e| e.1).sum();
    println!("{:<22} {:>7} {:>7}", "folder", "agree", "cases");
    for (folder, (ok, all)) in &table {
        println!("{folder:<22} {ok:>7} {all:>7}");
    }
    println!("{:<22} {agreed:>7} {total:>7}", "total");
    for miss in &misses {
        println!("differs: {miss}");
    }
    assert!(
        agreed >= FLOOR,
        "{agreed} of {total} agree, fewer than {FLOOR}"
    );
}

/// The state named `name` anywhere in the machine (branches and item processors included),
/// with the query language it runs in.
fn find_state<'m>(
    scope: &'m workflow_core::model::Scope,
    name: &str,
    inherited: QueryLanguage,
) -> Option<(&'m State, QueryLanguage)> {
    for named in &scope.states {
        let ql = named.state.query_language.unwrap_or(inherited);
        if named.name == name {
            return Some((&named.state, ql));
        }
        let nested: Vec<&workflow_core::model::Scope> = match &named.state.kind {
            StateKind::Parallel(p) => p.branches.iter().collect(),
            StateKind::Map(m) => vec![&m.processor.scope],
            _ => Vec::new(),
        };
        for inner in nested {
            if let Some(found) = find_state(inner, name, ql) {
                return Some(found);
            }
        }
    }
    None
}

/// Task parameters against the recorded histories of `mocked_cases.jsonl`: for each
/// `TaskScheduled` event, the state's `Parameters` (JSONPath) or `Arguments` (JSONata) are
/// evaluated against the input of the state's entered event and the variables assigned so far,
/// and compared with the recorded parameters. Cases that read the context object (whose
/// values the recordings normalised) are left out.
#[test]
fn recorded_task_parameters() {
    let Some(file) = cases_file().map(|f| f.with_file_name("mocked_cases.jsonl")) else {
        eprintln!("conformance cases not found; skipped");
        return;
    };
    let Ok(text) = std::fs::read_to_string(&file) else {
        eprintln!("cannot read {}; skipped", file.display());
        return;
    };
    let (mut agreed, mut total) = (0, 0);
    let mut misses = Vec::new();
    for line in text.lines() {
        let Ok(case) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let executions = case["executions"].as_array().cloned().unwrap_or_default();
        for execution in executions {
            let definition = execution["definition"].to_string();
            if definition.contains("$$") || definition.contains("$states.context") {
                continue;
            }
            let Some(machine) = model_of(&definition) else {
                continue;
            };
            let mut variables = Map::new();
            let mut entered: Option<(String, Value)> = None;
            let events = execution["expected"]["events"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            for event in events {
                if let Some(details) = event.get("stateEnteredEventDetails") {
                    let input = normalized(&details["input"]);
                    let name = details["name"].as_str().unwrap_or_default().to_string();
                    entered = Some((name, input));
                }
                if let Some(assigned) =
                    event["stateExitedEventDetails"]["assignedVariables"].as_object()
                {
                    for (k, v) in assigned {
                        let v = match v {
                            Value::String(s) => serde_json::from_str(s).unwrap_or(v.clone()),
                            other => other.clone(),
                        };
                        variables.insert(k.clone(), v);
                    }
                }
                let Some(recorded) = event["taskScheduledEventDetails"].get("parameters") else {
                    continue;
                };
                let Some((name, input)) = &entered else {
                    continue;
                };
                let default_ql = machine.default_query_language();
                let Some((state, ql)) = find_state(&machine.scope, name, default_ql) else {
                    continue;
                };
                let StateKind::Task(task) = &state.kind else {
                    continue;
                };
                let context = json!({});
                let env = Env {
                    input,
                    context: &context,
                    variables: &variables,
                    seed: 0,
                };
                let mine = match (&task.io, ql) {
                    (Io::JsonPath(p), _) => {
                        let Some(params) = &p.parameters else {
                            continue;
                        };
                        input_path(p.input_path.as_ref(), &env).and_then(|effective| {
                            let env = Env {
                                input: &effective,
                                ..env
                            };
                            evaluate_template(params, "Parameters", &env, super::Outcome::default())
                        })
                    }
                    (Io::Jsonata(j), _) => {
                        let Some(arguments) = &j.arguments else {
                            continue;
                        };
                        evaluate_template(arguments, "Arguments", &env, super::Outcome::default())
                    }
                };
                total += 1;
                let recorded = normalized(recorded);
                match mine {
                    Ok(mine) if same_normalised(&mine, &recorded) => agreed += 1,
                    other => misses.push(format!(
                        "{} #{} {name}: {} vs recorded {}",
                        case["test"].as_str().unwrap_or_default(),
                        execution["execution_index"],
                        match other {
                            Ok(v) => v.to_string(),
                            Err(f) => f.to_string(),
                        },
                        recorded
                    )),
                }
            }
        }
    }
    println!("task parameters: {agreed} of {total} agree");
    for miss in &misses {
        println!("differs: {miss}");
    }
    assert!(
        agreed >= TASK_FLOOR,
        "{agreed} of {total} agree, fewer than {TASK_FLOOR}"
    );
}

/// The variables a state-exited event records, their JSON texts parsed.
fn assigned_variables(exited: &Value) -> Map<String, Value> {
    exited["assignedVariables"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::String(s) => serde_json::from_str(s).unwrap_or(v.clone()),
                        other => other.clone(),
                    };
                    (k.clone(), v)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What a Task state's first matching catcher makes of its error output: `ResultPath` and
/// `Assign` (JSONPath, where `$` in `Assign` is the error output) or `Output` and `Assign`
/// (JSONata, with `$states.errorOutput`).
#[allow(clippy::type_complexity)]
fn catcher_outcome(
    machine: &StateMachine,
    entered: Option<&(String, Value)>,
    variables: &Map<String, Value>,
    error_output: &Value,
) -> Option<(String, Result<(Value, Map<String, Value>), Failure>)> {
    let (name, input) = entered?;
    let (state, _) = find_state(&machine.scope, name, machine.default_query_language())?;
    let StateKind::Task(task) = &state.kind else {
        return None;
    };
    let error = error_output["Error"].as_str().unwrap_or_default();
    let catcher = task.catch.iter().find(|c| {
        c.error_equals.iter().any(|e| {
            e == error
                || e == "States.ALL"
                || (e == "States.TaskFailed" && !error.starts_with("States."))
        })
    })?;
    let context = json!({});
    let env = Env {
        input,
        context: &context,
        variables,
        seed: 0,
    };
    let outcome = super::Outcome {
        result: None,
        error_output: Some(error_output),
    };
    let run = || -> Result<(Value, Map<String, Value>), Failure> {
        match &task.io {
            Io::JsonPath(_) => {
                let assigned = match &catcher.assign {
                    Some(a) => {
                        let env = Env {
                            input: error_output,
                            ..env
                        };
                        evaluate_assign(a, &env, outcome)?
                    }
                    None => Map::new(),
                };
                let output =
                    apply_result_path(catcher.result_path.as_ref(), input, error_output.clone())?;
                Ok((output, assigned))
            }
            Io::Jsonata(_) => {
                let output = match &catcher.output {
                    Some(o) => evaluate_template(o, "Output", &env, outcome)?,
                    None => error_output.clone(),
                };
                let assigned = match &catcher.assign {
                    Some(a) => evaluate_assign(a, &env, outcome)?,
                    None => Map::new(),
                };
                Ok((output, assigned))
            }
        }
    };
    Some((name.clone(), run()))
}

/// Task parameters that agree today (the one other is a Parallel whose branches' events
/// interleave, so the entered input this walk pairs with it is the other branch's).
const TASK_FLOOR: usize = 152;

/// [`same`], and recorded strings that normalisation rewrote (ARNs, names) accepted where the
/// value is a string whose recorded form holds a placeholder.
fn same_normalised(mine: &Value, recorded: &Value) -> bool {
    match (mine, recorded) {
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.get(k).is_some_and(|w| same_normalised(v, w)))
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_normalised(x, y))
        }
        (Value::String(a), Value::String(b)) if b.contains('<') || b.contains("arn:") => {
            a == b || b.contains('<')
        }
        _ => same(mine, recorded),
    }
}

/// What a Task state did with its result, against the recorded histories of
/// `mocked_cases.jsonl`: from the entered input and the `TaskSucceeded` output, `ResultSelector`,
/// `ResultPath`, `OutputPath` and `Assign` (JSONPath) or `Output` and `Assign` (JSONata) must give
/// the recorded state output and assigned variables; after a `TaskFailed`, the first matching
/// catcher must give them from the error output.
#[test]
fn recorded_task_outputs() {
    let Some(file) = cases_file().map(|f| f.with_file_name("mocked_cases.jsonl")) else {
        eprintln!("conformance cases not found; skipped");
        return;
    };
    let Ok(text) = std::fs::read_to_string(&file) else {
        eprintln!("cannot read {}; skipped", file.display());
        return;
    };
    let (mut agreed, mut total) = (0, 0);
    let mut misses = Vec::new();
    for line in text.lines() {
        let Ok(case) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let executions = case["executions"].as_array().cloned().unwrap_or_default();
        for execution in executions {
            let definition = execution["definition"].to_string();
            if definition.contains("$$") || definition.contains("$states.context") {
                continue;
            }
            let Some(machine) = model_of(&definition) else {
                continue;
            };
            let mut variables = Map::new();
            let mut entered: Option<(String, Value)> = None;
            let mut result: Option<Value> = None;
            let mut caught: Option<Value> = None;
            let events = execution["expected"]["events"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            for event in events {
                if let Some(details) = event.get("stateEnteredEventDetails") {
                    let input = normalized(&details["input"]);
                    let name = details["name"].as_str().unwrap_or_default().to_string();
                    entered = Some((name, input));
                    result = None;
                }
                if let Some(output) = event["taskSucceededEventDetails"].get("output") {
                    result = Some(normalized(output));
                }
                if let Some(failed) = event.get("taskFailedEventDetails") {
                    let mut error_output = Map::new();
                    if let Some(error) = failed.get("error") {
                        error_output.insert("Error".into(), error.clone());
                    }
                    match failed.get("cause") {
                        Some(Value::String(c)) => {
                            error_output.insert("Cause".into(), json!(c));
                        }
                        Some(other) => {
                            error_output.insert("Cause".into(), json!(other.to_string()));
                        }
                        None => {}
                    }
                    caught = Some(Value::Object(error_output));
                }
                if let Some(exited) = event.get("stateExitedEventDetails")
                    && let Some(caught_output) = caught.take().filter(|_| result.is_none())
                {
                    let checked =
                        catcher_outcome(&machine, entered.as_ref(), &variables, &caught_output);
                    if let Some((name, mine)) = checked {
                        total += 1;
                        let recorded_output = normalized(&exited["output"]);
                        let recorded_vars = assigned_variables(exited);
                        match mine {
                            Ok((output, assigned))
                                if same_normalised(&output, &recorded_output)
                                    && same_normalised(
                                        &Value::Object(assigned.clone()),
                                        &Value::Object(recorded_vars.clone()),
                                    ) =>
                            {
                                agreed += 1
                            }
                            other => misses.push(format!(
                                "{} #{} {name} (caught): {:?} vs recorded {}",
                                case["test"].as_str().unwrap_or_default(),
                                execution["execution_index"],
                                other.map(|(o, a)| (o.to_string(), Value::Object(a).to_string())),
                                recorded_output,
                            )),
                        }
                    }
                }
                let Some(exited) = event.get("stateExitedEventDetails") else {
                    continue;
                };
                let recorded_vars: Map<String, Value> = exited["assignedVariables"]
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| {
                                let v = match v {
                                    Value::String(s) => {
                                        serde_json::from_str(s).unwrap_or(v.clone())
                                    }
                                    other => other.clone(),
                                };
                                (k.clone(), v)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let checked = (|| {
                    let (name, input) = entered.as_ref()?;
                    let result = result.as_ref()?;
                    let default_ql = machine.default_query_language();
                    let (state, _) = find_state(&machine.scope, name, default_ql)?;
                    let StateKind::Task(task) = &state.kind else {
                        return None;
                    };
                    let context = json!({});
                    let env = Env {
                        input,
                        context: &context,
                        variables: &variables,
                        seed: 0,
                    };
                    let outcome = super::Outcome {
                        result: Some(result),
                        error_output: None,
                    };
                    let run = || -> Result<(Value, Map<String, Value>), Failure> {
                        match &task.io {
                            Io::JsonPath(p) => {
                                let selected = match &p.result_selector {
                                    Some(rs) => {
                                        let env = Env {
                                            input: result,
                                            ..env
                                        };
                                        evaluate_template(rs, "ResultSelector", &env, outcome)?
                                    }
                                    None => result.clone(),
                                };
                                let assigned = match &task.assign {
                                    Some(a) => {
                                        let env = Env {
                                            input: &selected,
                                            ..env
                                        };
                                        evaluate_assign(a, &env, outcome)?
                                    }
                                    None => Map::new(),
                                };
                                let merged =
                                    apply_result_path(p.result_path.as_ref(), input, selected)?;
                                let env = Env {
                                    input: &merged,
                                    ..env
                                };
                                Ok((input_path(p.output_path.as_ref(), &env)?, assigned))
                            }
                            Io::Jsonata(j) => {
                                let output = match &j.output {
                                    Some(o) => evaluate_template(o, "Output", &env, outcome)?,
                                    None => result.clone(),
                                };
                                let assigned = match &task.assign {
                                    Some(a) => evaluate_assign(a, &env, outcome)?,
                                    None => Map::new(),
                                };
                                Ok((output, assigned))
                            }
                        }
                    };
                    Some((name.clone(), run()))
                })();
                if let Some((name, mine)) = checked {
                    total += 1;
                    let recorded_output = normalized(&exited["output"]);
                    match mine {
                        Ok((output, assigned))
                            if same_normalised(&output, &recorded_output)
                                && same_normalised(
                                    &Value::Object(assigned.clone()),
                                    &Value::Object(recorded_vars.clone()),
                                ) =>
                        {
                            agreed += 1
                        }
                        other => misses.push(format!(
                            "{} #{} {name}: {} vs recorded {} {}",
                            case["test"].as_str().unwrap_or_default(),
                            execution["execution_index"],
                            match other {
                                Ok((o, a)) => format!("{o} {}", Value::Object(a)),
                                Err(f) => f.to_string(),
                            },
                            recorded_output,
                            Value::Object(recorded_vars.clone())
                        )),
                    }
                }
                variables.extend(recorded_vars);
            }
        }
    }
    println!("task outputs: {agreed} of {total} agree");
    for miss in &misses {
        println!("differs: {miss}");
    }
    // The one other is the Parallel whose branches' events interleave (see TASK_FLOOR).
    assert!(agreed >= 116, "{agreed} of {total} agree, fewer than 116");
}

/// The model of a recorded definition, read and built as the text front end does (not
/// validated: the recordings include definitions the executor is fed as they are).
fn model_of(definition: &str) -> Option<workflow_core::StateMachine> {
    let doc = workflow_core::read::parse_json(definition).ok()?;
    workflow_core::build::build(&doc).machine
}
