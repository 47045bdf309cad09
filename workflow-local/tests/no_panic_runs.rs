//! Every valid definition of the shared ASL corpus (`../shared/corpus`, or `$WORKFLOW_CORPUS`)
//! runs to an end without a panic, whatever its input and whatever its tasks answer: a
//! success, an error, or a timeout.

use serde_json::{Value, json};
use std::path::PathBuf;
use workflow_local::{ExecutionConfig, Runner, TaskOutcome};

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
