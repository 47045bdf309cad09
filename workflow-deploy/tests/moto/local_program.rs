//! A program built on `workflow_deploy::cli` with `--local --endpoint-url` of `workflow serve`'s
//! endpoint: `deploy` creates its activity and machine directly (no CloudFormation), `start`
//! returns at once, `worker` serves the activity with the program's handler from another
//! command, `wait` and `history` follow the execution, and `destroy` removes what `deploy` made.

use std::time::{Duration, Instant};

use workflow::core::template::{ActivitySpec, App, StateMachineSpec, Value};
use workflow_deploy::TaskError;
use workflow_deploy::cli::{Program, exit_code};

use crate::common::{Endpoint, Serve};

#[derive(serde::Deserialize)]
struct Review {
    document: String,
}

fn reviews_program() -> Program {
    let definition = r#"{"StartAt": "Review", "States": {"Review": {"Type": "Task",
        "Resource": "${ReviewArn}", "HeartbeatSeconds": 30, "TimeoutSeconds": 60, "End": true}}}"#;
    let app = App::new()
        .activity(ActivitySpec::new("ReviewActivity"))
        .state_machine(
            StateMachineSpec::from_asl("Reviews", definition)
                .substitution("ReviewArn", Value::reference("ReviewActivity")),
        );
    Program::new(app).activity_handler("ReviewActivity", |review: Review| async move {
        if review.document.trim().is_empty() {
            return Err(TaskError::new(
                "EmptyDocument",
                "there is nothing to review",
            ));
        }
        Ok(serde_json::json!({"reviewed": review.document}))
    })
}

/// Runs `args` (after the program name) with `--local --endpoint-url URL`; returns the exit
/// code and the output.
fn run(program: &Program, url: &str, args: &[&str]) -> (u8, String) {
    let args = std::iter::once("reviews")
        .chain(args.iter().copied())
        .chain([
            "--local",
            "--endpoint-url",
            url,
            "--poll-ms",
            "50",
            "--timeout-secs",
            "30",
        ]);
    let mut out = Vec::new();
    let code = match program.run(args, &mut out) {
        Ok(code) => code,
        Err(err) => {
            out.extend_from_slice(format!("error: {err:#}\n").as_bytes());
            exit_code(&err)
        }
    };
    (code, String::from_utf8(out).expect("UTF-8 output"))
}

#[test]
fn a_program_deploys_runs_and_serves_its_activity_on_a_local_endpoint() {
    let serve = Serve::start();
    let url = serve.url();
    let program = reviews_program();

    let (code, deployed) = run(&program, &url, &["deploy"]);
    assert_eq!(code, 0, "{deployed}");
    assert!(
        deployed.contains("created   Activity             ReviewActivity arn:aws:states:"),
        "{deployed}"
    );
    assert!(
        deployed.contains("created   StateMachine         Reviews"),
        "{deployed}"
    );
    assert!(deployed.contains(&format!("to {url}")), "{deployed}");

    // The worker runs as a command of its own while the execution waits for it.
    let worker_url = url.clone();
    let worker = std::thread::spawn(move || {
        run(
            &reviews_program(),
            &worker_url,
            &[
                "worker",
                "--activity",
                "ReviewActivity",
                "--concurrency",
                "1",
                "--stop-after-secs",
                "1",
            ],
        )
    });
    let worker_started = Instant::now();
    let (code, first) = run(
        &program,
        &url,
        &[
            "start",
            "--machine",
            "Reviews",
            "--input",
            r#"{"document": "a.pdf"}"#,
        ],
    );
    assert_eq!(code, 0, "{first}");
    let first = first.trim().to_owned();
    let (code, waited) = run(&program, &url, &["wait", &first]);
    assert_eq!(code, 0, "{waited}");
    assert!(waited.contains(": SUCCEEDED"), "{waited}");
    assert!(
        waited.contains(r#"output: {"reviewed":"a.pdf"}"#),
        "{waited}"
    );

    // The worker never cancels a long poll the endpoint may be answering: once its stop time
    // (1 s after it starts) has passed, one more execution ends the poll in hand, and is
    // served too. A worker slow to start may have had a new poll open by then: executions are
    // added, a bounded number of times, until it has stopped.
    std::thread::sleep(Duration::from_secs(2).saturating_sub(worker_started.elapsed()));
    let mut extra = Vec::new();
    for _ in 0..20 {
        let (code, arn) = run(
            &program,
            &url,
            &[
                "start",
                "--machine",
                "Reviews",
                "--input",
                r#"{"document": " "}"#,
            ],
        );
        assert_eq!(code, 0, "{arn}");
        extra.push(arn.trim().to_owned());
        let asked = Instant::now();
        while !worker.is_finished() && asked.elapsed() < Duration::from_secs(1) {
            std::thread::sleep(Duration::from_millis(20));
        }
        if worker.is_finished() {
            break;
        }
    }
    let (code, worked) = worker.join().expect("the worker thread");
    assert_eq!(code, 0, "{worked}");
    assert!(worked.contains("worker stopped"), "{worked}");
    // Every execution the worker took before it stopped was finished: the first extra one
    // failed on the handler's error.
    let (code, waited) = run(&program, &url, &["wait", &extra[0]]);
    assert_eq!(code, 1, "{waited}");
    assert!(waited.contains("error: EmptyDocument"), "{waited}");

    let (code, history) = run(&program, &url, &["history", &first]);
    assert_eq!(code, 0, "{history}");
    for event in [
        "ActivityScheduled",
        "ActivityStarted",
        "ActivitySucceeded",
        "ExecutionSucceeded",
    ] {
        assert!(history.contains(event), "{event}: {history}");
    }

    let (code, destroyed) = run(&program, &url, &["destroy"]);
    assert_eq!(code, 0, "{destroyed}");
    assert!(
        destroyed.contains("deleted StateMachine Reviews"),
        "{destroyed}"
    );
    assert!(
        destroyed.contains("deleted Activity ReviewActivity"),
        "{destroyed}"
    );
    let (code, gone) = run(&program, &url, &["start", "--machine", "Reviews"]);
    assert_eq!(code, 1, "{gone}");
    assert!(gone.contains("run `deploy --local` first"), "{gone}");
}
