//! Every example program deployed and run with `--local`: its activities and state machines
//! deployed straight to the in-process endpoint (no CloudFormation, no AWS account), then
//! `start`, `wait` and `history` as separate commands sharing one `--local-state` file, the tasks
//! answered by a mock configuration (or by the program's own activity handler), on the virtual
//! clock. One example's history is drawn by `render --history`; the one without a state
//! machine (`order_web`) deploys nothing.
//!
//! The examples are built once (`examples::example_binaries`) and run as binaries.

#[path = "common/examples.rs"]
mod examples;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use examples::example_binaries;

/// One example's run: what it is started with and how it ends.
struct Case {
    example: &'static str,
    machine: &'static str,
    input: &'static str,
    /// The mock configuration and its test case; none for a machine whose tasks the program
    /// serves itself.
    mocks: Option<(&'static str, &'static str)>,
    /// `--parameter` values the template needs (any value of the right shape: tasks are mocked).
    parameters: &'static [&'static str],
    /// The status `wait` reports, and a text its output line holds.
    status: &'static str,
    output: &'static str,
}

const ORDER: &str =
    r#"{"id": "o-7", "total": 40, "country": "US", "items": [{"sku": "tea", "quantity": 2}]}"#;

fn cases() -> Vec<Case> {
    let order_parameters: &'static [&'static str] = &[
        "OrdersTable=orders",
        "ReviewQueueUrl=https://sqs.us-east-1.amazonaws.com/123456789012/local",
        "ReviewQueueArn=arn:aws:sqs:us-east-1:123456789012:local",
        "ReserveFunctionArn=arn:aws:lambda:us-east-1:123456789012:function:local",
        "ChargeFunctionArn=arn:aws:lambda:us-east-1:123456789012:function:local",
        "OrdersTopicArn=arn:aws:sns:us-east-1:123456789012:local",
    ];
    vec![
        Case {
            example: "activity_worker",
            machine: "ActivityWorker",
            input: r#"{"document": "contract.pdf"}"#,
            mocks: None,
            parameters: &[],
            status: "SUCCEEDED",
            output: r#""document":"contract.pdf""#,
        },
        Case {
            example: "catch_chain",
            machine: "CatchChain",
            input: r#"{"order": "o-1"}"#,
            mocks: Some(("tests/local/mocks.json", "Local")),
            parameters: &[
                "ChargeFunctionArn=arn:aws:lambda:us-east-1:123456789012:function:charge",
                "RecoverFunctionArn=arn:aws:lambda:us-east-1:123456789012:function:recover",
            ],
            status: "SUCCEEDED",
            output: r#""recovered":true"#,
        },
        Case {
            example: "human_approval",
            machine: "HumanApproval",
            input: r#"{"expense": 120}"#,
            mocks: Some(("tests/local/mocks.json", "Local")),
            parameters: &[
                "ApprovalQueueUrl=https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
                "ApprovalQueueArn=arn:aws:sqs:us-east-1:123456789012:approvals",
            ],
            status: "SUCCEEDED",
            output: r#""approval":{"approved":true}"#,
        },
        Case {
            example: "lambda_invoke",
            machine: "LambdaInvoke",
            input: r#"{"name": "Ada"}"#,
            mocks: Some(("tests/local/mocks.json", "Local")),
            parameters: &["HelloFunctionArn=arn:aws:lambda:us-east-1:123456789012:function:hello"],
            status: "SUCCEEDED",
            output: r#""greeting":"hello Ada""#,
        },
        Case {
            example: "retry_chain",
            machine: "RetryChain",
            input: r#"{"total": 20}"#,
            mocks: Some(("tests/local/mocks.json", "Local")),
            parameters: &[
                "ChargeFunctionArn=arn:aws:lambda:us-east-1:123456789012:function:charge",
            ],
            status: "SUCCEEDED",
            output: r#""charged":20"#,
        },
        Case {
            example: "order_fulfillment",
            machine: "OrderFulfillment",
            input: ORDER,
            mocks: Some(("examples/mocks/order-fulfillment.json", "Shipped")),
            parameters: order_parameters,
            status: "SUCCEEDED",
            output: r#""MessageId":"m-1""#,
        },
        Case {
            example: "order_api",
            machine: "OrderFulfillment",
            input: ORDER,
            mocks: Some(("examples/mocks/order-fulfillment.json", "Shipped")),
            parameters: &order_parameters[1..],
            status: "SUCCEEDED",
            output: r#""MessageId":"m-1""#,
        },
        // A Distributed Map reading S3: the mock configuration cannot answer its item reader,
        // so the execution fails, naming the state and the resource.
        Case {
            example: "data_processing",
            machine: "DataProcessing",
            input: r#"{"bucket": "data", "key": "incoming/rows.csv"}"#,
            mocks: None,
            parameters: &["TransformFunctionArn=arn:aws:lambda:us-east-1:123456789012:function:t"],
            status: "FAILED",
            output: "ProcessRows",
        },
    ]
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs example `name` with `args` from the repository root.
fn run(name: &str, args: &[&str]) -> Output {
    Command::new(example_binaries().join(name))
        .current_dir(root())
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run example {name}: {e}"))
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A fresh folder for one case.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("workflow-local-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_example_deploys_starts_waits_and_shows_its_history_offline() {
    let mut failures = Vec::new();
    for case in cases() {
        let dir = scratch(case.example);
        let state = dir.join("state.db");
        let mut local: Vec<String> = vec![
            "--local".into(),
            "--local-state".into(),
            state.display().to_string(),
            "--clock".into(),
            "virtual".into(),
            "--timeout-secs".into(),
            "60".into(),
        ];
        if let Some((mocks, _)) = case.mocks {
            local.extend(["--mocks".into(), mocks.into()]);
        }
        for parameter in case.parameters {
            local.extend(["--parameter".into(), (*parameter).into()]);
        }
        let with = |args: &[&str]| -> Vec<String> {
            args.iter()
                .map(|a| (*a).to_owned())
                .chain(local.iter().cloned())
                .collect()
        };
        let call = |args: Vec<String>| {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            run(case.example, &args)
        };

        let deploy = call(with(&["deploy"]));
        let deployed = text(&deploy);
        if !deploy.status.success()
            || !deployed.contains(&format!("created   StateMachine         {}", case.machine))
        {
            failures.push(format!("{}: deploy:\n{deployed}", case.example));
            continue;
        }
        // A second deploy finds everything in the state file and changes nothing.
        let again = text(&call(with(&["deploy"])));
        if again.contains("created") || again.contains("updated") {
            failures.push(format!(
                "{}: second deploy changed something:\n{again}",
                case.example
            ));
        }

        let mut start_args = vec!["start", "--machine", case.machine, "--input", case.input];
        if let Some((_, test_case)) = case.mocks {
            start_args.extend(["--test-case", test_case]);
        }
        let start = call(with(&start_args));
        let arn = String::from_utf8_lossy(&start.stdout).trim().to_owned();
        if !start.status.success()
            || !arn.starts_with("arn:aws:states:us-east-1:123456789012:execution:")
        {
            failures.push(format!("{}: start:\n{}", case.example, text(&start)));
            continue;
        }

        let wait = call(with(&["wait", &arn]));
        let waited = text(&wait);
        let expected_code = i32::from(case.status != "SUCCEEDED");
        if wait.status.code() != Some(expected_code)
            || !waited.contains(&format!("execution {arn}: {}", case.status))
            || !waited.contains(case.output)
        {
            failures.push(format!(
                "{}: wait (expected {} with {}):\n{waited}",
                case.example, case.status, case.output
            ));
        }

        let history = call(with(&["history", &arn]));
        let shown = text(&history);
        let last = shown.lines().last().unwrap_or_default().to_owned();
        let events: usize = last.trim_end_matches(" events").parse().unwrap_or(0);
        if !history.status.success() || events < 3 || !shown.contains("ExecutionStarted") {
            failures.push(format!("{}: history:\n{shown}", case.example));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    // The one example without a state machine (an Amplify app) has nothing to deploy locally.
    let dir = scratch("order_web");
    let state = dir.join("state.db");
    let web = run(
        "order_web",
        &[
            "deploy",
            "--local",
            "--local-state",
            state.to_str().unwrap(),
        ],
    );
    if !web.status.success() || !text(&web).contains("deployed 0 resources") {
        failures.push(format!("order_web: deploy:\n{}", text(&web)));
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_local_history_is_drawn_by_render() {
    let dir = scratch("render");
    let state = dir.join("state.db");
    let local = ["--local", "--local-state", state.to_str().unwrap()];
    let with = |args: &[&str]| -> Vec<String> {
        args.iter()
            .chain(local.iter())
            .map(|a| (*a).to_owned())
            .collect()
    };
    let call = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = run("activity_worker", &args);
        assert!(output.status.success(), "{args:?}:\n{}", text(&output));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    call(with(&["deploy"]));
    // An empty document is refused by the program's handler: the task fails.
    let arn = call(with(&[
        "start",
        "--machine",
        "ActivityWorker",
        "--input",
        r#"{"document": " "}"#,
    ]));
    let json = call(with(&["history", "--json", arn.trim()]));
    let history = dir.join("history.json");
    std::fs::write(&history, json).unwrap();
    let pictures = dir.join("pictures");
    call(vec![
        "render".into(),
        "--format".into(),
        "html".into(),
        "--out".into(),
        pictures.display().to_string(),
        "--machine".into(),
        "ActivityWorker".into(),
        "--history".into(),
        history.display().to_string(),
    ]);
    let page = std::fs::read_to_string(pictures.join("ActivityWorker.html")).unwrap();
    assert!(
        page.contains("ActivityFailed"),
        "the timeline lacks the failed activity"
    );
    assert!(
        page.contains("EmptyDocument"),
        "the page lacks the handler's error"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn local_usage_errors_say_what_to_do() {
    let dir = scratch("usage");
    let state = dir.join("state.db");
    let state = state.to_str().unwrap();
    let missing = run(
        "retry_chain",
        &["deploy", "--local", "--local-state", state],
    );
    assert_eq!(missing.status.code(), Some(2), "{}", text(&missing));
    assert!(
        text(&missing).contains("ChargeFunctionArn"),
        "{}",
        text(&missing)
    );

    let undeployed = run(
        "activity_worker",
        &[
            "start",
            "--local",
            "--local-state",
            state,
            "--machine",
            "ActivityWorker",
        ],
    );
    assert_eq!(undeployed.status.code(), Some(1), "{}", text(&undeployed));
    assert!(
        text(&undeployed).contains("run `deploy --local` first"),
        "{}",
        text(&undeployed)
    );

    let typo = run(
        "activity_worker",
        &[
            "start",
            "--local",
            "--local-state",
            state,
            "--machine",
            "ActivityWorkr",
        ],
    );
    assert_eq!(typo.status.code(), Some(2), "{}", text(&typo));
    assert!(
        text(&typo).contains("did you mean \"ActivityWorker\""),
        "{}",
        text(&typo)
    );

    let worker = run(
        "activity_worker",
        &[
            "worker",
            "--local",
            "--local-state",
            state,
            "--activity",
            "ReviewActivity",
        ],
    );
    assert_eq!(worker.status.code(), Some(2), "{}", text(&worker));
    assert!(
        text(&worker).contains("--endpoint-url"),
        "{}",
        text(&worker)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
