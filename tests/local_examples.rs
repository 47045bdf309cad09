//! Every example workflow runs in process with mocked tasks (`Workflow::local()`): each test
//! pins the states it enters and its output, including the callback (`.waitForTaskToken`),
//! retry and catch paths of the examples that have them.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use workflow::Workflow;
use workflow::local::{Execution, Status, TaskError, TaskOutcome};

#[allow(dead_code)]
#[path = "../examples/activity_worker.rs"]
mod activity_worker;
#[allow(dead_code)]
#[path = "../examples/catch_chain.rs"]
mod catch_chain;
#[allow(dead_code)]
#[path = "../examples/data_processing.rs"]
mod data_processing;
#[allow(dead_code)]
#[path = "../examples/human_approval.rs"]
mod human_approval;
#[allow(dead_code)]
#[path = "../examples/lambda_invoke.rs"]
mod lambda_invoke;
#[allow(dead_code)]
#[path = "../examples/shared/order_workflow.rs"]
mod order_workflow;
#[allow(dead_code)]
#[path = "../examples/retry_chain.rs"]
mod retry_chain;

use activity_worker::ActivityWorker;
use catch_chain::CatchChain;
use data_processing::DataProcessing;
use human_approval::HumanApproval;
use lambda_invoke::LambdaInvoke;
use order_workflow::{Item, Order, OrderFulfillment};
use retry_chain::RetryChain;

/// The seconds from the execution's start to each event of `event_type`.
fn seconds_of(execution: &Execution, event_type: &str) -> Vec<i64> {
    let start = execution.history.events()[0].timestamp.millis().unwrap();
    execution
        .history
        .events()
        .iter()
        .filter(|e| e.event_type == event_type)
        .map(|e| (e.timestamp.millis().unwrap() - start) / 1000)
        .collect()
}

fn count(execution: &Execution, event_type: &str) -> usize {
    seconds_of(execution, event_type).len()
}

#[derive(Deserialize)]
struct Hello {
    #[serde(rename = "Input")]
    input: Value,
}

#[test]
fn lambda_invoke_returns_the_function_result() {
    let execution = LambdaInvoke::local()
        .mock("Invoke", |event: Hello| {
            Ok(json!({"greeting": format!("hello {}", event.input["name"].as_str().unwrap_or("?"))}))
        })
        .run(json!({"name": "Ada"}));
    assert_eq!(execution.status, Status::Succeeded);
    assert_eq!(execution.states_entered(), ["Invoke"]);
    let output = execution.output.unwrap_or_default();
    assert_eq!(output["Payload"], json!({"greeting": "hello Ada"}));
    assert_eq!(output["StatusCode"], 200);
}

#[derive(Deserialize)]
struct Charge {
    #[serde(rename = "Input")]
    input: Value,
}

#[derive(Serialize)]
struct Charged {
    charged: f64,
}

#[test]
fn retry_chain_retries_each_error_on_the_virtual_clock() {
    let mut calls = 0;
    let execution = RetryChain::local()
        .mock("Charge", move |charge: Charge| {
            calls += 1;
            match calls {
                1 | 2 => Err(TaskError::new("CustomerError", "card declined")),
                3 => Err(TaskError::new("States.TaskFailed", "lambda crashed")),
                _ => Ok(Charged {
                    charged: charge.input["total"].as_f64().unwrap_or_default(),
                }),
            }
        })
        .run(json!({"total": 20}));
    assert_eq!(execution.status, Status::Succeeded);
    assert_eq!(execution.states_entered(), ["Charge"]);
    assert_eq!(
        execution.output.clone().unwrap_or_default()["Payload"],
        json!({"charged": 20.0})
    );
    // CustomerError: after 1 s, then 2 s; States.TaskFailed has its own counter: after 1 s.
    assert_eq!(seconds_of(&execution, "TaskFailed"), [0, 1, 3]);
    assert_eq!(seconds_of(&execution, "TaskSucceeded"), [4]);
}

#[test]
fn retry_chain_fails_once_the_retries_are_spent() {
    let execution = RetryChain::local()
        .mock("Charge", |_: Value| -> Result<Value, TaskError> {
            Err(TaskError::new("CustomerError", "card declined"))
        })
        .run(json!({}));
    assert_eq!(execution.status, Status::Failed);
    assert_eq!(execution.error.as_deref(), Some("CustomerError"));
    assert_eq!(execution.cause.as_deref(), Some("card declined"));
    // The first attempt and two retries.
    assert_eq!(count(&execution, "TaskFailed"), 3);
}

#[test]
fn catch_chain_takes_the_catcher_of_the_error() {
    let run = |error: &'static str| {
        CatchChain::local()
            .mock("Charge", move |_: Value| -> Result<Value, TaskError> {
                Err(TaskError::new(error, "boom"))
            })
            .mock("Recover", |request: Value| {
                Ok(json!({"recovered": request}))
            })
            .run(json!({"order": "o-1"}))
    };

    let custom = run("CustomError");
    assert_eq!(custom.status, Status::Succeeded);
    assert_eq!(custom.states_entered(), ["Charge", "CustomErrorFallback"]);
    assert_eq!(
        custom.output,
        Some(json!(
            "This is a fallback from a custom Lambda function exception"
        ))
    );

    let failed = run("States.TaskFailed");
    assert_eq!(failed.states_entered(), ["Charge", "TaskFailedFallback"]);
    assert_eq!(
        failed.output,
        Some(json!("This is a fallback from any task failure"))
    );

    // `States.TaskFailed` matches every task error but a timeout.
    let other = run("Unexpected");
    assert_eq!(other.states_entered(), ["Charge", "TaskFailedFallback"]);

    let timed_out = CatchChain::local()
        .mock_sequence("Charge", vec![TaskOutcome::Timeout])
        .mock("Recover", |request: Value| {
            Ok(json!({"recovered": request}))
        })
        .run(json!({"order": "o-1"}));
    assert_eq!(timed_out.status, Status::Succeeded);
    assert_eq!(timed_out.states_entered(), ["Charge", "Recover"]);
    let recovered = timed_out.output.unwrap_or_default()["Payload"]["recovered"].clone();
    assert_eq!(recovered["Error"]["Error"], "States.Timeout");
    assert_eq!(recovered["Input"]["order"], "o-1");
    assert_eq!(recovered["Input"]["error"], recovered["Error"]);
}

#[test]
fn catch_chain_without_an_error_ends_at_the_task() {
    let execution = CatchChain::local()
        .mock("Charge", |charge: Charge| {
            Ok(json!({"charged": charge.input}))
        })
        .run(json!({"order": "o-2"}));
    assert_eq!(execution.states_entered(), ["Charge"]);
    assert_eq!(
        execution.output.unwrap_or_default()["Payload"],
        json!({"charged": {"order": "o-2"}})
    );
}

/// The message the approval request sends to the queue.
#[derive(Deserialize)]
struct ApprovalMessage {
    #[serde(rename = "QueueUrl")]
    queue_url: String,
    #[serde(rename = "MessageBody")]
    body: Value,
}

#[test]
fn human_approval_waits_for_the_task_token() {
    let mut runner = HumanApproval::local();
    let waiting = runner.run(json!({"expense": 120}));
    assert_eq!(waiting.status, Status::Running);
    assert_eq!(waiting.states_entered(), ["RequestApproval"]);
    let pending = waiting.pending.expect("the approval waits for its token");
    assert_eq!(pending.state, "RequestApproval");
    let message: ApprovalMessage = serde_json::from_value(pending.parameters).unwrap();
    assert_eq!(message.queue_url, "${ApprovalQueueUrl}");
    assert_eq!(message.body["Request"], json!({"expense": 120}));
    assert_eq!(message.body["TaskToken"], pending.token.as_str());

    // The approver answers with SendTaskSuccess.
    runner.complete_task(
        &pending.token,
        TaskOutcome::Return(json!({"approved": true})),
    );
    let approved = runner.run(json!({"expense": 120}));
    assert_eq!(approved.status, Status::Succeeded);
    assert_eq!(
        approved.states_entered(),
        ["RequestApproval", "Decide", "Approved"]
    );
    assert_eq!(
        approved.output,
        Some(json!({"expense": 120, "approval": {"approved": true}}))
    );
}

#[test]
fn human_approval_rejected_fails() {
    let mut runner = HumanApproval::local();
    let token = runner.run(json!({})).pending.unwrap().token;
    runner.complete_task(&token, TaskOutcome::Return(json!({"approved": false})));
    let rejected = runner.run(json!({}));
    assert_eq!(rejected.status, Status::Failed);
    assert_eq!(
        rejected.states_entered(),
        ["RequestApproval", "Decide", "Rejected"]
    );
    assert_eq!(rejected.error.as_deref(), Some("Rejected"));
    assert_eq!(rejected.cause.as_deref(), Some("the approver said no"));

    // Nobody answers within the 7 days: SendTaskFailure never comes, the task times out.
    let mut runner = HumanApproval::local();
    let token = runner.run(json!({})).pending.unwrap().token;
    runner.complete_task(&token, TaskOutcome::Timeout);
    let timed_out = runner.run(json!({}));
    assert_eq!(timed_out.status, Status::Failed);
    assert_eq!(timed_out.error.as_deref(), Some("States.Timeout"));
}

#[test]
fn activity_worker_serves_the_activity_with_the_deployed_handler() {
    // `review` is the async handler `worker --activity ReviewActivity` runs against AWS.
    let mut runner = ActivityWorker::local().activity("DoWork", activity_worker::review);
    let approved = runner.run(json!({"document": "contract.pdf"}));
    assert_eq!(approved.status, Status::Succeeded);
    assert_eq!(approved.states_entered(), ["DoWork"]);
    assert_eq!(
        approved.output,
        Some(json!({"document": "contract.pdf", "approved": true}))
    );

    let refused = runner.run(json!({"document": "  "}));
    assert_eq!(refused.status, Status::Failed);
    assert_eq!(refused.error.as_deref(), Some("EmptyDocument"));
    assert_eq!(refused.cause.as_deref(), Some("there is nothing to review"));
}

#[derive(Deserialize)]
struct ReserveRequest {
    #[serde(rename = "Item")]
    item: Item,
    #[serde(rename = "Order")]
    order: String,
}

#[derive(Deserialize)]
struct ChargeRequest {
    #[serde(rename = "Order")]
    order: String,
    #[serde(rename = "Amount")]
    amount: f64,
}

fn order(total: f64, country: &str) -> Order {
    Order {
        id: "o-7".into(),
        total,
        country: country.into(),
        items: vec![
            Item {
                sku: "tea".into(),
                quantity: 2,
            },
            Item {
                sku: "cup".into(),
                quantity: 1,
            },
        ],
    }
}

/// The order workflow with its tasks mocked: the first reservation fails once (and is
/// retried), the charge answers with `charge`.
fn fulfilment(
    charge: impl FnMut(ChargeRequest) -> Result<Value, TaskError> + 'static,
) -> workflow::local::Runner {
    let mut reserve_calls = 0;
    OrderFulfillment::local()
        .mock("SaveOrder", |_: Value| Ok(json!({})))
        .mock("Reserve", move |request: ReserveRequest| {
            reserve_calls += 1;
            if reserve_calls == 1 {
                return Err(TaskError::new(
                    "States.TaskFailed",
                    "stock service restarting",
                ));
            }
            Ok(json!({"reserved": request.item.sku, "order": request.order}))
        })
        .mock("Charge", charge)
        .mock("NotifyShipped", |_: Value| Ok(json!({"MessageId": "m-1"})))
        .mock("NotifyFailure", |_: Value| Ok(json!({"MessageId": "m-2"})))
}

#[test]
fn order_fulfillment_ships_a_domestic_order() {
    let execution =
        fulfilment(|charge| Ok(json!({"charged": charge.amount, "order": charge.order})))
            .run(order(40.0, "US"));
    assert_eq!(execution.status, Status::Succeeded, "{:?}", execution.cause);
    assert_eq!(
        execution.states_entered(),
        [
            "SaveOrder",
            "CheckOrder",
            "Fulfil",
            "ReserveItems",
            "Reserve",
            "Reserve",
            "Charge",
            "WaitForDispatch",
            "NotifyShipped"
        ]
    );
    assert_eq!(execution.output, Some(json!({"MessageId": "m-1"})));
    // What the Parallel state hands on: both reservations and the charge under `fulfilment`.
    let fulfil = execution
        .history
        .events()
        .iter()
        .find(|e| e.event_type == "ParallelStateExited")
        .and_then(|e| e.detail("output"))
        .map(|text| serde_json::from_str::<Value>(text).unwrap())
        .unwrap();
    let fulfilment = &fulfil["fulfilment"];
    assert_eq!(fulfilment[0][0]["Payload"]["reserved"], "tea");
    assert_eq!(fulfilment[0][1]["Payload"]["reserved"], "cup");
    assert_eq!(
        fulfilment[1]["Payload"],
        json!({"charged": 40.0, "order": "o-7"})
    );
    // The failed reservation is retried after 1 s; the dispatch wait takes an hour.
    assert_eq!(count(&execution, "TaskFailed"), 1);
    assert_eq!(seconds_of(&execution, "WaitStateExited"), [3601]);
}

#[test]
fn order_fulfillment_waits_for_the_manual_review_of_a_large_foreign_order() {
    let mut runner = fulfilment(|charge| Ok(json!({"charged": charge.amount})));
    let waiting = runner.run(order(250.0, "FR"));
    assert_eq!(waiting.status, Status::Running);
    assert_eq!(
        waiting.states_entered(),
        ["SaveOrder", "CheckOrder", "ManualReview"]
    );
    let pending = waiting.pending.unwrap();
    assert_eq!(pending.parameters["MessageBody"]["Order"]["id"], "o-7");

    runner.complete_task(
        &pending.token,
        TaskOutcome::Return(json!({"reviewer": "kim"})),
    );
    let shipped = runner.run(order(250.0, "FR"));
    assert_eq!(shipped.status, Status::Succeeded);
    assert_eq!(
        shipped.states_entered()[..4],
        ["SaveOrder", "CheckOrder", "ManualReview", "Fulfil"]
    );
    assert_eq!(shipped.states_entered().last(), Some(&"NotifyShipped"));
}

#[test]
fn order_fulfillment_reports_a_failed_charge() {
    let execution = fulfilment(|_| Err(TaskError::new("Card.Declined", "insufficient funds")))
        .run(order(40.0, "US"));
    assert_eq!(execution.status, Status::Failed);
    assert_eq!(
        execution.states_entered()[..3],
        ["SaveOrder", "CheckOrder", "Fulfil"]
    );
    assert_eq!(
        execution.states_entered()[execution.states_entered().len() - 2..],
        ["NotifyFailure", "OrderFailed"]
    );
    assert_eq!(execution.error.as_deref(), Some("OrderFailed"));
    assert_eq!(execution.cause.as_deref(), Some("insufficient funds"));
}

#[test]
fn data_processing_transforms_the_rows_in_batches() {
    let written = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let sink = written.clone();
    let execution = DataProcessing::local()
        .mock_resource("arn:aws:states:::s3:getObject", |_: Value| {
            Ok("id,name\n1,ada\n2,grace\n3,edsger\n")
        })
        .mock("Transform", |batch: Value| {
            let names: Vec<Value> = batch["Items"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|row| json!(row["name"].as_str().unwrap_or("").to_uppercase()))
                .collect();
            Ok(json!({"names": names}))
        })
        .mock_resource("arn:aws:states:::s3:putObject", move |object: Value| {
            sink.borrow_mut().push(object);
            Ok(json!({}))
        })
        .run(json!({"bucket": "data", "key": "incoming/rows.csv"}));
    assert_eq!(execution.status, Status::Succeeded, "{:?}", execution.cause);
    // One batch of three rows: one child execution.
    assert_eq!(execution.states_entered(), ["ProcessRows", "Transform"]);
    assert_eq!(
        execution.output.unwrap_or_default()["ResultWriterDetails"]["Bucket"],
        "data"
    );
    let written = serde_json::to_string(&*written.borrow()).unwrap();
    assert!(written.contains("GRACE"), "{written}");
}

/// The README's `sh` block that starts with `command`, as arguments (continuation lines joined,
/// single quotes honoured), and the `text` block that follows it.
fn readme_example(command: &str) -> (Vec<String>, String) {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("read README.md");
    let start = readme
        .find(&format!("```sh\n{command}"))
        .unwrap_or_else(|| panic!("README.md has no `{command}` block"));
    let rest = &readme[start + "```sh\n".len()..];
    let (script, rest) = rest.split_once("```").unwrap();
    let rest = rest
        .split_once("```text\n")
        .expect("a text block follows the command")
        .1;
    let expected = rest.split_once("```").unwrap().0.to_string();
    let mut args = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    let script = script.replace("\\\n", " ");
    for c in script.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                word.get_or_insert_with(String::new);
            }
            c if c.is_whitespace() && !quoted => args.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    args.extend(word);
    (args, expected)
}

#[test]
fn the_readme_workflow_run_command_prints_what_the_readme_shows() {
    let (args, expected) = readme_example("workflow run ");
    assert_eq!(args[0], "workflow");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(&args[1..])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run workflow");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        stdout,
        expected,
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success());
}

#[test]
fn workflow_run_renders_the_execution() {
    let dir = std::env::temp_dir().join(format!("workflow-local-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("run.html");
    let root = env!("CARGO_MANIFEST_DIR");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(["run", "examples/definitions/order-fulfillment.asl.json"])
        .args(["--input", r#"{"id": "o-1", "total": 40, "country": "US"}"#])
        .args(["--mocks", "examples/mocks/order-fulfillment.json"])
        .args(["--test-case", "Declined", "--render"])
        .arg(&page)
        .current_dir(root)
        .output()
        .expect("run workflow");
    assert_eq!(output.status.code(), Some(1), "the charge is declined");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"));
    assert!(html.contains("NotifyFailure") && html.contains("Card.Declined"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_program_runs_its_machine_with_a_live_timeline() {
    let (args, expected) = readme_example("cargo run --example order_fulfillment -- run");
    let args: Vec<&str> = std::iter::once("order_fulfillment")
        .chain(
            args.iter()
                .skip_while(|a| *a != "--")
                .skip(1)
                .map(String::as_str),
        )
        .collect();
    let app = workflow::core::template::App::new()
        .state_machine(order_workflow::machine(
            workflow::core::template::Value::parameter("OrdersTable"),
        ))
        .parameter(workflow::core::template::Parameter::string("OrdersTable"));
    let app = order_workflow::dependency_parameters(app);
    let root = env!("CARGO_MANIFEST_DIR");
    let args: Vec<String> = args
        .iter()
        .map(|a| {
            if a.starts_with("examples/") {
                format!("{root}/{a}")
            } else {
                a.to_string()
            }
        })
        .collect();
    let mut out = Vec::new();
    let code = workflow::synth::run(&app, &args, &mut out).unwrap();
    assert_eq!(String::from_utf8_lossy(&out), expected);
    assert_eq!(code, 0);
}

#[test]
fn a_program_names_its_machines_when_run_is_given_another() {
    use workflow::core::template::{App, Parameter, Value as Param};
    let app = App::new()
        .parameter(Parameter::string("ChargeFunctionArn"))
        .parameter(Parameter::string("RecoverFunctionArn"))
        .state_machine(
            workflow::synth::machine::<RetryChain>()
                .substitution("ChargeFunctionArn", Param::parameter("ChargeFunctionArn")),
        )
        .state_machine(
            workflow::synth::machine::<CatchChain>()
                .substitution("ChargeFunctionArn", Param::parameter("ChargeFunctionArn"))
                .substitution("RecoverFunctionArn", Param::parameter("RecoverFunctionArn")),
        );
    let mut out = Vec::new();
    let err = workflow::synth::run(&app, ["prog", "run", "--machine", "Nope"], &mut out)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "the stack has no state machine `Nope` (it has: RetryChain, CatchChain)"
    );
    // Without mocks the task fails, naming what is not mocked; the picture is written.
    let page = std::env::temp_dir().join(format!("workflow-local-{}.html", std::process::id()));
    let page_arg = page.to_string_lossy().into_owned();
    let args = [
        "prog",
        "run",
        "--machine",
        "RetryChain",
        "--render",
        page_arg.as_str(),
    ];
    let code = workflow::synth::run(&app, args, &mut out).unwrap();
    assert_eq!(code, 1);
    let printed = String::from_utf8_lossy(&out);
    assert!(
        printed.contains("entered  Charge") && printed.contains("status: FAILED"),
        "{printed}"
    );
    assert!(std::fs::read_to_string(&page).unwrap().contains("Charge"));
    let _ = std::fs::remove_file(&page);
}

/// Each file of `examples/` (and `examples/shared/`) that declares a workflow has its tests
/// here: a new example must be added to this file.
#[test]
fn every_example_workflow_is_run_here() {
    const COVERED: &[&str] = &[
        "activity_worker.rs",
        "catch_chain.rs",
        "data_processing.rs",
        "human_approval.rs",
        "lambda_invoke.rs",
        "order_workflow.rs",
        "retry_chain.rs",
    ];
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut declaring = Vec::new();
    for dir in [root.clone(), root.join("shared")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if path.extension().is_some_and(|e| e == "rs") && text.contains("workflow! {") {
                declaring.push(path.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    declaring.sort();
    assert_eq!(declaring, COVERED);
}
