//! The `workflow` command as a user runs it: exit codes, rustc-style text, JSON lines, `fmt`,
//! YAML positions, and the generated rules table.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workflow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(args)
        .output()
        .expect("run workflow")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Writes `text` to a fresh file named `name` in a per-test folder.
fn file(test: &str, name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("workflow-cli-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const VALID: &str = r#"{
  "StartAt": "Hello",
  "States": {
    "Hello": { "Type": "Pass", "Result": "world", "End": true }
  }
}
"#;

const TYPO: &str = r#"{
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Retry": [{ "ErrorEquals": ["States.All"] }],
      "Next": "Finsh"
    },
    "Finish": { "Type": "Succeed" }
  }
}
"#;

#[test]
fn valid_file_exits_zero() {
    let f = file("valid", "ok.asl.json", VALID);
    let o = workflow(&["validate", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("ok.asl.json: valid"));
}

#[test]
fn invalid_file_exits_one_with_rustc_style_report() {
    let f = file("typo", "typo.json", TYPO);
    let path = f.to_str().unwrap();
    let o = workflow(&["validate", path]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    // Both mistakes, each with code, position, the line, a caret, the state and a help line;
    // and no follow-on errors (the typo'd target is taken as its suggestion).
    assert!(
        out.contains("error[unknown-states-error]: `States.All` is not a predefined error name"),
        "{out}"
    );
    assert!(out.contains(&format!("--> {path}:7:35")), "{out}");
    assert!(
        out.contains(r#"7 |       "Retry": [{ "ErrorEquals": ["States.All"] }],"#),
        "{out}"
    );
    assert!(
        out.contains("  |                                   ^^^^^^^^^^^^\n"),
        "{out}"
    );
    assert!(out.contains("= help: did you mean `States.ALL`?"), "{out}");
    assert!(
        out.contains("error[next-unknown-state]: there is no state named \"Finsh\""),
        "{out}"
    );
    assert!(out.contains(&format!("--> {path}:8:15")), "{out}");
    assert!(out.contains("= state: \"Charge\""), "{out}");
    assert!(out.contains("= help: did you mean \"Finish\"?"), "{out}");
    assert!(
        !out.contains("unreachable-state") && !out.contains("no-terminal-state"),
        "{out}"
    );
    assert!(out.contains("invalid (2 errors, 0 warnings)"), "{out}");
}

#[test]
fn json_format_prints_one_object_per_diagnostic() {
    let f = file("json", "typo.json", TYPO);
    let o = workflow(&["validate", "--format", "json", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["code"], "unknown-states-error");
    assert_eq!(lines[0]["line"], 7);
    assert_eq!(lines[0]["column"], 35);
    assert_eq!(lines[0]["severity"], "error");
    assert_eq!(lines[0]["level"], "deny");
    assert_eq!(lines[1]["level"], "error");
    assert_eq!(lines[0]["pointer"], "/States/Charge/Retry/0/ErrorEquals/0");
    assert_eq!(lines[0]["help"], "did you mean `States.ALL`?");
    assert_eq!(lines[1]["code"], "next-unknown-state");
}

#[test]
fn any_invalid_file_makes_the_run_fail() {
    let good = file("mixed", "good.json", VALID);
    let bad = file("mixed", "bad.json", TYPO);
    let o = workflow(&["validate", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("good.json: valid"));
}

#[test]
fn usage_and_io_errors_exit_two() {
    assert_eq!(workflow(&["validate"]).status.code(), Some(2), "no file");
    assert_eq!(
        workflow(&["validate", "--type", "tiny", "x.json"])
            .status
            .code(),
        Some(2),
        "bad --type"
    );
    assert_eq!(
        workflow(&["frobnicate"]).status.code(),
        Some(2),
        "unknown command"
    );
    let o = workflow(&["validate", "/nonexistent/machine.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read /nonexistent/machine.json"));
}

#[test]
fn express_type_refuses_sync_integrations() {
    let text = r#"{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "End": true}}}"#;
    let f = file("express", "nested.json", text);
    assert_eq!(
        workflow(&["validate", f.to_str().unwrap()]).status.code(),
        Some(0)
    );
    let o = workflow(&["validate", "--type", "express", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("error[express-unsupported]"));
}

#[test]
fn yaml_positions_and_duplicate_keys() {
    let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Type: Succeed\n    End: true\n";
    let f = file("yaml", "dup.asl.yaml", text);
    let o = workflow(&["validate", "--format", "json", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let first: serde_json::Value =
        serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(first["code"], "duplicate-key");
    assert_eq!(first["pointer"], "/States/A/Type");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(5), Some(5))
    );
}

#[test]
fn syntax_errors_have_a_position() {
    let f = file(
        "syntax",
        "broken.json",
        "{\n  \"StartAt\": \"A\",\n  \"States\": {,}\n}\n",
    );
    let o = workflow(&["validate", "--format", "json", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let d: serde_json::Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(d["code"], "syntax");
    assert_eq!(d["line"], 3);
}

#[test]
fn fmt_prints_canonical_json_and_is_idempotent() {
    let messy = r#"{"States": {"B": {"Type": "Succeed"}, "A": {"Next": "B", "Result": {"z": 1, "a": [1.50, 2]}, "Type": "Pass"}}, "StartAt": "A", "Comment": "x"}"#;
    let f = file("fmt", "messy.json", messy);
    let o = workflow(&["fmt", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let canonical = stdout(&o);
    let expected = r#"{
  "Comment": "x",
  "StartAt": "A",
  "States": {
    "B": {
      "Type": "Succeed"
    },
    "A": {
      "Type": "Pass",
      "Result": {
        "z": 1,
        "a": [
          1.50,
          2
        ]
      },
      "Next": "B"
    }
  }
}
"#;
    assert_eq!(canonical, expected);
    let again = file("fmt", "canonical.json", &canonical);
    assert_eq!(
        workflow(&["fmt", "--check", again.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        workflow(&["fmt", "--check", f.to_str().unwrap()])
            .status
            .code(),
        Some(1)
    );
    let bad = file("fmt", "bad.json", TYPO);
    assert_eq!(
        workflow(&["fmt", bad.to_str().unwrap()]).status.code(),
        Some(1)
    );
}

#[test]
fn placeholders_and_cloudformation_intrinsics_are_accepted() {
    let text = r#"{"StartAt": "A", "States": {
      "A": {"Type": "Task", "Resource": "${ChargeFunctionArn}", "Next": "B"},
      "B": {"Type": "Task", "Resource": "arn:${AWS::Partition}:states:::lambda:invoke", "Parameters": {"FunctionName": "${Fn}"}, "Next": "C"},
      "C": {"Type": "Task", "Resource": {"Fn::GetAtt": ["Worker", "Arn"]}, "End": true}}}"#;
    let f = file("placeholders", "p.json", text);
    let o = workflow(&["validate", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn rules_table_in_docs_is_up_to_date() {
    let o = workflow(&["rules", "--markdown"]);
    assert_eq!(o.status.code(), Some(0));
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let committed = std::fs::read_to_string(&docs).expect("docs/rules.md");
    assert!(
        committed == stdout(&o),
        "docs/rules.md is stale: run `cargo run --bin workflow -- rules --markdown > docs/rules.md`"
    );
}

#[test]
fn examples_are_valid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/definitions");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let o = workflow(&["validate", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
        n += 1;
    }
    assert!(n >= 2);
}

/// Three of the four patterns of deployed definitions that AWS accepts: an unknown `States.`
/// name, a context path with a trailing space, and an integration ARN with region and account.
/// The fourth, a placeholder in a numeric field, is [`SAM_NUMERIC_PLACEHOLDER`].
const AWS_ACCEPTS: &str = r#"{
  "StartAt": "Put",
  "States": {
    "Put": {
      "Type": "Task",
      "Resource": "arn:aws:states:us-east-1:123456789012:aws-sdk:s3:putObject",
      "Parameters": {"Bucket": "b", "Key.$": "$$.Execution.Name "},
      "Retry": [{"ErrorEquals": ["States.TaskFailedId"]}],
      "End": true
    }
  }
}"#;

/// A SAM definition file whose deploy substitutes a number for the placeholder.
const SAM_NUMERIC_PLACEHOLDER: &str = "StartAt: Remind
States:
  Remind:
    Type: Wait
    Seconds: ${ReminderTimeout}
    End: true
";

#[test]
fn numeric_placeholders_are_accepted() {
    let f = file("lints", "reminder.asl.yaml", SAM_NUMERIC_PLACEHOLDER);
    let o = workflow(&["validate", "--cap-lints", "warn", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = workflow(&["validate", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn the_last_lint_flag_wins() {
    let f = file("lints", "last.json", AWS_ACCEPTS);
    let path = f.to_str().unwrap();
    let denied_then_allowed = [
        "validate",
        "--deny",
        "unknown-states-error",
        "--allow",
        "unknown-states-error",
        path,
    ];
    let o = workflow(&denied_then_allowed);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(!stdout(&o).contains("unknown-states-error"));
    let allowed_then_denied = [
        "validate",
        "--allow",
        "unknown-states-error",
        "--deny",
        "unknown-states-error",
        path,
    ];
    let o = workflow(&allowed_then_denied);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("error[unknown-states-error]"));
}

#[test]
fn lint_levels_change_the_verdict_but_not_errors() {
    let f = file("lints", "accepted.json", AWS_ACCEPTS);
    let path = f.to_str().unwrap();
    // By default the unknown States. name is a denied lint.
    let o = workflow(&["validate", path]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("error[unknown-states-error]"), "{out}");
    assert!(out.contains("warning[qualified-integration-arn]"), "{out}");
    assert!(out.contains("warning[context-path-whitespace]"), "{out}");
    assert!(out.contains("`--allow unknown-states-error`"), "{out}");
    // Capped at warn: only what AWS rejects fails, and AWS rejects none of it.
    let o = workflow(&["validate", "--cap-lints", "warn", path]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("warning[unknown-states-error]"));
    // Allowed, the lint is gone; the others stay warnings.
    let o = workflow(&["validate", "--allow", "unknown-states-error", path]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(!stdout(&o).contains("unknown-states-error"));
    // --deny warnings fails on the warnings too.
    let o = workflow(&[
        "validate",
        "--allow",
        "unknown-states-error",
        "--deny",
        "warnings",
        path,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("error[qualified-integration-arn]"));
    // What AWS rejects is not a lint; a misspelt lint gets a suggestion.
    let o = workflow(&["validate", "--allow", "next-unknown-state", path]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a lint"));
    let o = workflow(&["validate", "--allow", "no-dolar", path]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `no-dollar`?"));
    // --cap-lints never hides an error.
    let typo = file("lints", "typo.json", TYPO);
    let o = workflow(&["validate", "--cap-lints", "allow", typo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("error[next-unknown-state]"));
}

#[test]
fn explain_prints_level_and_evidence() {
    let o = workflow(&["explain", "unknown-states-error"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("unknown-states-error: "), "{out}");
    assert!(out.contains("level: a lint, deny by default"), "{out}");
    assert!(out.contains("evidence: "), "{out}");
    let o = workflow(&["explain", "missing-field"]);
    assert!(stdout(&o).contains("level: an error: AWS rejects the definition"));
    assert!(stdout(&o).contains("SCHEMA_VALIDATION_FAILED"));
    let o = workflow(&["explain", "unknown-state-errr"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn import_prints_a_workflow_item() {
    let definition = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/definitions/order-fulfillment.asl.json");
    let o = workflow(&["import", definition.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let source = stdout(&o);
    assert!(
        source.starts_with("use workflow::workflow;\n\nworkflow! {\n"),
        "{source}"
    );
    assert!(source.contains("    pub OrderFulfillment {\n"), "{source}");
    assert!(
        source.contains("ManualReview: task sqs::send_message.wait_for_task_token {"),
        "{source}"
    );
    assert!(
        source.contains(r#""QueueUrl": "${ReviewQueueUrl}""#),
        "{source}"
    );
    // rustfmt leaves it as it is.
    let f = file("import", "order.rs", &source);
    let fmt = Command::new("rustfmt")
        .args(["--edition", "2024", "--check", f.to_str().unwrap()])
        .output()
        .expect("run rustfmt");
    assert!(
        fmt.status.success(),
        "{}",
        String::from_utf8_lossy(&fmt.stdout)
    );

    let o = workflow(&["import", "--name", "Orders", definition.to_str().unwrap()]);
    assert!(stdout(&o).contains("    pub Orders {\n"));
    let o = workflow(&["import", "--name", "9x", definition.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a Rust type name"));
    // An invalid definition is refused with the validator's diagnostics.
    let typo = file("import", "typo.json", TYPO);
    let o = workflow(&["import", typo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("error[next-unknown-state]"));
    assert!(stdout(&o).is_empty());
}

/// `workflow run --batch` on every execution of the conformance cases
/// (`../shared/conformance/cases.jsonl`), in one process: one result line per line, in order,
/// named as asked, each the result the executor gives in process for the same definition, type
/// and input; and with the status AWS recorded for nearly every one.
#[test]
fn run_batch_runs_every_conformance_definition() {
    use serde_json::{Value, json};
    use std::io::Write;
    use workflow::core::model::MachineType;
    use workflow::local::Runner;

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/cases.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the conformance cases are missing at {}: {e}",
            path.display()
        )
    });
    let cases: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON case per line"))
        .collect();
    assert!(cases.len() >= 600, "{} cases", cases.len());
    let batch: String = cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let line = json!({
                "definition": case["definition"],
                "input": case["input"],
                "type": case["state_machine_type"],
                "name": format!("case-{i}"),
            });
            format!("{line}\n")
        })
        .collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(["run", "--batch"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run workflow run --batch");
    let mut stdin = child.stdin.take().expect("its standard input");
    // Written from a thread: the command writes results while it reads.
    let writer = std::thread::spawn(move || stdin.write_all(batch.as_bytes()));
    let out = child.wait_with_output().expect("its results");
    writer.join().unwrap().expect("the batch written");
    let results: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON result per line"))
        .collect();
    assert_eq!(results.len(), cases.len(), "one result line per execution");

    let mut as_aws_recorded = 0;
    for (i, (case, result)) in cases.iter().zip(&results).enumerate() {
        let test = case["test"].as_str().unwrap_or_default();
        assert_eq!(result["name"], format!("case-{i}"), "{test}");
        let machine_type = match case["state_machine_type"].as_str() {
            Some("EXPRESS") => MachineType::Express,
            _ => MachineType::Standard,
        };
        let options = workflow::Options {
            machine_type: Some(machine_type),
        };
        let definition = case["definition"].to_string();
        let report = workflow::check(&definition, workflow::Format::Json, &options);
        let Some(validated) = report.validated() else {
            assert_eq!(result["status"], "INVALID", "{test}");
            continue;
        };
        let mut runner = Runner::new(validated);
        runner.config_mut().machine_type = machine_type;
        let input: Value = serde_json::from_str(case["input"].as_str().unwrap_or("{}"))
            .expect("a case's input is JSON");
        let execution = runner.run_json(input);
        assert_eq!(result["status"], execution.status.as_str(), "{test}");
        assert_eq!(result.get("output"), execution.output.as_ref(), "{test}");
        assert_eq!(
            result["error"].as_str(),
            execution.error.as_deref(),
            "{test}"
        );
        assert_eq!(
            result["cause"].as_str(),
            execution.cause.as_deref(),
            "{test}"
        );
        assert_eq!(
            result["states"],
            json!(execution.states_entered()),
            "{test}"
        );
        if result["status"] == case["expected"]["status"] {
            as_aws_recorded += 1;
        }
    }
    let share = as_aws_recorded as f64 / cases.len() as f64;
    println!(
        "workflow run --batch: {} executions, {as_aws_recorded} with AWS's recorded status ({:.1} %)",
        cases.len(),
        share * 100.0
    );
    assert!(share >= 0.98, "{as_aws_recorded} of {}", cases.len());
}
