//! Executions on moto's interpreter: Pass, Choice, Wait, Parallel, Map, Retry, Catch and Fail
//! paths with their outputs; stop; list; idempotent start; the history JSON round trip.

use std::time::Duration;

use serde_json::{Value, json};
use workflow_deploy::{Deployer, Error, ExecutionInfo, history_from_json, history_to_json};

use crate::common::Endpoint;
use crate::common::deploy_machine;

async fn run(deployer: &Deployer, arn: &str, input: Value) -> (String, ExecutionInfo) {
    let execution = deployer
        .start_execution(arn, &input.to_string(), None)
        .await
        .expect("start");
    let mut polls = 0;
    let info = deployer
        .wait_with_progress(
            &execution,
            Duration::from_millis(50),
            Duration::from_secs(30),
            |_| polls += 1,
        )
        .await
        .expect("wait");
    assert!(polls >= 1);
    (execution, info)
}

fn output(info: &ExecutionInfo) -> Value {
    serde_json::from_str(info.output.as_deref().expect("output")).unwrap()
}

const FLOW: &str = r#"{
  "StartAt": "Fanout",
  "States": {
    "Fanout": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "Double", "States": {
          "Double": {"Type": "Map", "ItemsPath": "$.items",
            "ItemProcessor": {"StartAt": "Twice", "States": {
              "Twice": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($, $)"}, "End": true}}},
            "End": true}}},
        {"StartAt": "Pause", "States": {
          "Pause": {"Type": "Wait", "Seconds": 1, "Next": "Label"},
          "Label": {"Type": "Pass", "Result": "waited", "End": true}}}
      ],
      "Next": "Decide"
    },
    "Decide": {
      "Type": "Choice",
      "Choices": [{"Variable": "$[1]", "StringEquals": "waited", "Next": "Done"}],
      "Default": "Broken"
    },
    "Broken": {"Type": "Fail", "Error": "Unexpected", "Cause": "the Wait branch did not finish"},
    "Done": {"Type": "Pass", "Parameters": {"doubled.$": "$[0]"}, "End": true}
  }
}"#;

const RECOVER: &str = r#"{
  "StartAt": "Call",
  "States": {
    "Call": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:missing"},
      "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 1}],
      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.failure", "Next": "Recovered"}],
      "End": true
    },
    "Recovered": {"Type": "Pass", "Result": "recovered", "ResultPath": "$.status", "End": true}
  }
}"#;

const FAIL: &str = r#"{
  "StartAt": "Stop",
  "States": {"Stop": {"Type": "Fail", "Error": "OrderRejected", "Cause": "out of stock"}}
}"#;

const SLOW: &str = r#"{
  "StartAt": "Sleep",
  "States": {"Sleep": {"Type": "Wait", "Seconds": 60, "End": true}}
}"#;

on_both!(parallel_map_wait_choice_run_with_outputs_and_history);
async fn parallel_map_wait_choice_run_with_outputs_and_history(server: &impl Endpoint) {
    let deployer = server.deployer();
    let arn = deploy_machine(&deployer, "flow", FLOW).await;
    let (execution, info) = run(&deployer, &arn, json!({"items": [1, 2, 3]})).await;
    assert_eq!(info.status, "SUCCEEDED", "{info}");
    assert_eq!(
        output(&info),
        json!({"doubled": [{"v": 2}, {"v": 4}, {"v": 6}]})
    );
    eprintln!("{info}");

    let history = deployer.history(&execution).await.expect("history");
    let types: Vec<&str> = history.iter().map(|e| e.event_type.as_str()).collect();
    for kind in [
        "ParallelStateStarted",
        "MapStateStarted",
        "MapIterationStarted",
        "WaitStateEntered",
        "ChoiceStateEntered",
    ] {
        assert!(types.contains(&kind), "{kind} missing from {types:?}");
    }
    let map_started = history
        .iter()
        .find(|e| e.event_type == "MapStateStarted")
        .unwrap();
    assert_eq!(map_started.state_name.as_deref(), Some("Double"));
    let entered = history
        .iter()
        .find(|e| e.event_type == "PassStateEntered" && e.state_name.as_deref() == Some("Done"))
        .expect("Done entered");
    assert!(entered.input.is_some());

    // The JSON of GetExecutionHistory round-trips to the same events.
    let text = history_to_json(&history);
    let parsed: Value = serde_json::from_str(&text).unwrap();
    let first = &parsed["events"][0];
    assert_eq!(first["type"], "ExecutionStarted");
    assert_eq!(first["id"], 1);
    assert_eq!(first["previousEventId"], 0);
    assert!(first["timestamp"].is_f64(), "{first}");
    assert!(first["executionStartedEventDetails"]["input"].is_string());
    assert!(text.contains("\"stateEnteredEventDetails\""));
    assert_eq!(history_from_json(&text).expect("read back"), history);
}

on_both!(retry_catch_fail_stop_list_and_idempotent_start);
async fn retry_catch_fail_stop_list_and_idempotent_start(server: &impl Endpoint) {
    let deployer = server.deployer();

    let recover = deploy_machine(&deployer, "recover", RECOVER).await;
    let (execution, info) = run(&deployer, &recover, json!({"order": 7})).await;
    assert_eq!(info.status, "SUCCEEDED", "{info}");
    let out = output(&info);
    assert_eq!(out["order"], 7);
    assert_eq!(out["status"], "recovered");
    assert!(out["failure"]["Error"].is_string(), "{out}");
    let history = deployer.history(&execution).await.unwrap();
    let failures: Vec<_> = history
        .iter()
        .filter(|e| e.event_type == "TaskFailed")
        .collect();
    assert_eq!(failures.len(), 2, "the first attempt and one retry");
    assert!(failures.iter().all(|e| e.error.is_some()), "{failures:?}");
    assert!(
        failures
            .iter()
            .all(|e| e.state_name.as_deref() == Some("Call")),
        "{failures:?}"
    );

    let fail = deploy_machine(&deployer, "fail", FAIL).await;
    let (_, info) = run(&deployer, &fail, json!({})).await;
    assert_eq!(info.status, "FAILED");
    assert_eq!(info.error.as_deref(), Some("OrderRejected"));
    assert_eq!(info.cause.as_deref(), Some("out of stock"));
    let printed = info.to_string();
    assert!(
        printed.contains("error: OrderRejected") && printed.contains("cause: out of stock"),
        "{printed}"
    );

    let slow = deploy_machine(&deployer, "slow", SLOW).await;
    let first = deployer
        .start_execution(&slow, r#"{"n": 1}"#, Some("nightly"))
        .await
        .expect("start");
    let same = deployer
        .start_execution(&slow, r#"{ "n" : 1 }"#, Some("nightly"))
        .await
        .expect("same name and input");
    assert_eq!(same, first);
    let other = deployer
        .start_execution(&slow, r#"{"n": 2}"#, Some("nightly"))
        .await
        .expect_err("same name, other input");
    assert!(matches!(other, Error::ExecutionExists { .. }), "{other:?}");
    let running = deployer
        .list_executions(&slow, Some("RUNNING"))
        .await
        .unwrap();
    assert_eq!(running.len(), 1);
    assert_eq!(running[0].name, "nightly");
    deployer
        .stop_execution(&first, Some("Cancelled"), Some("by the test"))
        .await
        .expect("stop");
    // moto's interpreter thread notices the stop on its next step: poll, at most 10 s.
    let mut stopped = deployer.describe_execution(&first).await.unwrap();
    for _ in 0..100 {
        if stopped.status != "RUNNING" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        stopped = deployer.describe_execution(&first).await.unwrap();
    }
    assert_eq!(stopped.status, "ABORTED", "{stopped}");
    assert_eq!(
        deployer.list_executions(&slow, None).await.unwrap().len(),
        1
    );
}
