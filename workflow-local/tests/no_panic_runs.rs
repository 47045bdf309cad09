//! The executor never panics and always ends:
//! - every valid definition of the shared ASL corpus (`../shared/corpus`, or `$WORKFLOW_CORPUS`)
//!   runs to an end, whatever its input and whatever its tasks answer (a success, an error, or
//!   a timeout);
//! - 100,000 (definition, input) pairs, mutated from those definitions and the example
//!   definitions, run under a step budget; only the mutants the validator accepts reach the
//!   executor. Deterministic (a fixed seed): set `NO_PANIC_RUNS` for more runs and
//!   `NO_PANIC_SEED` to explore others, `NO_PANIC_SLOW` to print the mutants whose runs take
//!   over 200 ms;
//! - an endless loop ends at the history limit with AWS's error.

use serde_json::{Value, json};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use workflow_local::{ExecutionConfig, MAX_HISTORY_EVENTS, Runner, Status, TaskOutcome};

fn corpus() -> Option<PathBuf> {
    let dir = match std::env::var_os("WORKFLOW_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
    };
    dir.join("manifest.jsonl").exists().then_some(dir)
}

#[test]
fn corpus_definitions_run_without_panicking() {
    let Some(dir) = corpus() else {
        println!("no corpus (set WORKFLOW_CORPUS): skipped");
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("manifest.jsonl")).unwrap_or_default();
    let inputs = [
        json!({}),
        json!(null),
        json!([1, 2, 3]),
        json!({"a": 1, "items": [1, 2]}),
    ];
    let (mut valid, mut runs, mut panics) = (0, 0, Vec::new());
    for line in manifest.lines() {
        let Ok(entry) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if entry["kind"] != "asl" {
            continue;
        }
        let file = entry["file"].as_str().unwrap_or_default();
        let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
            continue;
        };
        let Ok(runner) = Runner::from_definition(&text) else {
            continue;
        };
        valid += 1;
        let mut runner = runner.with_config(ExecutionConfig {
            step_budget: 2_000,
            ..ExecutionConfig::default()
        });
        runner
            .mocks_mut()
            .otherwise(|call| match call.call_count % 4 {
                0 => TaskOutcome::Return(json!({"Payload": {}, "StatusCode": 200})),
                1 => TaskOutcome::throw("States.TaskFailed", "mocked failure"),
                2 => TaskOutcome::Timeout,
                _ => TaskOutcome::Return(json!([])),
            });
        for input in &inputs {
            runs += 1;
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                runner.run(input.clone());
            }));
            if outcome.is_err() {
                panics.push(format!("{file} with input {input}"));
            }
        }
    }
    println!(
        "{valid} valid corpus definitions, {runs} runs, {} panics",
        panics.len()
    );
    assert!(panics.is_empty(), "runs panicked: {panics:#?}");
}

/// xorshift64*: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            usize::try_from(self.next() % n as u64).unwrap_or(0)
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Valid definitions to mutate: the example definitions of this repository, and the valid
/// definitions of the corpus when it is there (small ones: they keep the debug run short).
fn seeds() -> Vec<Value> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut texts = Vec::new();
    if let Ok(entries) = std::fs::read_dir(root.join("examples/definitions")) {
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        texts.extend(paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    }
    if let Some(dir) = corpus() {
        let manifest = std::fs::read_to_string(dir.join("manifest.jsonl")).unwrap_or_default();
        for line in manifest.lines() {
            let Ok(entry) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let file = entry["file"].as_str().unwrap_or_default();
            if entry["kind"] == "asl"
                && file.ends_with(".json")
                && let Ok(text) = std::fs::read_to_string(dir.join(file))
                && text.len() <= 4000
            {
                texts.push(text);
            }
        }
    }
    texts
        .iter()
        .filter(|text| Runner::from_definition(text).is_ok())
        .filter_map(|text| serde_json::from_str(text).ok())
        .collect()
}

/// Values that steer mutants into the corners of the data flow.
fn token(rng: &mut Rng) -> Value {
    let tokens = [
        json!(null),
        json!(true),
        json!(0),
        json!(-1),
        json!(1),
        json!(2.5),
        json!(1e308),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(""),
        json!("$"),
        json!("$.a"),
        json!("$.items[0]"),
        json!("$..x"),
        json!("$.a[?(@.b > 1)]"),
        json!("$$.Execution.Input"),
        json!("$$.Map.Item.Value"),
        json!("$$.Task.Token"),
        json!("States.Array($.a, 1)"),
        json!("States.Format('{}', $.a)"),
        json!("States.MathAdd($.n, 1)"),
        json!("States.StringToJson($.s)"),
        json!("States.ArrayRange(1, 1000000, 1)"),
        json!("{% $states.input %}"),
        json!("{% $x.y %}"),
        json!("{% $sum($states.input.items) %}"),
        json!("2020-01-01T00:00:00Z"),
        json!("States.ALL"),
        json!("States.TaskFailed"),
        json!([]),
        json!([1, "a", null]),
        json!({}),
        json!({"a.$": "$"}),
    ];
    rng.pick(&tokens).clone()
}

/// JSON Pointers to every node of `value`.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                let key = key.replace('~', "~0").replace('/', "~1");
                pointers(member, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// The names of the states anywhere in `definition`.
fn state_names(definition: &Value, out: &mut Vec<String>) {
    match definition {
        Value::Object(members) => {
            if let Some(Value::Object(states)) = members.get("States") {
                out.extend(states.keys().cloned());
            }
            members.values().for_each(|v| state_names(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| state_names(v, out)),
        _ => {}
    }
}

/// One to four structural edits: a node replaced by a token, a member dropped, a transition
/// redirected (loops included), an array item repeated, a number scaled.
fn mutate(rng: &mut Rng, seed: &Value) -> Value {
    let mut mutant = seed.clone();
    let mut names = Vec::new();
    state_names(seed, &mut names);
    for _ in 0..=rng.below(4) {
        let mut all = Vec::new();
        pointers(&mutant, String::new(), &mut all);
        let at = rng.pick(&all).clone();
        let Some(node) = mutant.pointer_mut(&at) else {
            continue;
        };
        match rng.below(6) {
            0 | 1 => *node = token(rng),
            2 => {
                if let Some((parent, key)) = at.rsplit_once('/') {
                    let key = key.replace("~1", "/").replace("~0", "~");
                    if let Some(Value::Object(members)) = mutant.pointer_mut(parent) {
                        members.remove(&key);
                    }
                }
            }
            3 if !names.is_empty() => {
                let target = Value::String(rng.pick(&names).clone());
                if let Value::Object(members) = node {
                    members.remove("End");
                    members.insert("Next".into(), target);
                } else {
                    *node = target;
                }
            }
            4 => {
                if let Value::Array(items) = node {
                    if let Some(first) = items.first().cloned() {
                        items.push(first);
                    }
                } else if let Value::Number(n) = node {
                    *node = json!(n.as_f64().unwrap_or(0.0) * 1000.0);
                }
            }
            _ => {
                if let Value::Object(members) = node {
                    members.insert("Assign".into(), json!({"x": token(rng)}));
                }
            }
        }
    }
    mutant
}

/// An execution input: mostly objects with the members the definitions read, sometimes odd.
fn input(rng: &mut Rng) -> Value {
    match rng.below(8) {
        0 => token(rng),
        1 => json!({}),
        2 => json!({"items": (0..rng.below(30)).collect::<Vec<_>>()}),
        _ => json!({
            "a": token(rng),
            "id": "o-1",
            "total": token(rng),
            "country": "FR",
            "items": [token(rng), {"sku": "tea", "quantity": 2}],
            "stop": rng.below(2) == 0,
            "s": "{\"k\": [1, 2]}",
            "n": rng.below(100),
        }),
    }
}

#[test]
fn mutated_definitions_and_inputs_run_without_panicking() {
    let runs: usize = std::env::var("NO_PANIC_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let seed: u64 = std::env::var("NO_PANIC_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x05EE_D0F1_0CA1);
    let mut rng = Rng(seed | 1);
    let seeds = seeds();
    assert!(!seeds.is_empty(), "no seed definitions");
    // Quiet the default hook: a caught panic is reported by the assertion with its input.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    // Each valid mutant runs with several inputs; invalid mutants never reach the executor.
    const INPUTS_PER_MUTANT: usize = 20;
    let (mut mutants, mut valid, mut done) = (0usize, 0usize, 0usize);
    let mut statuses = std::collections::BTreeMap::<&str, usize>::new();
    let (mut validating, mut running) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    while done < runs {
        let index = rng.below(seeds.len());
        let definition = mutate(&mut rng, &seeds[index]);
        mutants += 1;
        let text = definition.to_string();
        let clock = std::time::Instant::now();
        let loaded = catch_unwind(AssertUnwindSafe(|| Runner::from_definition(&text)));
        validating += clock.elapsed();
        let Ok(loaded) = loaded else {
            std::panic::set_hook(hook);
            panic!("validating the mutant panicked:\n{text}");
        };
        let Ok(runner) = loaded else {
            continue;
        };
        valid += 1;
        let mut runner = runner.with_config(ExecutionConfig {
            step_budget: 100,
            ..ExecutionConfig::default()
        });
        let answers = rng.next();
        runner.mocks_mut().otherwise(move |call| {
            match (answers >> (2 * (call.call_count % 16))) & 3 {
                0 => TaskOutcome::Return(json!({"Payload": {"a": 1}, "StatusCode": 200})),
                1 => TaskOutcome::throw("States.TaskFailed", "mocked failure"),
                2 => TaskOutcome::Timeout,
                _ => TaskOutcome::Return(json!([1, {"b": null}])),
            }
        });
        let clock = std::time::Instant::now();
        for _ in 0..INPUTS_PER_MUTANT {
            let input = input(&mut rng);
            let outcome = catch_unwind(AssertUnwindSafe(|| runner.run(input.clone())));
            match outcome {
                Ok(execution) => *statuses.entry(execution.status.as_str()).or_default() += 1,
                Err(_) => {
                    std::panic::set_hook(hook);
                    panic!("the executor panicked on input {input} and definition:\n{text}");
                }
            }
            done += 1;
        }
        running += clock.elapsed();
        if std::env::var_os("NO_PANIC_SLOW").is_some() && clock.elapsed().as_millis() > 200 {
            println!("slow ({:?}): {text}", clock.elapsed());
        }
    }
    std::panic::set_hook(hook);
    println!(
        "no-panic runs: {done} runs of {valid} valid mutants ({mutants} mutants of {} seeds); \
         statuses {statuses:?}; {:.1} s validating, {:.1} s running",
        seeds.len(),
        validating.as_secs_f64(),
        running.as_secs_f64()
    );
}

/// `{"StartAt":"L","States":{"L":{"Type":"Pass","Next":"L"}}}` never reaches the executor: AWS
/// refuses to create it (MISSING_END_STATE) and so does the validator (`no-terminal-state`).
/// The same loop with an exit that is never taken is accepted by both, and its execution ends
/// at the history limit, failing with `States.Runtime`.
#[test]
fn an_endless_pass_loop_ends_at_the_history_limit_with_the_aws_error() {
    let refused =
        Runner::from_definition(r#"{"StartAt":"L","States":{"L":{"Type":"Pass","Next":"L"}}}"#);
    match refused {
        Err(workflow_local::LoadError::Invalid(diagnostics)) => {
            assert!(diagnostics.iter().any(|d| d.code() == "no-terminal-state"));
        }
        Ok(_) => panic!("a loop with no way out is refused, as AWS refuses it"),
    }

    let definition = r#"{"StartAt":"L","States":{
        "L":{"Type":"Pass","Next":"Out"},
        "Out":{"Type":"Choice","Choices":[{"Variable":"$.stop","IsPresent":true,"Next":"Done"}],"Default":"L"},
        "Done":{"Type":"Succeed"}}}"#;
    let execution = Runner::from_definition(definition).unwrap().run(json!({}));
    assert_eq!(execution.status, Status::Failed);
    assert_eq!(execution.history.events().len(), MAX_HISTORY_EVENTS);
    let last = execution.history.events().last().unwrap();
    assert_eq!(last.event_type, "ExecutionFailed");
    assert_eq!(execution.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        execution.cause.as_deref(),
        Some("The execution history reached the limit of 25000 events.")
    );
}
