//! The CloudFormation templates of `workflow_core::template` checked by the AWS linters.
//!
//! A few [`App`]s (one machine with logging, tracing, a version and alias and an activity; one
//! machine started by an EventBridge rule, a schedule and an API; the hand-written definitions
//! of `examples/definitions/`) are written as JSON and as YAML to a temporary folder, then:
//!
//! * `.venv/bin/cfn-lint` must report no error and no warning (no check is ignored). Without
//!   `.venv/bin/cfn-lint` the test prints a note and passes, unless the `CI` environment
//!   variable is set, where it fails. `scripts/python-venv.sh` creates the venv with the versions
//!   pinned in `requirements-dev.txt`.
//! * `.venv/bin/checkov --framework cloudformation --compact --quiet` runs on every template and
//!   its failing checks are printed as a table (`cargo test --test cfn_lint -- --nocapture`);
//!   the test does not fail on them yet. The templates turn on what checkov asks for where it
//!   fits a state machine (X-Ray tracing, execution logging with a year's retention, IAM
//!   authorization on the API method, tracing on the API stage). The checks that remain, and
//!   why they do not apply or are left to the user:
//!
//!   | check | what | why it stays |
//!   |---|---|---|
//!   | CKV_AWS_158 | log group encrypted with a customer KMS key | CloudWatch Logs encrypts at rest with its own key by default; a customer key (whose key policy must admit `logs.<region>.amazonaws.com`) is the user's choice: `Logging::kms_key` sets it |
//!   | CKV_AWS_76 | API Gateway access logging | logging from API Gateway needs the account-wide CloudWatch role (`AWS::ApiGateway::Account`), which one application's stack must not set |
//!   | CKV_AWS_120 | API Gateway caching | caching a `StartExecution` call would start nothing |
//!
//!   The IAM checks (CKV_AWS_107 to CKV_AWS_111) pass. The only `Resource: "*"` are the
//!   CloudWatch Logs delivery and X-Ray statements; they, and every statement wider than the
//!   definition pins down (e.g. `s3:::*` for a Distributed Map whose bucket is chosen at run
//!   time), carry a reason that the template lists under `Metadata.WorkflowRs.WildcardResources`.
//!
//! The table printed by the test is the source of truth; update this list when it changes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;
use workflow::core::template::{
    ActivitySpec, ApiTrigger, App, EventRuleTrigger, LogLevel, Logging, Output, Parameter,
    ScheduleTrigger, StateMachineSpec, Value,
};
use workflow::core::{Format, Options, StateMachine, check};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn machine(text: &str) -> StateMachine {
    let report = check(text, Format::Json, &Options::default());
    assert!(report.is_valid(), "{:#?}", report.diagnostics);
    report.machine.unwrap()
}

fn definition_file(name: &str) -> String {
    std::fs::read_to_string(root().join("examples/definitions").join(name)).unwrap()
}

const APPROVAL: &str = r#"{
  "Comment": "A person approves the order, then it is charged",
  "StartAt": "Approve",
  "States": {
    "Approve": {
      "Type": "Task",
      "Resource": {"Ref": "Approval"},
      "HeartbeatSeconds": 3600,
      "TimeoutSeconds": 86400,
      "Next": "Charge"
    },
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "${ChargeFunctionArn}", "Payload.$": "$"},
      "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 2}],
      "End": true
    }
  }
}"#;

const INGEST: &str = r#"{
  "StartAt": "Store",
  "States": {
    "Store": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "${StoreFunctionArn}", "Payload.$": "$"},
      "End": true
    }
  }
}"#;

fn lambda_parameter(name: &str) -> Parameter {
    Parameter::string(name)
        .description(format!("ARN of the {name} Lambda function"))
        .allowed_pattern("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+$")
}

/// One machine with logging, tracing, a version and alias, and an activity.
fn approval_app() -> App {
    App::new()
        .description("Orders approved by a person, then charged")
        .parameter(lambda_parameter("ChargeFunctionArn"))
        .activity(ActivitySpec::new("Approval").tag("app", "orders"))
        .state_machine(
            StateMachineSpec::new("Orders", machine(APPROVAL))
                .name(Value::sub("${AWS::StackName}-orders"))
                .substitution("ChargeFunctionArn", Value::parameter("ChargeFunctionArn"))
                .logging(
                    Logging::new(LogLevel::All)
                        .include_execution_data(true)
                        .retention_days(365),
                )
                .tracing(true)
                .tag("app", "orders")
                .publish_version("live")
                .version_description("Orders, as last deployed"),
        )
        .output(
            Output::new("OrdersAliasArn", Value::reference("OrdersAlias"))
                .description("Start executions here")
                .export_name(Value::sub("${AWS::StackName}-OrdersAliasArn")),
        )
        .output(Output::new(
            "ApprovalActivityArn",
            Value::reference("Approval"),
        ))
}

/// One machine started three ways.
fn triggers_app() -> App {
    App::new()
        .description("Ingestion started by events, a schedule and an API")
        .parameter(lambda_parameter("StoreFunctionArn"))
        .state_machine(
            StateMachineSpec::new("Ingest", machine(INGEST))
                .substitution("StoreFunctionArn", Value::parameter("StoreFunctionArn"))
                .logging(Logging::new(LogLevel::Error))
                .tracing(true),
        )
        .trigger(
            EventRuleTrigger::new(
                "OnUpload",
                "Ingest",
                json!({"source": ["aws.s3"], "detail-type": ["Object Created"]}),
            )
            .description("Every new object"),
        )
        .trigger(
            ScheduleTrigger::new("Nightly", "Ingest", "cron(0 2 * * ? *)")
                .timezone("Europe/Paris")
                .input(r#"{"full": true}"#)
                .description("A full run every night"),
        )
        .trigger(ApiTrigger::new("IngestApi", "Ingest").description("POST /execution starts one"))
        .output(Output::new("IngestArn", Value::reference("Ingest")))
}

/// The hand-written definitions of `examples/definitions/`.
fn definitions_app() -> App {
    App::new()
        .description("The example definitions")
        .parameter(lambda_parameter("ChargeFunctionArn"))
        .parameter(lambda_parameter("TransformFunctionArn"))
        .parameter(
            Parameter::string("ReviewQueueUrl")
                .description("URL of the SQS queue of orders to review")
                .allowed_pattern("^https://.+$"),
        )
        .parameter(
            Parameter::string("ReviewQueueArn")
                .description("ARN of the same queue, for the execution role")
                .allowed_pattern("^arn:aws[a-z-]*:sqs:.+$"),
        )
        .parameter(
            Parameter::string("OrdersTopicArn")
                .description("ARN of the SNS topic of charged orders")
                .allowed_pattern("^arn:aws[a-z-]*:sns:.+$"),
        )
        .state_machine(
            StateMachineSpec::from_asl(
                "OrderFulfillment",
                definition_file("order-fulfillment.asl.json"),
            )
            .substitution("ReviewQueueUrl", Value::parameter("ReviewQueueUrl"))
            // Asked for by the execution role's policy (`crate::iam` reads the ARN of a
            // `${NameUrl}` queue from `${NameArn}`).
            .substitution("ReviewQueueArn", Value::parameter("ReviewQueueArn"))
            .substitution("ChargeFunctionArn", Value::parameter("ChargeFunctionArn"))
            .substitution("OrdersTopicArn", Value::parameter("OrdersTopicArn"))
            .logging(Logging::new(LogLevel::Error))
            .tracing(true),
        )
        .state_machine(
            StateMachineSpec::from_asl(
                "DataProcessing",
                definition_file("data-processing.asl.json"),
            )
            .name(Value::sub("${AWS::StackName}-data-processing"))
            .substitution(
                "TransformFunctionArn",
                Value::parameter("TransformFunctionArn"),
            )
            .logging(Logging::new(LogLevel::Error))
            .tracing(true),
        )
}

fn apps() -> Vec<(&'static str, App)> {
    vec![
        ("approval", approval_app()),
        ("triggers", triggers_app()),
        ("definitions", definitions_app()),
    ]
}

/// Writes every template (JSON and YAML) to a fresh folder and returns the files.
fn write_templates(test: &str) -> Vec<PathBuf> {
    let dir = std::env::temp_dir().join(format!("workflow-cfn-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for (name, app) in apps() {
        let template = app
            .to_template()
            .unwrap_or_else(|e| panic!("app `{name}`: {e}"));
        for (ext, text) in [
            ("json", template.to_json_string()),
            ("yaml", template.to_yaml_string()),
        ] {
            let path = dir.join(format!("{name}.{ext}"));
            std::fs::write(&path, text).unwrap();
            files.push(path);
        }
    }
    files
}

/// `.venv/bin/<tool>`, or `None` (with a note) when it is missing outside CI.
fn tool(name: &str) -> Option<PathBuf> {
    let path = root().join(".venv/bin").join(name);
    if path.exists() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "{} is missing; run scripts/python-venv.sh first (CI must lint the templates)",
            path.display()
        );
    }
    eprintln!(
        "note: skipping the {name} check: {} is missing (run scripts/python-venv.sh)",
        path.display()
    );
    None
}

#[test]
fn every_app_builds_and_templates_are_deterministic() {
    for (name, app) in apps() {
        let a = app
            .to_template()
            .unwrap_or_else(|e| panic!("app `{name}`: {e}"));
        let b = app.to_template().unwrap();
        assert_eq!(a.to_json_string(), b.to_json_string());
        assert_eq!(a.to_yaml_string(), b.to_yaml_string());
    }
}

#[test]
fn templates_pass_cfn_lint() {
    let Some(cfn_lint) = tool("cfn-lint") else {
        return;
    };
    let files = write_templates("lint");
    // No `--ignore-checks`: every rule of cfn-lint applies.
    let (output, findings) = common::cfn_lint(&cfn_lint, &files);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        findings.is_empty(),
        "cfn-lint found {} errors and warnings:\n{}",
        findings.len(),
        findings.join("\n")
    );
    // Exit code bits: 2 errors, 4 warnings, 8 informational; anything else (1, 32) is a crash.
    let code = output.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 8,
        "cfn-lint exited with {code}:\n{stderr}"
    );
}

#[test]
fn checkov_report() {
    let Some(checkov) = tool("checkov") else {
        return;
    };
    let files = write_templates("checkov");
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for file in &files {
        let output = Command::new(&checkov)
            .arg("-f")
            .arg(file)
            .args(["--framework", "cloudformation", "--compact", "--quiet"])
            .output()
            .expect("run checkov");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        // `Check: CKV_AWS_158: "…"` then `\tFAILED for resource: AWS::Logs::LogGroup.OrdersLogs`.
        let mut check = String::new();
        for line in stdout.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("Check: ") {
                check = rest.to_string();
            } else if let Some(resource) = line.strip_prefix("FAILED for resource: ") {
                rows.push((name.clone(), check.clone(), resource.to_string()));
            }
        }
        if !output.status.success() && rows.iter().all(|(f, _, _)| *f != name) {
            println!(
                "checkov on {name} exited with {:?}:\n{stdout}{}",
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    println!("checkov: {} failing checks", rows.len());
    println!("| template | check | resource |\n|---|---|---|");
    for (file, check, resource) in &rows {
        println!("| {file} | {check} | {resource} |");
    }
    let mut ids: Vec<&str> = rows
        .iter()
        .filter_map(|(_, c, _)| c.split(':').next())
        .collect();
    ids.sort();
    ids.dedup();
    println!("distinct failing checks: {}", ids.join(", "));
}
