//! The executor's speed, against npm aws-local-stepfunctions 3.0.0 in the same run, on three
//! scenarios:
//! - a 20-state machine (Pass with Parameters and `States.Format`, five mocked Lambda tasks with
//!   ResultPath, a Choice), executed `EXECUTOR_BENCH_RUNS` times (default 10,000);
//! - a Map over 10,000 items, as an Express execution: inline, its 40,000 events are more than
//!   the 25,000 a Standard execution may write, on AWS as here;
//! - a Choice loop of 5,000 iterations.
//!
//! Both executors run the same definitions and inputs in one process each, with every task
//! answered by a mock, and must agree on the output before they are timed. Each times three
//! batches of a scenario's runs and reports the median batch. workflow-local
//! records the full history of every execution; a second figure per scenario adds reading that
//! history as JSON (`History::to_json`), which builds the events' maps. The peer is installed into
//! `bench/local-executor/` by `./scripts/bench.sh` (`npm ci`, idempotently); without it the bench
//! prints workflow-local's figures alone and says so.

use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use std::time::Instant;
use workflow_core::MachineType;
use workflow_local::{Runner, Status, TaskOutcome};

/// One scenario: a definition, its input, the answer of each mocked task, how often to run it.
struct Scenario {
    name: &'static str,
    definition: Value,
    input: Value,
    answers: Vec<(String, Value)>,
    runs: u32,
    machine_type: MachineType,
}

fn twenty_states() -> Scenario {
    let mut states = serde_json::Map::new();
    states.insert(
        "Greet".into(),
        json!({"Type": "Pass", "Parameters": {
            "order.$": "$", "greeting.$": "States.Format('Order {} for {}', $.id, $.customer)"},
            "Next": "Charge1"}),
    );
    let mut answers = Vec::new();
    for i in 1..=5 {
        let name = format!("Charge{i}");
        let next = if i < 5 {
            format!("Charge{}", i + 1)
        } else {
            "Decide".into()
        };
        states.insert(
            name.clone(),
            json!({"Type": "Task",
                   "Resource": format!("arn:aws:lambda:us-east-1:123456789012:function:step{i}"),
                   "ResultPath": format!("$.step{i}"), "Next": next}),
        );
        answers.push((name, json!({"ok": true, "step": i})));
    }
    states.insert(
        "Decide".into(),
        json!({"Type": "Choice", "Choices": [
            {"Variable": "$.step5.ok", "BooleanEquals": true, "Next": "Note1"}],
            "Default": "Failed"}),
    );
    states.insert("Failed".into(), json!({"Type": "Fail", "Error": "NotOk"}));
    for i in 1..=12 {
        let next = if i < 12 {
            json!(format!("Note{}", i + 1))
        } else {
            Value::Null
        };
        let mut state = json!({"Type": "Pass",
            "Parameters": {"n": i, "label.$": "States.Format('note {}', $.greeting)"},
            "ResultPath": format!("$.note{i}")});
        if next.is_null() {
            state["End"] = json!(true);
        } else {
            state["Next"] = next;
        }
        states.insert(format!("Note{i}"), state);
    }
    assert_eq!(states.len(), 20);
    Scenario {
        name: "20-state machine",
        definition: json!({"StartAt": "Greet", "States": states}),
        input: json!({"id": "o-1", "customer": "Ana", "total": 12.5}),
        answers,
        runs: count_from_env("EXECUTOR_BENCH_RUNS", 10_000),
        machine_type: MachineType::Standard,
    }
}

fn map_of_10_000() -> Scenario {
    let items: Vec<Value> = (0..10_000).map(|i| json!({"v": i})).collect();
    Scenario {
        name: "Map over 10,000 items",
        definition: json!({"StartAt": "Each", "States": {"Each": {
            "Type": "Map", "ItemsPath": "$.items",
            "ItemProcessor": {"StartAt": "Double", "States": {"Double": {
                "Type": "Pass", "Parameters": {"v.$": "$.v", "tag": "seen"}, "End": true}}},
            "End": true}}}),
        input: json!({"items": items}),
        answers: Vec::new(),
        runs: long_runs(),
        machine_type: MachineType::Express,
    }
}

fn choice_loop_5_000() -> Scenario {
    Scenario {
        name: "Choice loop, 5,000 iterations",
        definition: json!({"StartAt": "Count", "States": {
            "Count": {"Type": "Pass",
                      "Parameters": {"count.$": "States.MathAdd($.count, 1)"}, "Next": "More"},
            "More": {"Type": "Choice", "Choices": [
                {"Variable": "$.count", "NumericLessThan": 5000, "Next": "Count"}],
                "Default": "Done"},
            "Done": {"Type": "Succeed"}}}),
        input: json!({"count": 0}),
        answers: Vec::new(),
        runs: long_runs(),
        machine_type: MachineType::Standard,
    }
}

/// How often the Map and the Choice loop run: `EXECUTOR_BENCH_LONG_RUNS`, 3 by default.
fn long_runs() -> u32 {
    count_from_env("EXECUTOR_BENCH_LONG_RUNS", 3)
}

/// The number the environment variable `name` holds, else `default`.
fn count_from_env(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// A runner for a scenario: the definition read and validated once, every task mocked.
fn runner(scenario: &Scenario) -> Runner {
    let mut runner =
        Runner::from_definition(&scenario.definition.to_string()).expect("a valid definition");
    runner.config_mut().machine_type = scenario.machine_type;
    for (state, answer) in &scenario.answers {
        let answer = answer.clone();
        runner
            .mocks_mut()
            .on_state(state, move |_| TaskOutcome::Return(answer.clone()));
    }
    runner
}

/// Runs a scenario once on `input` (a copy of the scenario's, made before the clock starts: the
/// peer is handed the same object each run), with its full history; the output and the number
/// of history events.
fn run_once(scenario: &Scenario, runner: &mut Runner, input: Value) -> (Value, usize) {
    let execution = runner.run_json(input);
    assert_eq!(
        execution.status,
        Status::Succeeded,
        "{}: {:?} {:?}",
        scenario.name,
        execution.error,
        execution.cause
    );
    (
        execution.output.unwrap_or(Value::Null),
        execution.history.event_types().len(),
    )
}

/// How many timed batches of a scenario's runs each executor makes (the peer is told); the
/// median counts.
const BATCHES: usize = 3;

/// `runs` copies of a scenario's input, one per timed run.
fn copies(input: &Value, runs: u32) -> Vec<Value> {
    (0..runs).map(|_| input.clone()).collect()
}

/// The largest resident set of this process so far, in bytes (Linux; 0 elsewhere).
fn max_rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kib| kib * 1024)
}

fn main() {
    // `EXECUTOR_BENCH_ONLY=20-state` runs only the scenarios whose name holds that text (to
    // profile one).
    let only = std::env::var("EXECUTOR_BENCH_ONLY").unwrap_or_default();
    let scenarios: Vec<Scenario> = [twenty_states(), map_of_10_000(), choice_loop_5_000()]
        .into_iter()
        .filter(|s| s.name.contains(&only))
        .collect();
    let mut ours = Vec::new();
    let mut peer_input = Vec::new();
    for scenario in &scenarios {
        let mut runner = runner(scenario);
        let (output, events) = run_once(scenario, &mut runner, scenario.input.clone());
        // The median of three timed batches of `runs` executions, as the peer measures too: a
        // batch of the 20-state machine lasts a tenth of a second, which a busy machine skews.
        let mut batches: Vec<f64> = (0..BATCHES)
            .map(|_| {
                let inputs = copies(&scenario.input, scenario.runs);
                let start = Instant::now();
                for input in inputs {
                    std::hint::black_box(run_once(scenario, &mut runner, input));
                }
                start.elapsed().as_secs_f64()
            })
            .collect();
        batches.sort_by(f64::total_cmp);
        let seconds = batches[BATCHES / 2];
        ours.push(seconds / f64::from(scenario.runs));
        println!(
            "workflow-local  {:<32} {:>6} runs  {:>12.1} µs/execution  {:>10.0} executions/s  ({events} history events each)",
            scenario.name,
            scenario.runs,
            seconds * 1e6 / f64::from(scenario.runs),
            f64::from(scenario.runs) / seconds,
        );
        // The history is recorded in full as the execution runs, and made into JSON maps only
        // when it is read: what reading it costs as well, on a tenth of the runs.
        let read_runs = (scenario.runs / 10).max(1);
        let inputs = copies(&scenario.input, read_runs);
        let start = Instant::now();
        for input in inputs {
            let execution = runner.run_json(input);
            std::hint::black_box(execution.history.to_json());
        }
        let read_seconds = start.elapsed().as_secs_f64();
        println!(
            "workflow-local  {:<32} {:>6} runs  {:>12.1} µs/execution  with the history read as JSON",
            scenario.name,
            read_runs,
            read_seconds * 1e6 / f64::from(read_runs),
        );
        peer_input.push(json!({
            "name": scenario.name,
            "definition": scenario.definition,
            "input": scenario.input,
            "answers": scenario.answers.iter().cloned().collect::<serde_json::Map<_, _>>(),
            "runs": scenario.runs,
            "batches": BATCHES,
            "expect_output": output,
        }));
    }
    println!(
        "workflow-local  peak memory of the whole run: {:.1} MiB",
        max_rss_bytes() as f64 / 1048576.0
    );

    let peer_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/local-executor");
    if !peer_dir
        .join("node_modules/aws-local-stepfunctions")
        .is_dir()
    {
        println!(
            "aws-local-stepfunctions is not installed in bench/local-executor: run ./scripts/bench.sh"
        );
        return;
    }
    let spec = std::env::temp_dir().join(format!("executor-bench-{}.json", std::process::id()));
    std::fs::write(&spec, Value::Array(peer_input).to_string()).expect("write the scenarios");
    let out = Command::new("node")
        .arg(peer_dir.join("executor-bench.mjs"))
        .arg(&spec)
        .current_dir(&peer_dir)
        .output()
        .expect("run node");
    let _ = std::fs::remove_file(&spec);
    if !out.status.success() {
        eprintln!(
            "aws-local-stepfunctions failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::process::exit(1);
    }
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    for (line, ours) in lines.iter().zip(&ours) {
        let (Some(runs), Some(seconds)) = (line["runs"].as_f64(), line["seconds"].as_f64()) else {
            continue;
        };
        let theirs = seconds / runs;
        println!(
            "aws-local-stepfunctions {:<24} {:>6} runs  {:>12.1} µs/execution  {:>10.0} executions/s  → workflow-local is {:.1}× faster",
            line["name"].as_str().unwrap_or(""),
            runs,
            theirs * 1e6,
            1.0 / theirs,
            theirs / ours
        );
    }
    if let Some(rss) = lines.last().and_then(|l| l["max_rss_bytes"].as_f64()) {
        println!(
            "aws-local-stepfunctions peak memory of the whole run: {:.1} MiB",
            rss / 1048576.0
        );
    }
}
