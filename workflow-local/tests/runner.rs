//! The Rust API: typed mocks, call counts, retries on the virtual clock, catchers, and the
//! history an execution writes.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use workflow_local::{Runner, Status, TaskError, TaskOutcome};

#[derive(Deserialize)]
struct ChargeIn {
    total: f64,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct ChargeOut {
    charged: f64,
}

const CHARGE: &str = r#"{
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Retry": [{"ErrorEquals": ["Card.Declined"], "IntervalSeconds": 10, "MaxAttempts": 2}],
      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Refused"}],
      "End": true
    },
    "Refused": {"Type": "Pass", "End": true}
  }
}"#;

#[test]
fn a_typed_mock_answers_the_task() {
    let mut runner = Runner::from_definition(CHARGE)
        .unwrap()
        .mock("Charge", |order: ChargeIn| {
            Ok(ChargeOut {
                charged: order.total,
            })
        });
    let execution = runner.run(json!({"total": 12.5}));
    assert_eq!(execution.status, Status::Succeeded);
    // `lambda:invoke` returns the function's result under `Payload`, as AWS does.
    let output = execution.output.clone().unwrap_or_default();
    assert_eq!(output["StatusCode"], 200);
    assert_eq!(
        serde_json::from_value::<ChargeOut>(output["Payload"].clone()).unwrap(),
        ChargeOut { charged: 12.5 }
    );
    assert_eq!(execution.states_entered(), ["Charge"]);
    assert_eq!(
        execution.history.event_types(),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
}

#[test]
fn retries_wait_on_the_virtual_clock_and_the_catcher_takes_the_last_failure() {
    let mut runner = Runner::from_definition(CHARGE)
        .unwrap()
        .starting_at("2026-01-01T00:00:00Z");
    runner.mocks_mut().on_state("Charge", |call| {
        TaskOutcome::throw("Card.Declined", format!("attempt {}", call.call_count))
    });
    let started = std::time::Instant::now();
    let execution = runner.run(json!({"total": 1}));
    assert!(started.elapsed().as_secs() < 5, "waits take no wall time");
    assert_eq!(execution.status, Status::Succeeded);
    assert_eq!(
        execution.output,
        Some(json!({"total": 1, "error": {"Error": "Card.Declined", "Cause": "attempt 2"}}))
    );
    let failed: Vec<_> = execution
        .history
        .events()
        .iter()
        .filter(|e| e.event_type == "TaskFailed")
        .map(|e| e.timestamp.millis().unwrap())
        .collect();
    // Intervals of 10 s then 20 s (backoff rate 2.0 by default).
    assert_eq!(failed.len(), 3);
    assert_eq!(failed[1] - failed[0], 10_000);
    assert_eq!(failed[2] - failed[1], 20_000);
}

#[test]
fn a_typed_mock_can_fail_with_an_error_and_cause() {
    let definition = r#"{"StartAt": "Charge", "States": {
        "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}"#;
    let mut runner = Runner::from_definition(definition).unwrap().mock(
        "Charge",
        |_: Value| -> Result<Value, TaskError> {
            Err(TaskError::new("Card.Declined", "insufficient funds"))
        },
    );
    let execution = runner.run(json!({}));
    assert_eq!(execution.status, Status::Failed);
    assert_eq!(execution.error.as_deref(), Some("Card.Declined"));
    assert_eq!(execution.cause.as_deref(), Some("insufficient funds"));
}

#[test]
fn an_unmocked_task_fails_naming_the_state_and_resource() {
    let definition = r#"{"StartAt": "Charge", "States": {
        "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}"#;
    let execution = Runner::from_definition(definition).unwrap().run(json!({}));
    assert_eq!(execution.status, Status::Failed);
    let cause = execution.cause.unwrap_or_default();
    assert!(
        cause.contains("'Charge'") && cause.contains("lambda:invoke"),
        "{cause}"
    );
}

#[test]
fn an_endless_loop_ends_at_the_history_limit() {
    let definition = r#"{"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "Done"}],
              "Default": "A"},
        "Done": {"Type": "Succeed"}}}"#;
    let execution = Runner::from_definition(definition).unwrap().run(json!({}));
    assert_eq!(execution.status, Status::Failed);
    assert_eq!(
        execution.history.events().len(),
        workflow_local::MAX_HISTORY_EVENTS
    );
}

#[test]
fn map_and_parallel_run_every_item_and_branch() {
    let definition = r#"{"StartAt": "Fan", "States": {
        "Fan": {"Type": "Parallel", "Branches": [
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
                "ItemProcessor": {"StartAt": "Double", "States": {
                    "Double": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($, $)"}, "End": true}}},
                "End": true}}},
            {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 3600, "End": true}}}
        ], "End": true}}}"#;
    let execution = Runner::from_definition(definition)
        .unwrap()
        .run(json!({"items": [1, 2]}));
    assert_eq!(execution.status, Status::Succeeded);
    assert_eq!(
        execution.output_as::<Vec<Value>>().unwrap(),
        vec![json!([{"v": 2}, {"v": 4}]), json!({"items": [1, 2]})]
    );
    let history = execution.history.to_json();
    let events = history["events"].as_array().unwrap();
    assert_eq!(events[0]["type"], "ExecutionStarted");
    assert!(events[0]["executionStartedEventDetails"]["input"].is_string());
}

#[test]
fn item_batcher_groups_selected_items() {
    let definition = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map",
        "ItemSelector": {"v.$": "$$.Map.Item.Value"},
        "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"tag": "t"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Count", "States": {"Count": {"Type": "Pass", "End": true}}},
        "End": true}}}"#;
    let execution = Runner::from_definition(definition)
        .unwrap()
        .run(json!([1, 2, 3]));
    assert_eq!(
        execution.output,
        Some(json!([
            {"BatchInput": {"tag": "t"}, "Items": [{"v": 1}, {"v": 2}]},
            {"BatchInput": {"tag": "t"}, "Items": [{"v": 3}]}
        ]))
    );
}

#[test]
fn a_known_machine_runs_as_a_nested_execution() {
    let child = r#"{"StartAt": "Hello", "States": {"Hello": {"Type": "Pass",
        "Parameters": {"greeting.$": "States.Format('hello {}', $.who)"}, "End": true}}}"#;
    let parent = r#"{"StartAt": "Call", "States": {"Call": {"Type": "Task",
        "Resource": "arn:aws:states:::states:startExecution.sync:2",
        "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:Child",
                       "Input": {"who.$": "$.name"}},
        "OutputPath": "$.Output", "End": true}}}"#;
    let report = workflow_core::check(child, workflow_core::Format::Json, &Default::default());
    let mut runner = Runner::from_definition(parent)
        .unwrap()
        .with_machine("Child", report.validated().unwrap());
    let execution = runner.run(json!({"name": "ada"}));
    assert_eq!(execution.status, Status::Succeeded, "{execution:?}");
    assert_eq!(execution.output, Some(json!({"greeting": "hello ada"})));
}

#[test]
fn a_machine_that_starts_itself_ends() {
    let looping = r#"{"StartAt": "Again", "States": {"Again": {"Type": "Task",
        "Resource": "arn:aws:states:::states:startExecution.sync:2",
        "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:Loop"},
        "End": true}}}"#;
    let report = workflow_core::check(looping, workflow_core::Format::Json, &Default::default());
    let mut runner = Runner::from_definition(looping)
        .unwrap()
        .with_machine("Loop", report.validated().unwrap());
    assert_eq!(runner.run(json!({})).status, Status::Failed);
}

#[test]
fn branches_and_iterations_run_side_by_side_on_the_clock() {
    let parallel = r#"{"TimeoutSeconds": 90, "StartAt": "Both", "States": {"Both": {"Type": "Parallel",
        "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 60, "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 60, "End": true}}}],
        "End": true}}}"#;
    let execution = Runner::from_definition(parallel).unwrap().run(json!({}));
    assert_eq!(execution.status, Status::Succeeded);

    let elapsed = |max_concurrency: u32| {
        let map = format!(
            r#"{{"StartAt": "Each", "States": {{"Each": {{"Type": "Map", "MaxConcurrency": {max_concurrency},
                "ItemProcessor": {{"StartAt": "W", "States": {{"W": {{"Type": "Wait", "Seconds": 10, "End": true}}}}}},
                "End": true}}}}}}"#
        );
        let execution = Runner::from_definition(&map).unwrap().run(json!([1, 2, 3]));
        let events = &execution.history.events();
        events.last().unwrap().timestamp.millis().unwrap() - events[0].timestamp.millis().unwrap()
    };
    assert_eq!(elapsed(1), 30_000);
    assert_eq!(elapsed(2), 20_000);
    assert_eq!(elapsed(0), 10_000);
}

#[test]
fn the_history_reads_back_as_get_execution_history() {
    let mut runner = Runner::from_definition(CHARGE).unwrap();
    runner
        .mocks_mut()
        .on_state("Charge", |_| TaskOutcome::throw("Card.Declined", "no"));
    let execution = runner.run(json!({"total": 1}));
    let text = serde_json::to_string(&execution.history.to_json()).unwrap();
    let history = workflow_core::render::ExecutionHistory::from_json(&text).unwrap();
    assert!(history.ended());
    let states = history.states();
    assert_eq!(states["Charge"].retries, 2);
    assert!(states.contains_key("Refused"));
}

#[test]
fn extreme_numbers_do_not_overflow() {
    let definition = r#"{"StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "TimeoutSecondsPath": "$.t", "Retry": [{"ErrorEquals": ["States.Timeout"],
            "IntervalSeconds": 99999999, "BackoffRate": 1e300, "MaxAttempts": 3}],
        "End": true}}}"#;
    let mut runner = Runner::from_definition(definition).unwrap();
    runner.mocks_mut().otherwise(|_| TaskOutcome::Timeout);
    let execution = runner.run(json!({"t": 9_000_000_000_000_000_000u64}));
    assert_eq!(execution.status, Status::Failed);
}

#[test]
fn sequences_and_resource_mocks_answer_by_call() {
    let definition = r#"{"StartAt": "Send", "States": {
        "Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                 "Retry": [{"ErrorEquals": ["Busy"], "MaxAttempts": 5}], "Next": "Store"},
        "Store": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "End": true}}}"#;
    let mut runner = Runner::from_definition(definition)
        .unwrap()
        .mock_sequence(
            "Send",
            vec![
                TaskOutcome::throw("Busy", "1"),
                TaskOutcome::throw("Busy", "2"),
                TaskOutcome::Return(json!({"MessageId": "m"})),
            ],
        )
        .mock_resource(
            "arn:aws:states:::dynamodb:putItem",
            |message: Value| -> Result<Value, TaskError> { Ok(json!({"stored": message})) },
        );
    let execution = runner.run(json!({}));
    assert_eq!(
        execution.output,
        Some(json!({"stored": {"MessageId": "m"}}))
    );
    let failures = execution
        .history
        .event_types()
        .iter()
        .filter(|t| **t == "TaskFailed")
        .count();
    assert_eq!(failures, 2);
}

#[test]
fn a_callback_task_waits_until_its_token_is_completed() {
    let definition = r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "q", "MessageBody": {"Token.$": "$$.Task.Token"}},
        "End": true}}}"#;
    let mut runner = Runner::from_definition(definition).unwrap();
    let waiting = runner.run(json!({}));
    assert_eq!(waiting.status, Status::Running);
    let pending = waiting.pending.expect("a pending task");
    assert_eq!(pending.state, "Ask");
    assert_eq!(
        pending.parameters["MessageBody"]["Token"],
        pending.token.as_str()
    );
    assert_eq!(waiting.history.event_types().last(), Some(&"TaskSubmitted"));

    runner.complete_task(
        &pending.token,
        TaskOutcome::Return(json!({"approved": true})),
    );
    let done = runner.run(json!({}));
    assert_eq!(done.status, Status::Succeeded);
    assert_eq!(done.output, Some(json!({"approved": true})));
}

#[test]
fn a_sync_task_has_a_token_and_waits_for_its_job_not_for_the_token() {
    // AWS hands `$$.Task.Token` to a `.sync` task as well (a recorded
    // `startExecution.sync` passes it to the child it starts).
    let definition = r#"{"StartAt": "Start", "States": {"Start": {"Type": "Task",
        "Resource": "arn:aws:states:::states:startExecution.sync",
        "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:Child",
                       "Input": {"token.$": "$$.Task.Token"}},
        "End": true}}}"#;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let recorded = seen.clone();
    let mut runner =
        Runner::from_definition(definition)
            .unwrap()
            .mock("Start", move |request: Value| {
                *recorded.lock().unwrap() = request["Input"]["token"].as_str().unwrap_or("").into();
                Ok(json!({"Status": "SUCCEEDED"}))
            });
    let execution = runner.run(json!({}));
    assert_eq!(execution.status, Status::Succeeded, "{:?}", execution.cause);
    assert!(execution.pending.is_none());
    assert!(
        !seen.lock().unwrap().is_empty(),
        "the child was given no token"
    );
}

#[test]
fn parameters_that_break_an_integrations_format_fail_before_the_task_starts() {
    // API Gateway takes each header as a list of values; AWS refuses a plain string before it
    // calls, with States.Runtime and no task event (a recorded execution).
    let definition = r#"{"StartAt": "Call", "States": {"Call": {"Type": "Task",
        "Resource": "arn:aws:states:::apigateway:invoke",
        "Parameters": {"ApiEndpoint": "abc.execute-api.us-east-1.amazonaws.com", "Method": "GET",
                       "Headers.$": "$.headers"},
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
        "End": true},
        "Caught": {"Type": "Pass", "End": true}}}"#;
    let mut runner = Runner::from_definition(definition)
        .unwrap()
        .mock("Call", |_: Value| Ok(json!({"StatusCode": 200})));
    let refused = runner.run(json!({"headers": {"x-trace": "one"}}));
    assert_eq!(refused.status, Status::Failed);
    assert_eq!(refused.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        refused.cause.as_deref(),
        Some(
            "An error occurred while executing the state 'Call' (entered at the event id #2). \
             The Parameters '{\"ApiEndpoint\":\"abc.execute-api.us-east-1.amazonaws.com\",\
             \"Method\":\"GET\",\"Headers\":{\"x-trace\":\"one\"}}' could not be used to start \
             the Task: [The value of the field 'Headers' has an invalid format]"
        )
    );
    assert_eq!(
        refused.history.event_types(),
        ["ExecutionStarted", "TaskStateEntered", "ExecutionFailed"]
    );
    let called = runner.run(json!({"headers": {"x-trace": ["one", "two"]}}));
    assert_eq!(called.status, Status::Succeeded, "{:?}", called.cause);
    assert_eq!(called.states_entered(), ["Call"]);
}

#[test]
fn typed_mocks_answer_in_the_shape_aws_returns() {
    let definition = r#"{"StartAt": "Get", "States": {
        "Get": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
                "Parameters": {"TableName": "Orders", "Key": {"id": {"S.$": "$.id"}}},
                "ResultSelector": {"total.$": "$.Item.total.N"}, "ResultPath": "$.order",
                "Next": "Etl"},
        "Etl": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync",
                "Parameters": {"JobName": "nightly-etl"}, "ResultPath": "$.run", "Next": "Child"},
        "Child": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                  "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child", "Input": {}},
                  "ResultSelector": {"status.$": "$.Status", "out.$": "$.Output"},
                  "ResultPath": "$.child", "Next": "Send"},
        "Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                 "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "MessageBody": "hi"},
                 "ResultPath": "$.sent", "End": true}}}"#;
    let execution = Runner::from_definition(definition)
        .unwrap()
        .mock_resource("arn:aws:states:::dynamodb:getItem", |_: Value| {
            Ok(json!({"id": {"S": "1"}, "total": {"N": "40"}}))
        })
        .mock("Etl", |_: Value| Ok(json!({"Id": "jr_1"})))
        .mock("Child", |_: Value| Ok(json!({"shipped": true})))
        .mock("Send", |_: Value| Ok(()))
        .run(json!({"id": "1"}));
    assert_eq!(execution.status, Status::Succeeded, "{:?}", execution.cause);
    let output = execution.output.unwrap();
    assert_eq!(output["order"], json!({"total": "40"}));
    assert_eq!(output["run"]["Id"], "jr_1");
    assert_eq!(output["run"]["JobRunState"], "SUCCEEDED");
    assert_eq!(
        output["child"],
        json!({"status": "SUCCEEDED", "out": {"shipped": true}})
    );
    assert!(output["sent"]["MessageId"].is_string());
    assert!(output["sent"]["MD5OfMessageBody"].is_string());
}

/// The charge machine answered as its worker answered: declined once, then charged.
fn charge_twice() -> Runner {
    let mut calls = 0;
    Runner::from_definition(CHARGE)
        .unwrap()
        .mock("Charge", move |order: ChargeIn| {
            calls += 1;
            if calls == 1 {
                Err(TaskError::new("Card.Declined", "try again"))
            } else {
                Ok(ChargeOut {
                    charged: order.total,
                })
            }
        })
}

fn times(execution: &workflow_local::Execution) -> Vec<i64> {
    execution
        .history
        .events()
        .iter()
        .map(|e| e.timestamp.millis().unwrap())
        .collect()
}

#[test]
fn a_resumed_execution_writes_its_recorded_events_at_their_times() {
    // The first run, on the virtual clock: the retry waits 10 s of virtual time.
    let first = charge_twice().run(json!({"total": 3}));
    assert_eq!(first.status, Status::Succeeded);
    let recorded = times(&first);
    let failed_at = first
        .history
        .events()
        .iter()
        .position(|e| e.event_type == "TaskFailed")
        .unwrap();
    assert_eq!(recorded[failed_at + 1] - recorded[failed_at], 10_000);

    // Resumed on the wall clock with every event recorded: the same history, the same
    // times, and no wall time waited (the recorded times are in 2026-01-01's past).
    let mut resumed = charge_twice();
    resumed.config_mut().real_time = true;
    resumed.config_mut().replayed_times_ms = recorded.clone();
    let again = resumed.run(json!({"total": 3}));
    assert_eq!(again.history.event_types(), first.history.event_types());
    assert_eq!(times(&again), recorded);

    // Resumed with the events up to the failure only: those keep their times, and the
    // retry's wait (long over on the wall clock) goes on at the wall clock's time.
    let before = workflow_local::clock::wall_ms();
    let mut resumed = charge_twice();
    resumed.config_mut().real_time = true;
    resumed.config_mut().replayed_times_ms = recorded[..=failed_at].to_vec();
    let partly = resumed.run(json!({"total": 3}));
    assert_eq!(partly.status, Status::Succeeded);
    let partly_times = times(&partly);
    assert_eq!(partly_times[..=failed_at], recorded[..=failed_at]);
    assert!(partly_times[failed_at + 1..].iter().all(|t| *t >= before));
}

/// A Map that nothing reads the input of again hands its items over without copying them; one
/// with a retrier (which would read the input again) copies them. Both write the same
/// execution, event for event.
#[test]
fn a_map_that_takes_its_items_runs_as_one_that_copies_them() {
    let map = |retry: Value| {
        json!({"StartAt": "Each", "States": {
            "Each": {"Type": "Map", "ItemsPath": "$.order.lines", "Retry": retry,
                     "ItemProcessor": {"StartAt": "Price", "States": {"Price": {
                         "Type": "Pass", "Parameters": {"sku.$": "$.sku", "priced": true},
                         "ResultPath": "$.price", "End": true}}},
                     "Next": "Done"},
            "Done": {"Type": "Pass", "Parameters": {"count.$": "States.ArrayLength($)",
                                                    "lines.$": "$"}, "End": true}}})
        .to_string()
    };
    let input = json!({"order": {"id": "o-1", "lines": [{"sku": "a"}, {"sku": "b"}, {"sku": "c"}]},
                       "note": "keep"});
    let taken = Runner::from_definition(&map(json!([])))
        .unwrap()
        .run(input.clone());
    let copied = Runner::from_definition(&map(json!([{"ErrorEquals": ["Never.Thrown"]}])))
        .unwrap()
        .run(input);
    assert_eq!(taken.status, Status::Succeeded);
    assert_eq!(taken.output, copied.output);
    assert_eq!(taken.output.as_ref().unwrap()["count"], 3);
    assert_eq!(
        taken.output.as_ref().unwrap()["lines"][2],
        json!({"sku": "c", "price": {"sku": "c", "priced": true}})
    );
    assert_eq!(taken.history.to_json(), copied.history.to_json());
}
