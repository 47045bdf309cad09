//! Conformance with what AWS did: runs every recorded execution of the shared conformance folder
//! (`../shared/conformance`, or `$WORKFLOW_CONFORMANCE`) and scores it at three levels, per folder
//! and per `requires` group:
//!
//! 1. result: status, and output (or error and cause), equal after normalisation;
//! 2. path: the result, and the sequence of event types;
//! 3. history: the path, and every event equal after normalisation.
//!
//! The table is the point; the test fails when a score drops below its floor (the score when the
//! floor was last raised, minus a small margin), when a run panics, or when a miss at a judged
//! level (every level for `cases.jsonl`, the result for `mocked_cases.jsonl`) is not on the
//! reviewed list of misses with its reason, `tests/conformance/misses.tsv` (which it prints), or
//! a listed miss no longer misses. Executions AWS's recording cannot be reproduced for are
//! listed, with the reason, in `tests/conformance/unreproducible.tsv` and reported apart.

#[path = "conformance/normalize.rs"]
mod normalize;
#[path = "conformance/wire.rs"]
mod wire;

use normalize::Normalizer;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::PathBuf;
use workflow_core::MachineType;
use workflow_local::{Execution, ExecutionConfig, MockConfig, Runner, TaskOutcome};

/// Floors, in percent: the scores when they were last raised, minus a margin.
const FLOOR_RESULT: f64 = 99.0;
const FLOOR_PATH: f64 = 99.0;
const FLOOR_HISTORY: f64 = 97.0;
const FLOOR_MOCKED_RESULT: f64 = 93.5;

const ACCOUNT: &str = "111111111111";
const REGION: &str = "us-east-1";
const ROLE_ARN: &str = "arn:aws:iam::111111111111:role/StepFunctionsRole";

fn folder() -> Option<PathBuf> {
    let path = match std::env::var_os("WORKFLOW_CONFORMANCE") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance"),
    };
    path.join("cases.jsonl").exists().then_some(path)
}

/// One execution to judge.
struct Case {
    test: String,
    folder: String,
    index: u64,
    definition: Value,
    express: bool,
    input: String,
    start_time: String,
    requires: Vec<String>,
    normalization: Vec<Value>,
    expected: Value,
    recorded_task_results: Option<Vec<Value>>,
    /// Step Functions Local's mock configuration that reproduces the run, when LocalStack had
    /// one.
    mock_config: Option<Value>,
    /// Resources a distributed Map's ResultWriter writes to; AWS records no answer for them.
    result_writers: Vec<String>,
    /// Activity resources that are fixture stubs (`<stub:create_activity()['activityArn']>`):
    /// the activity LocalStack's test created, whose ARN the recording replaced.
    activity_stubs: Vec<String>,
}

fn read_cases(path: &PathBuf) -> Vec<Case> {
    let text = std::fs::read_to_string(path).expect("the cases file is readable");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<Value>(l).expect("each line is JSON"))
        .map(|v| case_from(&v, &v))
        .collect()
}

fn read_mocked_cases(path: &PathBuf) -> Vec<Case> {
    let text = std::fs::read_to_string(path).expect("the mocked cases file is readable");
    let mut cases = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let test: Value = serde_json::from_str(line).expect("each line is JSON");
        for execution in test["executions"].as_array().into_iter().flatten() {
            cases.push(case_from(&test, execution));
        }
    }
    cases
}

fn case_from(test: &Value, execution: &Value) -> Case {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    Case {
        test: text(&test["test"]),
        folder: text(&test["folder"]),
        index: execution["execution_index"].as_u64().unwrap_or(0),
        definition: execution["definition"].clone(),
        express: execution["state_machine_type"] == "EXPRESS",
        // Inputs holding values of LocalStack's fixtures are run as the recording shows them.
        input: match (
            &execution["input_has_fixture_values"],
            execution.get("input_recorded"),
        ) {
            (Value::Bool(true), Some(Value::String(recorded))) => recorded.clone(),
            (Value::Bool(true), Some(recorded)) => recorded.to_string(),
            _ => execution["input"].as_str().unwrap_or("{}").to_string(),
        },
        start_time: execution["start_time"]
            .as_str()
            .or(test["start_time"].as_str())
            .unwrap_or("2026-12-02T14:34:16Z")
            .to_string(),
        requires: execution["requires"]
            .as_array()
            .into_iter()
            .flatten()
            .map(text)
            .collect(),
        normalization: test["normalization"]
            .as_array()
            .cloned()
            .unwrap_or_default(),
        expected: execution["expected"].clone(),
        recorded_task_results: execution["recorded_task_results"].as_array().cloned(),
        mock_config: execution
            .get("localstack_mock_config")
            .filter(|c| c.is_object())
            .cloned(),
        result_writers: execution["tasks"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|t| t["pattern"] == "result-writer")
            .filter_map(|t| t["resource"].as_str().map(str::to_string))
            .collect(),
        activity_stubs: execution["tasks"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|t| t["service"] == "activity")
            .filter_map(|t| t["resource"].as_str())
            .filter(|r| r.starts_with("<stub:"))
            .map(str::to_string)
            .collect(),
    }
}

/// The rows of a reviewed list in `tests/conformance/`: tab-separated, the last column the
/// reason (the rest of the line), `#` lines comments. A row whose index is not a number is
/// kept with index `u64::MAX`, so that the checks on the lists report it.
fn reviewed_rows(file: &str, keys: usize) -> Vec<(Vec<String>, u64, String)> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/conformance")
        .join(file);
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.splitn(keys + 2, '\t');
            let names: Vec<String> = parts.by_ref().take(keys).map(str::to_string).collect();
            let index = parts
                .next()
                .and_then(|i| i.parse().ok())
                .unwrap_or(u64::MAX);
            let reason = parts.next().unwrap_or("").trim().to_string();
            (names, index, reason)
        })
        .collect()
}

/// The reviewed list of executions that cannot be reproduced: `test<TAB>index<TAB>reason`.
fn unreproducible() -> BTreeMap<(String, u64), String> {
    reviewed_rows("unreproducible.tsv", 1)
        .into_iter()
        .map(|(mut names, index, reason)| ((names.remove(0), index), reason))
        .collect()
}

/// A miss: which table, at which level, which execution.
type MissKey = (String, String, String, u64);

/// The reviewed list of misses: `table<TAB>level<TAB>test<TAB>index<TAB>reason`, the table
/// `cases` or `mocked`, the level the first one missed (`result`, `path` or `history`).
fn known_misses() -> BTreeMap<MissKey, String> {
    reviewed_rows("misses.tsv", 3)
        .into_iter()
        .map(|(names, index, reason)| {
            let [table, level, test]: [String; 3] = names.try_into().unwrap_or_else(|names| {
                panic!("a row of misses.tsv has too few columns: {names:?}")
            });
            ((table, level, test, index), reason)
        })
        .collect()
}

/// How one execution scored.
#[derive(Default, Clone, Copy, PartialEq, Eq, Debug)]
struct Score {
    result: bool,
    /// `None` when the recording holds no history.
    path: Option<bool>,
    history: Option<bool>,
    panicked: bool,
}

struct Names {
    state_machine: String,
    execution: String,
    /// The recording named the parts of an Express execution's ARN.
    express_arn_parts: bool,
}

fn names_of(case: &Case) -> (Names, Normalizer) {
    let mut names = Names {
        state_machine: "local-state-machine".into(),
        execution: "local-execution".into(),
        express_arn_parts: false,
    };
    let mut normalizer = Normalizer {
        account: ACCOUNT.into(),
        region: REGION.into(),
        ..Normalizer::default()
    };
    for hint in &case.normalization {
        let kind = hint["kind"].as_str().unwrap_or_default();
        let replacement = hint["replacement"].as_str().unwrap_or_default().to_string();
        match kind {
            "state_machine_name" if replacement == "<ArnPart_0idx>" => {
                if let Some(v) = hint["harness_value"].as_str() {
                    names.state_machine = v.to_string();
                }
                normalizer
                    .literals
                    .push((names.state_machine.clone(), replacement));
            }
            "execution_name" if replacement == "<ExecArnPart_0idx>" => {
                if let Some(v) = hint["harness_value"].as_str() {
                    names.execution = v.to_string();
                }
                normalizer
                    .literals
                    .push((names.execution.clone(), replacement));
            }
            "role_arn" => normalizer.literals.push((ROLE_ARN.into(), replacement)),
            "regex" => {
                if let Some(pattern) = hint["pattern"].as_str()
                    && !pattern.starts_with("<stub:")
                {
                    normalizer.literals.push((pattern.to_string(), replacement));
                }
            }
            "jsonpath" if hint["replace_reference"] == Value::Bool(false) => {
                // `$..key` or `$..parent.key`: the member `key` (of an object under `parent`)
                // wherever it is.
                let path = hint["jsonpath"].as_str().unwrap_or_default();
                let steps: Vec<&str> = path.split(['.', '$']).filter(|s| !s.is_empty()).collect();
                if let Some((key, before)) = steps.split_last() {
                    normalizer.key_values.push(normalize::KeyValue {
                        parent: before.last().map(|p| p.to_string()),
                        key: key.to_string(),
                        value: Value::String(replacement),
                    });
                }
            }
            "parallel_events_sorted" => normalizer.sort_parallel_events = true,
            "sfn_sm_express_exec_arn" => names.express_arn_parts = true,
            _ => {}
        }
    }
    (names, normalizer)
}

/// Map Run ARNs hold two generated identifiers; the recording replaced them by placeholders.
fn map_run_literals(history: &Value, normalizer: &mut Normalizer) {
    let mut index = 0;
    for event in history["events"].as_array().into_iter().flatten() {
        if let Some(arn) = event["mapRunStartedEventDetails"]["mapRunArn"].as_str()
            && let Some((_, tail)) = arn.rsplit_once('/')
            && let Some((first, second)) = tail.split_once(':')
        {
            // A labelled Map's run is named by the label; only generated parts are replaced.
            if first.len() == 36 {
                normalizer
                    .literals
                    .push((first.to_string(), format!("<MapRunArnPart0_{index}idx>")));
            }
            normalizer
                .literals
                .push((second.to_string(), format!("<MapRunArnPart1_{index}idx>")));
            index += 1;
        }
    }
}

/// The mocks of a recorded execution: the service responses AWS got, in order.
fn replay(
    recorded: &[Value],
) -> impl FnMut(&workflow_local::TaskCall<'_>) -> TaskOutcome + 'static {
    let mut queue: VecDeque<Value> = recorded.iter().cloned().collect();
    move |_call| {
        let Some(next) = queue.pop_front() else {
            return TaskOutcome::throw("States.Runtime", "the recording has no more task results");
        };
        let kind = next["type"].as_str().unwrap_or_default();
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        if kind.ends_with("Succeeded") {
            let output = match &next["output"] {
                Value::String(s) => serde_json::from_str(s).unwrap_or(Value::String(s.clone())),
                other => other.clone(),
            };
            TaskOutcome::Return(output)
        } else if kind.ends_with("TimedOut") {
            TaskOutcome::Timeout
        } else {
            TaskOutcome::Throw {
                error: text(&next["error"]),
                cause: next.get("cause").map(text),
            }
        }
    }
}

fn run_case(case: &Case, with_mock_config: bool) -> Score {
    let outcome = std::panic::catch_unwind(|| judge(case, with_mock_config));
    outcome.unwrap_or(Score {
        panicked: true,
        ..Score::default()
    })
}

fn judge(case: &Case, with_mock_config: bool) -> Score {
    let (names, mut normalizer) = names_of(case);
    let mut definition = serde_json::to_string(&case.definition).unwrap_or_default();
    for (n, stub) in case.activity_stubs.iter().enumerate() {
        // The stub stands for an activity ARN; the hint `<stub….pattern>` names its placeholder.
        let arn = format!("arn:aws:states:{REGION}:{ACCOUNT}:activity:fixture-activity-{n}");
        definition = definition.replace(
            &serde_json::to_string(stub).unwrap_or_default(),
            &serde_json::to_string(&arn).unwrap_or_default(),
        );
        let pattern = format!("{}.pattern>", stub.trim_end_matches('>'));
        if let Some(hint) = case
            .normalization
            .iter()
            .find(|h| h["pattern"].as_str() == Some(pattern.as_str()))
        {
            let replacement = hint["replacement"].as_str().unwrap_or_default().to_string();
            normalizer.literals.insert(0, (arn, replacement));
        }
    }
    let Ok(runner) = Runner::from_definition(&definition) else {
        return Score::default();
    };
    let config = ExecutionConfig {
        state_machine_name: names.state_machine,
        execution_name: names.execution,
        role_arn: ROLE_ARN.into(),
        account: ACCOUNT.into(),
        region: REGION.into(),
        machine_type: if case.express {
            MachineType::Express
        } else {
            MachineType::Standard
        },
        ..ExecutionConfig::default()
    };
    if names.express_arn_parts {
        // `…:express:<machine>:<name>:<id>`: the recording replaced the name and the id.
        let arn = config.execution_arn();
        let mut parts = arn.rsplitn(3, ':');
        if let (Some(id), Some(name)) = (parts.next(), parts.next()) {
            normalizer
                .literals
                .insert(0, (name.to_string(), "<ExpressExecArn_Part1_0idx>".into()));
            normalizer
                .literals
                .insert(0, (id.to_string(), "<ExpressExecArn_Part2_0idx>".into()));
        }
    }
    let mut runner = runner.with_config(config).starting_at(&case.start_time);
    if let Some(config) = case.mock_config.as_ref().filter(|_| with_mock_config) {
        // Each configuration describes one state machine and one test case.
        let config = MockConfig::from_json(&config.to_string()).expect("a MockConfigFile");
        let machine = config.state_machines.values().next();
        let test_case = machine.and_then(|m| m.test_cases.keys().next()).cloned();
        let mocks = config.mocks(None, &test_case.unwrap_or_default());
        runner = runner.with_mocks(mocks.expect("the test case's mocks"));
    } else if let Some(recorded) = &case.recorded_task_results {
        runner.mocks_mut().otherwise(replay(recorded));
    }
    for writer in &case.result_writers {
        runner
            .mocks_mut()
            .on_resource(writer.clone(), |_| TaskOutcome::Return(json!({})));
    }
    let input: Value = serde_json::from_str(&case.input).unwrap_or(Value::Null);
    let execution = runner.run(input);
    compare(case, &execution, &mut normalizer)
}

fn compare(case: &Case, execution: &Execution, normalizer: &mut Normalizer) -> Score {
    let outcome = Outcome {
        status: execution.status.as_str().to_string(),
        output: execution.output.clone(),
        error: execution.error.clone(),
        cause: execution.cause.clone(),
        history: execution.history.to_json(),
    };
    score(case, outcome, normalizer)
}

/// How an execution ended, with its history in the `GetExecutionHistory` shape: what is
/// scored, whether the execution ran in process or behind an endpoint.
struct Outcome {
    status: String,
    output: Option<Value>,
    error: Option<String>,
    cause: Option<String>,
    history: Value,
}

fn score(case: &Case, outcome: Outcome, normalizer: &mut Normalizer) -> Score {
    let Outcome {
        status: got_status,
        output,
        error,
        cause,
        mut history,
    } = outcome;
    if let Some(events) = history["events"].as_array_mut() {
        for event in events {
            if let Value::Object(o) = event {
                o.remove("timestamp");
            }
        }
    }
    map_run_literals(&history, normalizer);
    let mut result = Map::new();
    if let Some(output) = &output {
        result.insert(
            "output".into(),
            Value::String(serde_json::to_string(output).unwrap_or_default()),
        );
    }
    if let Some(error) = error {
        result.insert("error".into(), Value::String(error));
    }
    if let Some(cause) = cause {
        result.insert("cause".into(), Value::String(cause));
    }
    let mut data = Map::new();
    data.insert("history".into(), history);
    data.insert("result".into(), Value::Object(result));
    let normalized = normalizer.normalize(data);
    let expected = &case.expected;

    if let Some(filter) = std::env::var_os("CONFORMANCE_SHOW")
        && case.test.contains(filter.to_str().unwrap_or_default())
    {
        println!("#### {} #{}", case.test, case.index);
        println!("  got status {got_status} result {}", normalized["result"]);
        println!(
            "  want {}",
            json!({"status": expected["status"], "output": expected.get("output"), "error": expected.get("error"), "cause": expected.get("cause")})
        );
        let got = normalized["history"]["events"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let want = expected["events"].as_array().cloned().unwrap_or_default();
        for i in 0..got.len().max(want.len()) {
            let (g, w) = (got.get(i), want.get(i));
            if g.zip(w).is_some_and(|(g, w)| same_json(g, w)) {
                println!(
                    "   = {}",
                    g.map(|g| g["type"].to_string()).unwrap_or_default()
                );
            } else {
                println!("   - got  {}", g.map(Value::to_string).unwrap_or_default());
                println!("   + want {}", w.map(Value::to_string).unwrap_or_default());
            }
        }
    }
    let status = expected["status"].as_str().unwrap_or_default();
    let mut result_ok = status == got_status;
    // The recordings took the result from the execution's last event, so it went through the
    // same replacements as the history; take it from there too when there is one.
    let mut result = normalized["result"].clone();
    let last = normalized["history"]["events"]
        .as_array()
        .and_then(|events| events.last())
        .cloned()
        .unwrap_or(Value::Null);
    if let Some(output) = last["executionSucceededEventDetails"].get("output") {
        result["output"] = output.clone();
    }
    for key in ["output", "error", "cause"] {
        if let Some(want) = expected.get(key) {
            result_ok &= same_json(result.get(key).unwrap_or(&Value::Null), want);
        } else if key != "output" || status == "SUCCEEDED" {
            result_ok &= result.get(key).is_none() || key == "output";
        }
    }
    let Some(want_events) = expected["events"].as_array() else {
        return Score {
            result: result_ok,
            ..Score::default()
        };
    };
    let events = normalized["history"]["events"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    // Sorted Parallel blocks compare as sets: both sides are sorted the same way.
    let mut want_sorted;
    let want_events = if normalizer.sort_parallel_events {
        want_sorted = want_events.clone();
        normalize::sort_parallel_blocks(&mut want_sorted);
        &want_sorted
    } else {
        want_events
    };
    let prefix = expected["history_is_prefix"] == Value::Bool(true);
    let types: Vec<&Value> = events.iter().map(|e| &e["type"]).collect();
    let want_types: Vec<&Value> = want_events.iter().map(|e| &e["type"]).collect();
    let path_ok = result_ok
        && if prefix {
            types.starts_with(&want_types)
        } else {
            types == want_types
        };
    let history_ok = path_ok
        && want_events
            .iter()
            .zip(&events)
            .all(|(want, got)| same_json(got, want));
    Score {
        result: result_ok,
        path: Some(path_ok),
        history: Some(history_ok),
        panicked: false,
    }
}

/// Equal as JSON; JSON text that is not an object (arrays stay text after normalisation) is
/// compared as the value it holds, since object member order inside it is not kept here.
fn same_json(got: &Value, want: &Value) -> bool {
    match (got, want) {
        // Some recordings hold parsed arrays where the text rule keeps JSON text.
        (Value::String(text), other) | (other, Value::String(text))
            if !other.is_string() && !other.is_null() =>
        {
            serde_json::from_str::<Value>(text)
                .is_ok_and(|parsed| &parsed == other || same_json(&parsed, other))
        }
        (Value::String(a), Value::String(b)) if b.contains("<json-input:") => {
            matches_json_inputs(a, b)
        }
        (Value::String(a), Value::String(b)) if a != b => {
            match (
                serde_json::from_str::<Value>(a),
                serde_json::from_str::<Value>(b),
            ) {
                (Ok(x), Ok(y)) => x == y,
                _ => false,
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.get(k).is_some_and(|w| same_json(v, w)))
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_json(x, y))
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        _ => got == want,
    }
}

/// Whether `got` is `want` with a JSON value where `want` has `<json-input:N>`. LocalStack's
/// snapshots replaced the JSON that some causes quote ("The Parameters '<json-input:1>' could
/// not be used to start the Task") by this placeholder, numbered by first appearance, which
/// the conformance README's normalisation does not describe; only where a recording did so is
/// the executor's text matched the same way, and the same number must stand for the same value.
fn matches_json_inputs(got: &str, want: &str) -> bool {
    let mut seen: BTreeMap<&str, Value> = BTreeMap::new();
    let mut rest = got;
    let mut pieces = want.split("<json-input:");
    let Some(first) = pieces.next() else {
        return false;
    };
    let Some(after) = rest.strip_prefix(first) else {
        return false;
    };
    rest = after;
    for piece in pieces {
        let Some((number, literal)) = piece.split_once('>') else {
            return false;
        };
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        let Some(Ok(value)) = values.next() else {
            return false;
        };
        let end = values.byte_offset();
        if seen
            .insert(number, value.clone())
            .is_some_and(|earlier| earlier != value)
        {
            return false;
        }
        match rest[end..].strip_prefix(literal) {
            Some(after) => rest = after,
            None => return false,
        }
    }
    rest.is_empty()
}

#[test]
fn json_input_placeholders_stand_for_one_json_value_each() {
    let want = "The Parameters '<json-input:1>' could not be used: ['<json-input:1>']";
    assert!(matches_json_inputs(
        r#"The Parameters '{"a":[1,2]}' could not be used: ['{"a": [1, 2]}']"#,
        want
    ));
    // Another value under the same number, other text, or text left over.
    assert!(!matches_json_inputs(
        r#"The Parameters '{"a":1}' could not be used: ['{"a":2}']"#,
        want
    ));
    assert!(!matches_json_inputs(
        r#"The Input '{"a":1}' could not be used: ['{"a":1}']"#,
        want
    ));
    assert!(!matches_json_inputs(
        r#"The Parameters '{"a":1}' could not be used: ['{"a":1}'] again"#,
        want
    ));
    assert!(!matches_json_inputs("The Parameters 'oops", want));
}

/// Counts per group.
#[derive(Default, Clone, Copy)]
struct Tally {
    runs: usize,
    result: usize,
    with_history: usize,
    path: usize,
    history: usize,
}

impl Tally {
    fn add(&mut self, score: Score) {
        self.runs += 1;
        self.result += usize::from(score.result);
        if let (Some(path), Some(history)) = (score.path, score.history) {
            self.with_history += 1;
            self.path += usize::from(path);
            self.history += usize::from(history);
        }
    }

    fn percent(part: usize, whole: usize) -> f64 {
        if whole == 0 {
            100.0
        } else {
            part as f64 * 100.0 / whole as f64
        }
    }

    fn row(&self, name: &str) -> String {
        format!(
            "{name:<58} {:>4} {:>4} {:>6.1}% {:>4}/{:<4} {:>6.1}% {:>4} {:>6.1}%",
            self.runs,
            self.result,
            Tally::percent(self.result, self.runs),
            self.path,
            self.with_history,
            Tally::percent(self.path, self.with_history),
            self.history,
            Tally::percent(self.history, self.with_history),
        )
    }
}

struct Report {
    overall: Tally,
    panics: Vec<String>,
    /// The executions that missed, with the first level they missed at.
    misses: Vec<(&'static str, String, u64)>,
}

fn score_all(title: &str, cases: &[Case], with_mock_config: bool) -> Report {
    let skipped = unreproducible();
    let mut folders: BTreeMap<String, Tally> = BTreeMap::new();
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    let mut overall = Tally::default();
    let mut listed = Tally::default();
    let mut panics = Vec::new();
    let mut misses = Vec::new();
    for case in cases {
        let score = run_case(case, with_mock_config);
        if score.panicked {
            panics.push(format!("{} #{}", case.test, case.index));
        }
        if skipped.contains_key(&(case.test.clone(), case.index)) {
            listed.add(score);
            continue;
        }
        overall.add(score);
        folders.entry(case.folder.clone()).or_default().add(score);
        for group in &case.requires {
            groups.entry(group.clone()).or_default().add(score);
        }
        if case.requires.is_empty() {
            groups
                .entry("(no special requirement)".into())
                .or_default()
                .add(score);
        }
        if !score.result || score.history == Some(false) {
            let level = if !score.result {
                "result"
            } else if score.path == Some(false) {
                "path"
            } else {
                "history"
            };
            misses.push((level, case.test.clone(), case.index));
        }
    }
    println!("\n== {title} ==");
    println!(
        "{:<58} {:>4} {:>4} {:>7} {:>9} {:>7} {:>4} {:>7}",
        "folder", "runs", "res", "res%", "path", "path%", "hist", "hist%"
    );
    for (folder, tally) in &folders {
        println!("{}", tally.row(folder));
    }
    println!("-- by requirement --");
    for (group, tally) in &groups {
        let name: String = group.chars().take(58).collect();
        println!("{}", tally.row(&name));
    }
    println!("{}", overall.row("OVERALL"));
    println!(
        "{}",
        listed.row("listed as unreproducible (not in OVERALL)")
    );
    if std::env::var_os("CONFORMANCE_VERBOSE").is_some() {
        for (level, test, index) in &misses {
            println!("  {level:<8} {test} #{index}");
        }
    }
    Report {
        overall,
        panics,
        misses,
    }
}

/// Prints every miss at a judged level with its reviewed reason; fails on a miss the list does
/// not give a reason for, on a listed miss that no longer misses, and on an entry of either
/// reviewed list without a reason.
fn check_misses(cases: &Report, mocked: &Report) {
    let known = known_misses();
    let mut judged = BTreeSet::new();
    let mut unlisted = Vec::new();
    println!("\n== misses at the judged levels, each with its reviewed reason ==");
    for (table, report, levels) in [
        ("cases", cases, &["result", "path", "history"][..]),
        ("mocked", mocked, &["result"][..]),
    ] {
        for (level, test, index) in &report.misses {
            if !levels.contains(level) {
                continue;
            }
            let key = (table.to_string(), level.to_string(), test.clone(), *index);
            match known.get(&key) {
                Some(reason) => {
                    println!("{table:<6} {level:<8} {test} #{index}\n         {reason}")
                }
                None => unlisted.push(format!("{table}\t{level}\t{test}\t{index}")),
            }
            judged.insert(key);
        }
    }
    let stale: Vec<&MissKey> = known.keys().filter(|k| !judged.contains(*k)).collect();
    let without_reason: Vec<String> = known
        .iter()
        .filter(|(_, reason)| reason.is_empty())
        .map(|(key, _)| format!("{key:?}"))
        .chain(
            unreproducible()
                .into_iter()
                .filter(|(_, reason)| reason.is_empty())
                .map(|(key, _)| format!("{key:?}")),
        )
        .collect();
    assert!(
        unlisted.is_empty(),
        "misses with no reviewed reason in tests/conformance/misses.tsv:\n{}",
        unlisted.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed in tests/conformance/misses.tsv but no longer missing: {stale:#?}"
    );
    assert!(
        without_reason.is_empty(),
        "reviewed entries without a reason: {without_reason:#?}"
    );
}

#[test]
fn conformance() {
    let Some(folder) = folder() else {
        println!("no conformance folder (set WORKFLOW_CONFORMANCE): skipped");
        return;
    };
    let cases = read_cases(&folder.join("cases.jsonl"));
    let report = score_all("cases.jsonl (recorded against AWS)", &cases, false);
    let mocked = read_mocked_cases(&folder.join("mocked_cases.jsonl"));
    let mocked_report = score_all("mocked_cases.jsonl (task results replayed)", &mocked, false);
    // LocalStack's mock configurations return their own shapes (a bare Lambda payload rather
    // than AWS's envelope), so they are scored apart from AWS's recorded answers.
    let configured: Vec<Case> = mocked
        .into_iter()
        .filter(|c| c.mock_config.is_some())
        .collect();
    let configured_report = score_all(
        "mocked_cases.jsonl with LocalStack's MockConfigFile",
        &configured,
        true,
    );
    check_misses(&report, &mocked_report);
    let mut panics = report.panics.clone();
    panics.extend(mocked_report.panics.iter().cloned());
    panics.extend(configured_report.panics.iter().cloned());
    assert!(panics.is_empty(), "runs panicked: {panics:#?}");
    let o = report.overall;
    let result = Tally::percent(o.result, o.runs);
    let path = Tally::percent(o.path, o.with_history);
    let history = Tally::percent(o.history, o.with_history);
    let m = mocked_report.overall;
    let mocked_result = Tally::percent(m.result, m.runs);
    assert!(
        result >= FLOOR_RESULT,
        "result {result:.1}% < floor {FLOOR_RESULT}%"
    );
    assert!(path >= FLOOR_PATH, "path {path:.1}% < floor {FLOOR_PATH}%");
    assert!(
        history >= FLOOR_HISTORY,
        "history {history:.1}% < floor {FLOOR_HISTORY}%"
    );
    assert!(
        mocked_result >= FLOOR_MOCKED_RESULT,
        "mocked result {mocked_result:.1}% < floor {FLOOR_MOCKED_RESULT}%"
    );
}
