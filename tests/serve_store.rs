//! `workflow serve --store FILE`: a server killed (SIGKILL) mid-execution and started again on
//! the same file loses no execution and no event. Four executions are cut off at each kind of
//! waiting point: a Wait, an activity task a worker holds, a `.waitForTaskToken` task, and a
//! retry's backoff. After the restart each finishes: the wait waits what is left of it, the
//! worker's token and the callback token are still valid, and the retry runs. Every history
//! has ids 1..n with the events written before the kill unchanged at its start.
//!
//! The test speaks the AWS JSON 1.0 protocol over a plain TCP connection, on 127.0.0.1, with
//! bounded waits; it kills every server it starts.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A server process, killed when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(store: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(["serve", "--bind", "127.0.0.1:0", "--store"])
        .arg(store)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start workflow serve");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the server's first line");
    let address = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_string();
    Server { child, address }
}

/// One API call: the HTTP status and the JSON body.
fn call(server: &Server, operation: &str, body: &Value) -> (u16, Value) {
    let body = body.to_string();
    let mut stream = TcpStream::connect(&server.address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(70)))
        .unwrap();
    write!(
        stream,
        "POST / HTTP/1.1\r\nHost: {}\r\nX-Amz-Target: AWSStepFunctions.{operation}\r\n\
         Content-Type: application/x-amz-json-1.0\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        server.address,
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let (head, body) = response.split_once("\r\n\r\n").expect("an HTTP response");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn ok(server: &Server, operation: &str, body: Value) -> Value {
    let (status, answer) = call(server, operation, &body);
    assert_eq!(status, 200, "{operation}: {answer}");
    answer
}

fn history(server: &Server, execution: &str) -> Vec<Value> {
    ok(
        server,
        "GetExecutionHistory",
        json!({"executionArn": execution, "maxResults": 1000}),
    )["events"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Polls until `done` holds, for at most `seconds`.
fn eventually(seconds: u64, what: &str, mut done: impl FnMut() -> bool) {
    let until = Instant::now() + Duration::from_secs(seconds);
    while !done() {
        assert!(Instant::now() < until, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn has_event(server: &Server, execution: &str, event_type: &str) -> bool {
    history(server, execution)
        .iter()
        .any(|e| e["type"] == event_type)
}

/// Sends `operation` with `body` until the token is known (a restarted server reopens its
/// tasks as it resumes their executions).
fn answer_when_open(server: &Server, operation: &str, body: Value) {
    eventually(20, operation, || {
        let (status, answer) = call(server, operation, &body);
        match status {
            200 => true,
            _ if answer["__type"] == "TaskDoesNotExist" => false,
            _ => panic!("{operation}: {answer}"),
        }
    });
}

fn machine(activity: &str) -> String {
    json!({
        "StartAt": "Route",
        "States": {
            "Route": {"Type": "Choice", "Choices": [
                {"Variable": "$.kind", "StringEquals": "wait", "Next": "Pause"},
                {"Variable": "$.kind", "StringEquals": "callback", "Next": "Callback"}
            ], "Default": "Work"},
            "Pause": {"Type": "Wait", "Seconds": 4, "Next": "Done"},
            "Callback": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": "queue", "MessageBody": {"token.$": "$$.Task.Token"}},
                "Next": "Done"
            },
            "Work": {
                "Type": "Task",
                "Resource": activity,
                "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 4, "MaxAttempts": 2}],
                "Next": "Done"
            },
            "Done": {"Type": "Pass", "End": true}
        }
    })
    .to_string()
}

#[test]
fn a_killed_server_resumes_its_executions_from_the_store() {
    let dir = std::env::temp_dir().join(format!("workflow-serve-store-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = dir.join("endpoint.db");

    let server = start(&store);
    let activity = ok(&server, "CreateActivity", json!({"name": "work"}))["activityArn"]
        .as_str()
        .unwrap()
        .to_string();
    let machine_arn = ok(
        &server,
        "CreateStateMachine",
        json!({"name": "resumable", "definition": machine(&activity),
               "roleArn": "arn:aws:iam::123456789012:role/r"}),
    )["stateMachineArn"]
        .as_str()
        .unwrap()
        .to_string();
    let start_one = |kind: &str| {
        ok(
            &server,
            "StartExecution",
            json!({"stateMachineArn": machine_arn, "name": kind,
                   "input": json!({"kind": kind}).to_string()}),
        )["executionArn"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let waiting = start_one("wait");
    let callback = start_one("callback");
    let held = start_one("held");
    let retried = start_one("retried");

    // A worker takes both activity tasks: it keeps one, and fails the other once.
    let mut held_token = None;
    for _ in 0..2 {
        let task = ok(
            &server,
            "GetActivityTask",
            json!({"activityArn": activity, "workerName": "w"}),
        );
        let token = task["taskToken"].as_str().expect("a task").to_string();
        let input: Value = serde_json::from_str(task["input"].as_str().unwrap()).unwrap();
        if input["kind"] == "held" {
            held_token = Some(token);
        } else {
            ok(
                &server,
                "SendTaskFailure",
                json!({"taskToken": token, "error": "Flaky", "cause": "once"}),
            );
        }
    }
    let held_token = held_token.expect("the held execution's task");
    eventually(10, "the four waiting points", || {
        has_event(&server, &waiting, "WaitStateEntered")
            && has_event(&server, &callback, "TaskSubmitted")
            && has_event(&server, &retried, "ActivityFailed")
    });
    let callback_token = history(&server, &callback)
        .iter()
        .find(|e| e["type"] == "TaskScheduled")
        .and_then(|e| e["taskScheduledEventDetails"]["parameters"].as_str())
        .and_then(|p| serde_json::from_str::<Value>(p).ok())
        .and_then(|p| p["MessageBody"]["token"].as_str().map(str::to_string))
        .expect("the callback token in the scheduled parameters");
    let executions = [&waiting, &callback, &held, &retried];
    let before: Vec<Vec<Value>> = executions.iter().map(|e| history(&server, e)).collect();

    // SIGKILL: no chance to write anything more.
    drop(server);
    let server = start(&store);

    // A second endpoint on the same file is refused while this one holds it.
    let second = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(["serve", "--bind", "127.0.0.1:0", "--store"])
        .arg(&store)
        .output()
        .expect("run a second server");
    assert!(!second.status.success());
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("in use by another endpoint"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );

    // The machine and the activity are still there.
    ok(
        &server,
        "DescribeStateMachine",
        json!({"stateMachineArn": machine_arn}),
    );
    ok(
        &server,
        "DescribeActivity",
        json!({"activityArn": activity}),
    );
    // The tokens handed out before the kill are still valid.
    answer_when_open(
        &server,
        "SendTaskSuccess",
        json!({"taskToken": held_token, "output": "{\"held\": true}"}),
    );
    answer_when_open(
        &server,
        "SendTaskSuccess",
        json!({"taskToken": callback_token, "output": "{\"called\": true}"}),
    );
    // The retry runs after what is left of its backoff.
    let task = ok(
        &server,
        "GetActivityTask",
        json!({"activityArn": activity, "workerName": "w"}),
    );
    let token = task["taskToken"].as_str().expect("the retried task");
    ok(
        &server,
        "SendTaskSuccess",
        json!({"taskToken": token, "output": "{\"retried\": true}"}),
    );

    for (execution, before) in executions.iter().zip(&before) {
        eventually(30, "every execution to succeed", || {
            ok(
                &server,
                "DescribeExecution",
                json!({"executionArn": execution}),
            )["status"]
                != "RUNNING"
        });
        let described = ok(
            &server,
            "DescribeExecution",
            json!({"executionArn": execution}),
        );
        assert_eq!(described["status"], "SUCCEEDED", "{execution}: {described}");
        let after = history(&server, execution);
        // No event lost or written twice: ids 1..n, the events before the kill unchanged.
        let ids: Vec<u64> = after.iter().map(|e| e["id"].as_u64().unwrap()).collect();
        assert_eq!(
            ids,
            (1..=after.len() as u64).collect::<Vec<_>>(),
            "{execution}"
        );
        assert_eq!(&after[..before.len()], &before[..], "{execution}");
        assert_eq!(after.last().unwrap()["type"], "ExecutionSucceeded");
    }
    let output = |execution: &str| -> Value {
        let described = ok(
            &server,
            "DescribeExecution",
            json!({"executionArn": execution}),
        );
        serde_json::from_str(described["output"].as_str().unwrap()).unwrap()
    };
    assert_eq!(output(&held), json!({"held": true}));
    assert_eq!(output(&callback), json!({"called": true}));
    assert_eq!(output(&retried), json!({"retried": true}));
    // The wait lasted its four seconds, across the restart.
    let waited = history(&server, &waiting);
    let at = |t: &str| {
        waited.iter().find(|e| e["type"] == t).unwrap()["timestamp"]
            .as_f64()
            .unwrap()
    };
    assert!(at("WaitStateExited") - at("WaitStateEntered") >= 3.99);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
