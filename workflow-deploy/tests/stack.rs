//! Deploys stacks and runs the commands of a user's program against `moto_server` on loopback.
//!
//! What moto 5.2.5's CloudFormation does, and so what these tests can see: it executes a change
//! set synchronously inside `ExecuteChangeSet` and records only the stack's own events (no
//! per-resource events, no rollback: a resource it rejects makes `ExecuteChangeSet` fail and
//! leaves the stack in `REVIEW_IN_PROGRESS`); it skips resource types it does not know
//! (AppSync, Amplify) while reporting the stack complete; it does not compute outputs of a stack
//! made through change sets. Rollback reports from resource events are covered by the unit
//! tests of `workflow_deploy::stack`.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use aws_sdk_cloudformation::config::Credentials;
use common::{Moto, REGION, free_port};
use workflow::core::template::{App, EventRuleTrigger, Output, StateMachineSpec, Value};
use workflow_deploy::cli::{Program, exit_code};
use workflow_deploy::stack::{
    DestroyOutcome, Plan, ProgressEvent, StackAction, StackDeployer, StackError, StackRequest,
};

const SECRET: &str = "wJalrXUtnFEMI-not-a-real-secret";

/// A Pass/Choice/Fail workflow; `label` is the result of the positive branch.
fn definition(label: &str) -> String {
    format!(
        r#"{{
  "StartAt": "Classify",
  "States": {{
    "Classify": {{
      "Type": "Choice",
      "Choices": [{{"Variable": "$.n", "NumericGreaterThan": 0, "Next": "Positive"}}],
      "Default": "NonPositive"
    }},
    "Positive": {{"Type": "Pass", "Result": {{"sign": "{label}"}}, "End": true}},
    "NonPositive": {{"Type": "Fail", "Error": "NotPositive", "Cause": "n must be positive"}}
  }}
}}"#
    )
}

/// A state machine, its IAM role and an EventBridge rule that starts it.
fn app(label: &str) -> App {
    App::new()
        .description("workflow-deploy stack test")
        .state_machine(
            StateMachineSpec::from_asl("Classify", definition(label))
                .name(Value::sub("${AWS::StackName}-Classify")),
        )
        .trigger(EventRuleTrigger::new(
            "OnNumber",
            "Classify",
            serde_json::json!({"source": ["com.example.numbers"]}),
        ))
        .output(Output::new("ClassifyArn", Value::reference("Classify")))
}

fn request(stack: &str, label: &str) -> StackRequest {
    let template = app(label).to_template().expect("template");
    StackRequest::new(stack, template.to_json_string()).expect("request")
}

fn deployer(moto: &Moto) -> StackDeployer {
    StackDeployer::for_endpoint(&moto.url(), REGION, "testing", "testing")
        .poll_interval(Duration::from_millis(50))
        .timeout(Duration::from_secs(60))
}

/// The ids of every event of the stack.
async fn event_ids(deployer: &StackDeployer, stack: &str) -> HashSet<String> {
    deployer
        .client()
        .describe_stack_events()
        .stack_name(stack)
        .send()
        .await
        .expect("events")
        .stack_events()
        .iter()
        .filter_map(|e| e.event_id().map(str::to_owned))
        .collect()
}

/// The change sets of the stack that were not executed (moto keeps executed ones listed).
async fn pending_change_sets(deployer: &StackDeployer, stack: &str) -> usize {
    deployer
        .client()
        .list_change_sets()
        .stack_name(stack)
        .send()
        .await
        .expect("list change sets")
        .summaries()
        .iter()
        .filter(|c| c.execution_status().map(|e| e.as_str()) != Some("EXECUTE_COMPLETE"))
        .count()
}

async fn deployed_definition(
    moto: &Moto,
    deployer: &StackDeployer,
    stack: &str,
) -> serde_json::Value {
    let arn = deployer.physical_id(stack, "Classify").await.expect("arn");
    let sfn = workflow_deploy::Deployer::for_endpoint(&moto.url(), REGION, "testing", "testing");
    let out = sfn
        .client()
        .describe_state_machine()
        .state_machine_arn(arn)
        .send()
        .await
        .expect("describe state machine");
    serde_json::from_str(out.definition()).expect("definition JSON")
}

#[tokio::test(flavor = "multi_thread")]
async fn stack_deploys_updates_and_is_destroyed() {
    let Some(moto) = Moto::start_with(false) else {
        return;
    };
    let deployer = deployer(&moto);
    let stack = "numbers";

    let mut lines: Vec<ProgressEvent> = Vec::new();
    let mut sink = |e: &ProgressEvent| lines.push(e.clone());
    let created = deployer
        .deploy(&request(stack, "positive"), &mut sink)
        .await
        .expect("create");
    assert_eq!(created.action, StackAction::Created);
    assert_eq!(created.status, "CREATE_COMPLETE");
    let statuses: Vec<&str> = lines.iter().map(|l| l.status.as_str()).collect();
    assert_eq!(
        statuses,
        ["CREATE_IN_PROGRESS", "CREATE_COMPLETE"],
        "{lines:?}"
    );
    assert!(lines.iter().all(|l| l.logical_id == stack));
    assert!(
        lines[0]
            .to_string()
            .contains("| CREATE_IN_PROGRESS   | AWS::CloudFormation::Stack | numbers"),
        "{}",
        lines[0]
    );
    // moto computes no outputs for stacks made through change sets: the report holds what
    // DescribeStacks says.
    let described = deployer.describe(stack).await.unwrap().expect("stack");
    assert_eq!(created.outputs, described.outputs);
    let mut types: Vec<String> = deployer
        .resources(stack)
        .await
        .unwrap()
        .into_iter()
        .map(|r| format!("{} {}", r.logical_id, r.resource_type))
        .collect();
    types.sort();
    assert_eq!(
        types,
        [
            "Classify AWS::StepFunctions::StateMachine",
            "ClassifyRole AWS::IAM::Role",
            "OnNumber AWS::Events::Rule",
            "OnNumberRole AWS::IAM::Role",
        ]
    );
    let machine_arn = deployer.physical_id(stack, "Classify").await.unwrap();
    assert!(
        machine_arn.starts_with("arn:aws:states:us-east-1:"),
        "{machine_arn}"
    );
    assert_eq!(
        deployed_definition(&moto, &deployer, stack).await["States"]["Positive"]["Result"]["sign"],
        "positive"
    );

    // Unchanged: no change set is executed, no event is added, none is left behind.
    let before = event_ids(&deployer, stack).await;
    let mut lines = Vec::new();
    let mut sink = |e: &ProgressEvent| lines.push(e.clone());
    let again = deployer
        .deploy(&request(stack, "positive"), &mut sink)
        .await
        .expect("redeploy");
    assert_eq!(again.action, StackAction::Unchanged);
    assert!(lines.is_empty(), "{lines:?}");
    assert_eq!(event_ids(&deployer, stack).await, before);
    assert_eq!(pending_change_sets(&deployer, stack).await, 0);

    // A dry run of a change: the change set is made and deleted, nothing is executed.
    let plan = deployer.plan(&request(stack, "plus")).await.expect("plan");
    let Plan::Ready(change_set) = plan else {
        panic!("a changed definition must give a change set: {plan:?}")
    };
    deployer.discard(&change_set).await.expect("discard");
    assert_eq!(pending_change_sets(&deployer, stack).await, 0);
    assert_eq!(event_ids(&deployer, stack).await, before);
    assert_eq!(
        deployed_definition(&moto, &deployer, stack).await["States"]["Positive"]["Result"]["sign"],
        "positive"
    );

    // A change: one update.
    let mut lines = Vec::new();
    let mut sink = |e: &ProgressEvent| lines.push(e.clone());
    let updated = deployer
        .deploy(&request(stack, "plus"), &mut sink)
        .await
        .expect("update");
    assert_eq!(updated.action, StackAction::Updated);
    assert_eq!(updated.status, "UPDATE_COMPLETE");
    let statuses: Vec<&str> = lines.iter().map(|l| l.status.as_str()).collect();
    assert_eq!(
        statuses,
        ["UPDATE_IN_PROGRESS", "UPDATE_COMPLETE"],
        "{lines:?}"
    );
    assert_eq!(
        deployed_definition(&moto, &deployer, stack).await["States"]["Positive"]["Result"]["sign"],
        "plus"
    );
    assert_eq!(
        deployer.physical_id(stack, "Classify").await.unwrap(),
        machine_arn
    );

    let mut lines = Vec::new();
    let mut sink = |e: &ProgressEvent| lines.push(e.clone());
    assert_eq!(
        deployer.destroy(stack, &mut sink).await.expect("destroy"),
        DestroyOutcome::Deleted
    );
    assert_eq!(
        lines.last().map(|l| l.status.as_str()),
        Some("DELETE_COMPLETE"),
        "{lines:?}"
    );
    assert_eq!(deployer.describe(stack).await.unwrap(), None);
    let mut sink = |_: &ProgressEvent| {};
    assert_eq!(
        deployer
            .destroy(stack, &mut sink)
            .await
            .expect("destroy again"),
        DestroyOutcome::Absent
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unsupported_resource_types_are_named() {
    let Some(moto) = Moto::start_with(false) else {
        return;
    };
    let deployer = deployer(&moto);
    let template = serde_json::json!({
        "Resources": {
            "Api": {"Type": "AWS::AppSync::GraphQLApi",
                    "Properties": {"Name": "orders", "AuthenticationType": "AWS_IAM"}},
            "Site": {"Type": "AWS::Amplify::App", "Properties": {"Name": "orders"}},
            "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "orders"}}
        }
    });
    let request = StackRequest::new("graph", template.to_string()).unwrap();
    let mut sink = |_: &ProgressEvent| {};
    let err = deployer
        .deploy(&request, &mut sink)
        .await
        .expect_err("moto creates no AppSync or Amplify resources");
    let StackError::Unsupported { stack, resources } = &err else {
        panic!("expected Unsupported, got {err:?}")
    };
    assert_eq!(stack, "graph");
    let named: Vec<(&str, &str)> = resources
        .iter()
        .map(|r| (r.logical_id.as_str(), r.resource_type.as_str()))
        .collect();
    assert_eq!(
        named,
        [
            ("Api", "AWS::AppSync::GraphQLApi"),
            ("Site", "AWS::Amplify::App")
        ]
    );
    let message = err.to_string();
    assert!(
        message.contains("Api (AWS::AppSync::GraphQLApi), Site (AWS::Amplify::App)")
            && message.contains("does not support"),
        "{message}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rejected_resource_is_reported_and_a_fixed_template_converges() {
    let Some(moto) = Moto::start_with(false) else {
        return;
    };
    let deployer = deployer(&moto);
    let template = |topic: &str| {
        serde_json::json!({
            "Resources": {
                "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "jobs"}},
                "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": topic}}
            }
        })
        .to_string()
    };
    let mut sink = |_: &ProgressEvent| {};
    let bad = StackRequest::new("jobs", template("not a valid name!")).unwrap();
    let err = deployer
        .deploy(&bad, &mut sink)
        .await
        .expect_err("moto rejects the topic name");
    let StackError::Rejected {
        stack,
        operation,
        reason,
        resource_types,
    } = &err
    else {
        panic!("expected Rejected, got {err:?}")
    };
    assert_eq!(stack, "jobs");
    assert_eq!(*operation, "ExecuteChangeSet");
    assert!(
        reason.contains("Topic names must be made up of"),
        "{reason}"
    );
    assert_eq!(resource_types, &["AWS::SNS::Topic", "AWS::SQS::Queue"]);
    assert!(err.to_string().contains("AWS::SNS::Topic"), "{err}");

    // The stack stays in REVIEW_IN_PROGRESS; a fixed template creates it.
    let good = StackRequest::new("jobs", template("jobs-done")).unwrap();
    let report = deployer.deploy(&good, &mut sink).await.expect("fixed");
    assert_eq!(report.action, StackAction::Created);
    assert_eq!(report.status, "CREATE_COMPLETE");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_interrupted_deploy_converges_when_run_again() {
    let Some(moto) = Moto::start_with(false) else {
        return;
    };
    let deployer = std::sync::Arc::new(deployer(&moto));

    // Stopped after the change set was made: the stack is left in REVIEW_IN_PROGRESS.
    let plan = deployer.plan(&request("halted", "positive")).await.unwrap();
    assert!(matches!(plan, Plan::Ready(_)), "{plan:?}");
    assert_eq!(
        deployer.describe("halted").await.unwrap().unwrap().status,
        "REVIEW_IN_PROGRESS"
    );
    let mut sink = |_: &ProgressEvent| {};
    let report = deployer
        .deploy(&request("halted", "positive"), &mut sink)
        .await
        .expect("re-run");
    assert_eq!(report.action, StackAction::Created);

    // The client task killed at different points of a deploy of a change; every re-run ends
    // with the stack complete and holding the new definition.
    for (round, delay_ms) in [0u64, 2, 5, 10, 20, 40].into_iter().enumerate() {
        let label = format!("round-{round}");
        let task = {
            let deployer = deployer.clone();
            let request = request("halted", &label);
            tokio::spawn(async move {
                let mut sink = |_: &ProgressEvent| {};
                deployer.deploy(&request, &mut sink).await
            })
        };
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        task.abort();
        let _ = task.await;
        let mut sink = |_: &ProgressEvent| {};
        let report = deployer
            .deploy(&request("halted", &label), &mut sink)
            .await
            .unwrap_or_else(|e| panic!("re-run after {delay_ms} ms: {e}"));
        assert!(
            matches!(
                report.status.as_str(),
                "CREATE_COMPLETE" | "UPDATE_COMPLETE"
            ),
            "{report:?}"
        );
        assert_eq!(
            deployed_definition(&moto, &deployer, "halted").await["States"]["Positive"]["Result"]["sign"],
            label.as_str()
        );
    }
}

/// moto keeps the machines CloudFormation made in a store its interpreter does not read: this
/// reads the deployed machine (interpreter off), turns the interpreter on and creates the same
/// machine (name, definition, role, so the same ARN) in the interpreter's store.
fn mirror_into_interpreter(moto: &Moto, arn: &str) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let sfn =
            workflow_deploy::Deployer::for_endpoint(&moto.url(), REGION, "testing", "testing");
        let deployed = sfn
            .client()
            .describe_state_machine()
            .state_machine_arn(arn)
            .send()
            .await
            .expect("the deployed machine");
        moto.set_interpreter(true);
        let copy = sfn
            .client()
            .create_state_machine()
            .name(deployed.name())
            .definition(deployed.definition())
            .role_arn(deployed.role_arn())
            .send()
            .await
            .expect("copy");
        assert_eq!(copy.state_machine_arn(), arn);
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_stopped_mid_deploy_gives_a_clear_error_and_a_rerun_converges() {
    let Some(first) = Moto::start_with(false) else {
        return;
    };
    let cut_off = deployer(&first);
    let plan = cut_off.plan(&request("numbers", "positive")).await.unwrap();
    let Plan::Ready(change_set) = plan else {
        panic!("{plan:?}")
    };
    let url = first.url();
    drop(first);
    let mut sink = |_: &ProgressEvent| {};
    let err = cut_off
        .execute(&change_set, &mut sink)
        .await
        .expect_err("the server is gone");
    assert!(matches!(err, StackError::Unreachable { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains(&url) && message.contains("--endpoint-url"),
        "{message}"
    );

    // moto keeps no state across a restart: the re-run against the new server creates the
    // stack from nothing, and a second re-run finds nothing to do.
    let Some(second) = Moto::start_with(false) else {
        return;
    };
    let deployer = deployer(&second);
    for expected in [StackAction::Created, StackAction::Unchanged] {
        let report = deployer
            .deploy(&request("numbers", "positive"), &mut sink)
            .await
            .expect("re-run");
        assert_eq!(report.action, expected);
        assert_eq!(report.status, "CREATE_COMPLETE");
    }
}

/// Runs the program's command line against the server; returns the exit code and the output.
fn run<S: AsRef<str>>(program: &Program, args: &[S]) -> (u8, String) {
    let mut out = Vec::new();
    let code = match program.run(args.iter().map(|a| a.as_ref().to_owned()), &mut out) {
        Ok(code) => code,
        Err(err) => {
            let text = format!("error: {err:#}\n{err:?}\n");
            out.extend_from_slice(text.as_bytes());
            exit_code(&err)
        }
    };
    let text = String::from_utf8(out).expect("UTF-8 output");
    assert!(!text.contains(SECRET), "the secret leaked: {text}");
    (code, text)
}

fn program(label: &str) -> Program {
    Program::new(app(label)).credentials(Credentials::new(
        "AKIDTESTING",
        SECRET,
        None,
        None,
        "test",
    ))
}

#[test]
fn program_commands_end_to_end() {
    let Some(moto) = Moto::start_with(false) else {
        return;
    };
    let url = moto.url();
    let aws = [
        "--endpoint-url",
        url.as_str(),
        "--region",
        REGION,
        "--stack",
        "numbers-cli",
        "--poll-ms",
        "50",
        "--timeout-secs",
        "60",
    ];
    let cmd = |args: &[&str]| -> Vec<String> {
        std::iter::once("numbers")
            .chain(args.iter().copied())
            .map(str::to_owned)
            .chain(aws.iter().map(|a| (*a).to_owned()))
            .collect()
    };
    let positive = program("positive");

    let (code, text) = run(&positive, &cmd(&["diff"]));
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("does not exist; a deploy would create it"),
        "{text}"
    );
    assert!(text.contains("Add      Classify"), "{text}");

    let (code, text) = run(&positive, &cmd(&["deploy", "--dry-run"]));
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("nothing was executed"), "{text}");
    let (code, text) = run(&positive, &cmd(&["destroy", "--dry-run"]));
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("does not exist"), "{text}");

    let (code, text) = run(&positive, &cmd(&["deploy"]));
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("change set to create the stack"), "{text}");
    assert!(
        text.contains("| CREATE_COMPLETE      | AWS::CloudFormation::Stack | numbers-cli"),
        "{text}"
    );
    assert!(
        text.contains("stack numbers-cli: created (CREATE_COMPLETE)"),
        "{text}"
    );

    let (code, text) = run(&positive, &cmd(&["deploy"]));
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("no changes; nothing to deploy"), "{text}");
    let (code, text) = run(&positive, &cmd(&["diff"]));
    assert_eq!((code, text.trim()), (0, "stack numbers-cli: no changes"));

    let arn = {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime
            .block_on(deployer(&moto).physical_id("numbers-cli", "Classify"))
            .unwrap()
    };
    mirror_into_interpreter(&moto, &arn);

    let (code, text) = run(
        &positive,
        &cmd(&[
            "start",
            "--machine",
            "Classify",
            "--input",
            r#"{"n": 5}"#,
            "--name",
            "five",
        ]),
    );
    assert_eq!(code, 0, "{text}");
    let execution = text.trim().to_owned();
    assert!(
        execution.starts_with("arn:aws:states:") && execution.ends_with(":five"),
        "{execution}"
    );
    let (code, text) = run(&positive, &cmd(&["wait", &execution]));
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("| ExecutionStarted | -"), "{text}");
    assert!(text.contains("| ChoiceStateEntered | Classify"), "{text}");
    assert!(
        text.contains(&format!("execution {execution}: SUCCEEDED")),
        "{text}"
    );
    assert!(text.contains(r#"output: {"sign": "positive"}"#), "{text}");
    let (code, text) = run(&positive, &cmd(&["history", &execution]));
    assert_eq!(code, 0, "{text}");
    assert!(
        text.lines().next().unwrap().contains("ExecutionStarted"),
        "{text}"
    );
    assert!(text.contains("ExecutionSucceeded"), "{text}");
    assert!(text.trim_end().ends_with(" events"), "{text}");
    // The JSON form is the one `workflow render --history` reads.
    let (code, text) = run(&positive, &cmd(&["history", "--json", &execution]));
    assert_eq!(code, 0, "{text}");
    let events = workflow_deploy::history_from_json(&text).expect("history JSON");
    assert_eq!(events.first().unwrap().event_type, "ExecutionStarted");
    assert_eq!(events.last().unwrap().event_type, "ExecutionSucceeded");
    let drawn = workflow::core::render::history::ExecutionHistory::from_json(&text);
    assert!(drawn.is_ok(), "the renderer reads it: {drawn:?}");

    // `worker` needs a registered handler; with one, it serves until stopped and reports
    // its counters (moto has no GetActivityTask, so the polls fail and are counted).
    let (code, text) = run(
        &positive,
        &cmd(&[
            "worker",
            "--activity",
            "arn:aws:states:us-east-1:123456789012:activity:x",
        ]),
    );
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("no handler is registered"), "{text}");
    let serving = program("positive").activity_handler(
        "arn:aws:states:us-east-1:123456789012:activity:x",
        |input: serde_json::Value| async move { Ok(input) },
    );
    let (code, text) = run(
        &serving,
        &cmd(&[
            "worker",
            "--activity",
            "arn:aws:states:us-east-1:123456789012:activity:x",
            "--stop-after-secs",
            "1",
        ]),
    );
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("worker stopped"), "{text}");

    // Input from a file; a failing execution exits 1 with the error and cause.
    let input =
        std::env::temp_dir().join(format!("workflow-deploy-input-{}.json", std::process::id()));
    std::fs::write(&input, r#"{"n": -1}"#).unwrap();
    let at_file = format!("@{}", input.display());
    let (code, text) = run(
        &positive,
        &cmd(&["start", "--machine", "Classify", "--input", &at_file]),
    );
    std::fs::remove_file(&input).unwrap();
    assert_eq!(code, 0, "{text}");
    let (code, text) = run(&positive, &cmd(&["wait", text.trim()]));
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(": FAILED") && text.contains("error: NotPositive"),
        "{text}"
    );
    assert!(text.contains("cause: n must be positive"), "{text}");

    // A change, then the commands of workflow::synth still answer.
    let plus = program("plus");
    let (code, text) = run(&plus, &cmd(&["diff"]));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("a deploy would change"), "{text}");
    let (code, text) = run(&plus, &cmd(&["deploy"]));
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("stack numbers-cli: updated (UPDATE_COMPLETE)"),
        "{text}"
    );
    let (code, text) = run(&plus, &["numbers", "validate"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("Classify: valid"), "{text}");

    let (code, text) = run(&plus, &cmd(&["destroy", "--dry-run"]));
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("would delete stack numbers-cli (UPDATE_COMPLETE) and its 4 resources"),
        "{text}"
    );
    assert!(
        text.contains("  Classify (AWS::StepFunctions::StateMachine)"),
        "{text}"
    );
    let (code, text) = run(&plus, &cmd(&["destroy"]));
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("DELETE_COMPLETE") && text.contains("stack numbers-cli: deleted"),
        "{text}"
    );
    let (code, text) = run(&plus, &cmd(&["destroy"]));
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("does not exist; nothing to do"), "{text}");

    // A machine that is not in the stack: a failed command, exit 1.
    let (code, text) = run(&plus, &cmd(&["start", "--machine", "Classify"]));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("DescribeStackResource"), "{text}");

    // Usage errors exit 2.
    let (code, text) = run(&plus, &cmd(&["deploy", "--parameter", "oops"]));
    assert_eq!(code, 2, "{text}");
    let (code, text) = run(&plus, &cmd(&["start"]));
    assert_eq!(code, 2, "{text}");
}

#[test]
fn an_unreachable_endpoint_exits_3_without_showing_secrets() {
    let url = format!("http://127.0.0.1:{}", free_port());
    let program = program("positive");
    for args in [
        vec!["numbers", "deploy"],
        vec![
            "numbers",
            "wait",
            "arn:aws:states:us-east-1:123456789012:execution:m:e",
        ],
    ] {
        let mut all = args.clone();
        all.extend([
            "--endpoint-url",
            &url,
            "--region",
            REGION,
            "--poll-ms",
            "50",
        ]);
        let (code, text) = run(&program, &all);
        assert_eq!(code, 3, "{text}");
        assert!(text.contains("cannot reach the"), "{text}");
        assert!(text.contains(&url), "{text}");
    }
}

/// A credentials provider that has none.
#[derive(Debug)]
struct NoCredentials;

impl aws_credential_types::provider::ProvideCredentials for NoCredentials {
    fn provide_credentials<'a>(
        &'a self,
    ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        aws_credential_types::provider::future::ProvideCredentials::ready(Err(
            aws_credential_types::provider::error::CredentialsError::not_loaded(
                "no credentials in this test",
            ),
        ))
    }
}

#[test]
fn missing_credentials_exit_3_and_say_so() {
    let url = format!("http://127.0.0.1:{}", free_port());
    let program = Program::new(app("positive")).credentials(NoCredentials);
    let (code, text) = run(
        &program,
        &[
            "numbers",
            "diff",
            "--endpoint-url",
            &url,
            "--region",
            REGION,
        ],
    );
    assert_eq!(code, 3, "{text}");
    assert!(
        text.contains("DescribeStacks: no usable credentials")
            && text.contains("no credentials in this test")
            && text.contains("--profile"),
        "{text}"
    );
}

/// Every example's template (the snapshots the examples test keeps in step with the examples)
/// deployed to moto: the ones made of resource types moto's CloudFormation knows are created;
/// each other one fails naming what moto left out.
#[tokio::test(flavor = "multi_thread")]
async fn example_templates_deploy_or_name_what_the_endpoint_lacks() {
    let Some(moto) = Moto::start_with(false) else {
        return;
    };
    let deployer = deployer(&moto);
    let snapshots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/snapshots");
    let mut outcomes = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(&snapshots)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".template.json").map(str::to_owned)
        })
        .collect();
    names.sort();
    for name in names {
        let text =
            std::fs::read_to_string(snapshots.join(format!("{name}.template.json"))).unwrap();
        let template: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut request = StackRequest::new(name.replace('_', "-"), text).unwrap();
        // moto does not check AllowedPattern; any value stands in for the ARNs and URLs.
        for key in template["Parameters"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            request = request.parameter(key, "x");
        }
        let mut sink = |_: &ProgressEvent| {};
        let outcome = match deployer.deploy(&request, &mut sink).await {
            Ok(report) => report.status,
            Err(StackError::Unsupported { resources, .. }) => resources
                .iter()
                .map(|r| format!("lacks {} ({})", r.logical_id, r.resource_type))
                .collect::<Vec<_>>()
                .join(", "),
            Err(err @ StackError::Rejected { .. }) => {
                let text = err.to_string();
                assert!(
                    text.contains("HTTP 500")
                        && text.contains("AWS::StepFunctions::StateMachineAlias"),
                    "{text}"
                );
                "rejected: HTTP 500".to_owned()
            }
            Err(other) => panic!("{name}: {other}"),
        };
        outcomes.push(format!("{name}: {outcome}"));
    }
    assert_eq!(
        outcomes,
        [
            "activity_worker: lacks ReviewActivity (AWS::StepFunctions::Activity)",
            "catch_chain: CREATE_COMPLETE",
            "data_processing: lacks DailyRun (AWS::Scheduler::Schedule)",
            "human_approval: lacks ApprovalApiStage (AWS::ApiGateway::Stage)",
            "lambda_invoke: CREATE_COMPLETE",
            "order_api: lacks OrderFulfillmentVersion (AWS::StepFunctions::StateMachineVersion), \
             lacks OrderFulfillmentAlias (AWS::StepFunctions::StateMachineAlias), \
             lacks ShopUsers (AWS::Cognito::UserPool), \
             lacks ShopUsersDomain (AWS::Cognito::UserPoolDomain), \
             lacks ShopUsersProviderGoogle (AWS::Cognito::UserPoolIdentityProvider), \
             lacks ShopUsersClient (AWS::Cognito::UserPoolClient), \
             lacks OrdersApi (AWS::AppSync::GraphQLApi), \
             lacks OrdersApiSchema (AWS::AppSync::GraphQLSchema), \
             lacks OrdersApiApiKey (AWS::AppSync::ApiKey), \
             lacks OrdersApiOrdersDataSource (AWS::AppSync::DataSource), \
             lacks OrdersApiFulfillmentDataSource (AWS::AppSync::DataSource), \
             lacks OrdersApiProductsDataSource (AWS::AppSync::DataSource), \
             lacks OrdersApiReviewsDataSource (AWS::AppSync::DataSource), \
             lacks OrdersApiQueryOrderResolver (AWS::AppSync::Resolver), \
             lacks OrdersApiQueryOrdersResolver (AWS::AppSync::Resolver), \
             lacks OrdersApiMutationPlaceOrderResolver (AWS::AppSync::Resolver), \
             lacks OrdersApiQueryGetProductResolver (AWS::AppSync::Resolver), \
             lacks OrdersApiQueryListProductsResolver (AWS::AppSync::Resolver), \
             lacks OrdersApiQuerySyncProductsResolver (AWS::AppSync::Resolver), \
             lacks OrdersApiQueryProductsByCategoryResolver (AWS::AppSync::Resolver), \
             lacks OrdersApiMutationCreateProductResolver (AWS::AppSync::Resolver), \
             lacks OrdersApiMutationUpdateProductResolver (AWS::AppSync::Resolver), \
             lacks OrdersApiMutationDeleteProductResolver (AWS::AppSync::Resolver), \
             lacks OrdersApiProductReviewsResolver (AWS::AppSync::Resolver), \
             lacks OrdersApiQueryGetReviewResolver (AWS::AppSync::Resolver), \
             lacks OrdersApiQueryListReviewsResolver (AWS::AppSync::Resolver), \
             lacks OrdersApiQuerySyncReviewsResolver (AWS::AppSync::Resolver), \
             lacks OrdersApiMutationCreateReviewResolver (AWS::AppSync::Resolver), \
             lacks OrdersApiMutationUpdateReviewResolver (AWS::AppSync::Resolver), \
             lacks OrdersApiMutationDeleteReviewResolver (AWS::AppSync::Resolver), \
             lacks OrdersApiReviewProductResolver (AWS::AppSync::Resolver)",
            "order_fulfillment: rejected: HTTP 500",
            "order_web: lacks OrderWeb (AWS::Amplify::App), \
             lacks OrderWebBranchMain (AWS::Amplify::Branch), \
             lacks OrderWebBranchDev (AWS::Amplify::Branch), \
             lacks OrderWebDomain (AWS::Amplify::Domain), \
             lacks OrderWebAlarm5xxErrors (AWS::CloudWatch::Alarm), \
             lacks OrderWebAlarmLatency (AWS::CloudWatch::Alarm)",
            "retry_chain: CREATE_COMPLETE",
        ]
    );
}
