//! Round trip of the canonical emitter over the corpus: text → model → canonical text → model.
//!
//! For every definition the corpus manifest marks `kind: asl` and `expected: valid` (or
//! `valid-after-substitution`):
//!
//! * the model built from the canonical text equals the model built from the original text;
//! * when the original has no errors, the canonical text is semantically equal to it (objects
//!   compared as unordered maps, numbers as `f64`).
//!
//! The corpus lives in `$WORKFLOW_CORPUS` or `<workspace>/../shared/corpus`; the test is skipped
//! (with a note) when it is absent.

// A unit test rather than an integration test: the corpus holds models that do not validate, and
// only this crate may write those out (the public emitters take validated values).

use super::{semantic_diff, to_json_value};
use crate::read::{self, Node, Value as SrcValue};
use crate::{Format, Options, Validated, check};
use std::path::PathBuf;

fn corpus_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("WORKFLOW_CORPUS") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("../shared/corpus"),
    };
    dir.join("manifest.jsonl").is_file().then_some(dir)
}

/// The source tree as a `serde_json` value (for YAML inputs).
fn node_to_value(node: &Node) -> serde_json::Value {
    use serde_json::Value;
    match &node.value {
        SrcValue::Null => Value::Null,
        SrcValue::Bool(b) => Value::Bool(*b),
        SrcValue::Number(n) => serde_json::from_str(n).unwrap_or_else(|_| {
            serde_json::Number::from_f64(n.parse().unwrap_or(f64::NAN))
                .map_or(Value::Null, Value::Number)
        }),
        SrcValue::String(s) => Value::String(s.clone()),
        SrcValue::Array(items) => Value::Array(items.iter().map(node_to_value).collect()),
        SrcValue::Object(members) => {
            let mut map = serde_json::Map::new();
            for m in members {
                // The first of duplicated keys wins, as in the model builder.
                if !map.contains_key(&m.key) {
                    map.insert(m.key.clone(), node_to_value(&m.value));
                }
            }
            Value::Object(map)
        }
    }
}

#[test]
fn corpus_round_trip() {
    let Some(dir) = corpus_dir() else {
        println!("note: corpus not found (set WORKFLOW_CORPUS); skipping the round-trip test");
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("manifest.jsonl")).expect("read the manifest");
    let mut total = 0;
    let mut equal = 0;
    let mut no_model = Vec::new();
    let mut unvalidated = 0;
    let mut failures = Vec::new();
    for line in manifest.lines().filter(|l| !l.trim().is_empty()) {
        let entry: serde_json::Value = serde_json::from_str(line).expect("a manifest line");
        let (Some(file), Some(kind), Some(expected)) = (
            entry["file"].as_str(),
            entry["kind"].as_str(),
            entry["expected"].as_str(),
        ) else {
            continue;
        };
        if kind != "asl" || !matches!(expected, "valid" | "valid-after-substitution") {
            continue;
        }
        let format = if entry["format"].as_str() == Some("yaml") {
            Format::Yaml
        } else {
            Format::from_path(file)
        };
        let text = match std::fs::read_to_string(dir.join(file)) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{file}: cannot read: {e}"));
                continue;
            }
        };
        total += 1;
        let report = check(&text, format, &Options::default());
        let Some(machine) = &report.machine else {
            no_model.push(file.to_string());
            continue;
        };
        // The emitter takes validated models only. A model with errors from the builder but
        // none from the validator still validates; for the rest, the text is written from
        // `to_json_value` (whose objects keep their order: `preserve_order` is on in this
        // build), which may respell numbers, so those models are compared semantically.
        let validated = report
            .validated()
            .or_else(|| Validated::new(machine, &Options::default()).ok());
        let canonical = validated.is_some();
        let emitted = match validated {
            Some(v) => v.to_json_string(),
            None => {
                unvalidated += 1;
                serde_json::to_string_pretty(&to_json_value(machine)).expect("a JSON value")
            }
        };
        let again = check(&emitted, Format::Json, &Options::default());
        let mut problems = Vec::new();
        match &again.machine {
            None => problems.push("the emitted text gives no model".to_string()),
            Some(m) if canonical && m != machine => {
                let at = semantic_diff(&to_json_value(machine), &to_json_value(m), "").map_or_else(
                    || " (in a lexical form)".to_string(),
                    |d| format!(" at {d}"),
                );
                problems.push(format!("the model of the emitted text differs{at}"));
            }
            Some(m) => {
                if let Some(d) = semantic_diff(&to_json_value(machine), &to_json_value(m), "") {
                    problems.push(format!("the model of the emitted text differs at {d}"));
                }
            }
        }
        let emitted_value: serde_json::Value = match serde_json::from_str(&emitted) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("the emitted text is not JSON: {e}"));
                serde_json::Value::Null
            }
        };
        if emitted_value != serde_json::Value::Null
            && let Some(d) = semantic_diff(&to_json_value(machine), &emitted_value, "")
        {
            problems.push(format!("to_json_value differs from the text at {d}"));
        }
        if report.is_valid() && emitted_value != serde_json::Value::Null {
            let original = match format {
                Format::Json => serde_json::from_str::<serde_json::Value>(&text).ok(),
                Format::Yaml => read::parse(&text, format)
                    .ok()
                    .map(|d| node_to_value(&d.root)),
            };
            match original {
                None => problems.push("the original cannot be read as a JSON value".into()),
                Some(original) => {
                    if let Some(d) = semantic_diff(&original, &emitted_value, "") {
                        problems.push(format!("not semantically equal to the input at {d}"));
                    }
                }
            }
        }
        if problems.is_empty() {
            equal += 1;
        } else {
            failures.push(format!("{file}: {}", problems.join("; ")));
        }
    }
    println!("round-trip: {total} definitions, {equal} equal");
    if unvalidated > 0 {
        println!(
            "{unvalidated} models did not validate and were written through to_json_value (compared semantically)"
        );
    }
    if !no_model.is_empty() {
        println!(
            "no model built (not round-tripped) for {}: {}",
            no_model.len(),
            no_model.join(", ")
        );
    }
    assert!(
        failures.is_empty(),
        "{} definitions differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
