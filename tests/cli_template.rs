//! `workflow template FILE`: the CloudFormation template of one ASL definition, with the
//! execution role the IAM derivation gives it, linted by cfn-lint (`.venv/bin/cfn-lint`, from
//! `scripts/python-venv.sh`; without it the lint is skipped with a note, except under `CI`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn workflow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(args)
        .output()
        .expect("run workflow")
}

/// A fresh folder for one test.
fn folder(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("workflow-template-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const ETL: &str = r#"{
  "Comment": "Run the nightly job, summarize it, tell the team",
  "StartAt": "Run",
  "States": {
    "Run": {
      "Type": "Task",
      "Resource": "arn:aws:states:::glue:startJobRun.sync",
      "Parameters": {"JobName": "${EtlJobName}"},
      "Next": "Summarize"
    },
    "Summarize": {
      "Type": "Task",
      "Resource": "arn:aws:states:::bedrock:invokeModel",
      "Parameters": {"ModelId": "anthropic.claude-3-haiku-20240307-v1:0", "Body": {"prompt.$": "$.JobRunState"}},
      "Next": "Notify"
    },
    "Notify": {
      "Type": "Task",
      "Resource": "arn:aws:states:::sns:publish",
      "Parameters": {"TopicArn": "${TeamTopicArn}", "Message.$": "$.Body"},
      "End": true
    }
  }
}"#;

#[test]
fn template_of_one_definition() {
    let dir = folder("one");
    let asl = dir.join("nightly-etl.asl.json");
    std::fs::write(&asl, ETL).unwrap();
    let out = workflow(&["template", asl.to_str().unwrap(), "--name", "nightly-etl"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t: Value = serde_json::from_slice(&out.stdout).expect("the template is JSON");

    // One parameter per placeholder, bound to the definition's substitution.
    let parameters: Vec<&String> = t["Parameters"].as_object().unwrap().keys().collect();
    assert_eq!(parameters, ["EtlJobName", "TeamTopicArn"]);
    let machine = &t["Resources"]["NightlyEtl"];
    assert_eq!(machine["Type"], "AWS::StepFunctions::StateMachine");
    assert_eq!(machine["Properties"]["StateMachineName"], "nightly-etl");
    assert_eq!(
        machine["Properties"]["DefinitionSubstitutions"]["EtlJobName"],
        serde_json::json!({"Ref": "EtlJobName"})
    );

    // The role is the derivation's: exact ARNs, the job named by its parameter.
    let policy =
        t["Resources"]["NightlyEtlRole"]["Properties"]["Policies"][0]["PolicyDocument"].to_string();
    for wanted in [
        "glue:StartJobRun",
        "glue:GetJobRun",
        "job/${EtlJobName}",
        "bedrock:InvokeModel",
        "foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
        "sns:Publish",
        "TeamTopicArn",
    ] {
        assert!(policy.contains(wanted), "{wanted} is not in {policy}");
    }
    assert!(!policy.contains(r#""*""#), "{policy}");

    // YAML by the output file's name, and cfn-lint finds nothing in either.
    let yaml = dir.join("nightly-etl.yaml");
    let out = workflow(&[
        "template",
        asl.to_str().unwrap(),
        "--type",
        "standard",
        "-o",
        yaml.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&yaml).unwrap();
    assert!(
        text.contains("Type: AWS::StepFunctions::StateMachine"),
        "{text}"
    );
    let json = dir.join("nightly-etl.json");
    let out = workflow(&[
        "template",
        asl.to_str().unwrap(),
        "-o",
        json.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    lint(&[json, yaml]);
}

#[test]
fn an_invalid_definition_is_reported_not_templated() {
    let dir = folder("invalid");
    let asl = dir.join("bad.asl.json");
    std::fs::write(
        &asl,
        r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish.sync", "End": true}}}"#,
    )
    .unwrap();
    let out = workflow(&["template", asl.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unsupported-integration"), "{stderr}");
}

fn lint(files: &[PathBuf]) {
    let cfn_lint = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/cfn-lint");
    if !cfn_lint.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing; run scripts/python-venv.sh first (CI must lint the templates)",
            cfn_lint.display()
        );
        eprintln!("note: skipping cfn-lint: run scripts/python-venv.sh");
        return;
    }
    let (output, findings) = common::cfn_lint(&cfn_lint, files);
    assert!(findings.is_empty(), "cfn-lint: {}", findings.join("\n"));
    let code = output.status.code().unwrap_or(-1);
    assert!(code == 0 || code == 8, "cfn-lint exited with {code}");
}
