//! The activity worker end to end against `workflow serve`'s endpoint, which (unlike moto)
//! serves `GetActivityTask`: long polls, typed input, heartbeats that keep a task alive past
//! `HeartbeatSeconds`, a stalled handler failed by the heartbeat timeout, failures with error and
//! cause, concurrency and a graceful shutdown.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use workflow_deploy::{ActivityWorker, Deployer, ExecutionInfo, TaskError};

use crate::common::{Endpoint, Serve, deploy_machine};

#[derive(serde::Deserialize)]
struct Order {
    id: u64,
    /// How long the handler works on it, in milliseconds.
    #[serde(default)]
    work_ms: u64,
}

/// A machine whose one Task state is the activity `activity` with these limits.
async fn activity_machine(
    deployer: &Deployer,
    name: &str,
    heartbeat_seconds: u64,
) -> (String, String) {
    let activity = deployer.create_activity(name).await.expect("activity").arn;
    let definition = json!({
        "StartAt": "Work",
        "States": {"Work": {"Type": "Task", "Resource": activity,
                            "HeartbeatSeconds": heartbeat_seconds, "TimeoutSeconds": 60,
                            "End": true}}
    });
    let machine = deploy_machine(deployer, name, &definition.to_string()).await;
    (activity, machine)
}

async fn wait(deployer: &Deployer, execution: &str) -> ExecutionInfo {
    deployer
        .wait_for_execution(
            execution,
            Duration::from_millis(50),
            Duration::from_secs(30),
        )
        .await
        .expect("wait")
}

/// Stops the worker gracefully. The worker never cancels a poll the service may be answering,
/// so one more execution (of `input`) ends the long polls still open, and is served too; returns
/// that execution and what the worker returned.
async fn stop_worker<T>(
    deployer: &Deployer,
    machine: &str,
    stop: tokio::sync::oneshot::Sender<()>,
    running: tokio::task::JoinHandle<T>,
    input: Value,
) -> (String, T) {
    stop.send(()).unwrap();
    let last = deployer
        .start_execution(machine, &input.to_string(), None)
        .await
        .unwrap();
    let returned = tokio::time::timeout(Duration::from_secs(30), running)
        .await
        .expect("the worker stops")
        .unwrap();
    (last, returned)
}

#[tokio::test(flavor = "multi_thread")]
async fn worker_serves_tasks_concurrently_with_heartbeats_failures_and_a_graceful_shutdown() {
    let server = Serve::start();
    let deployer = server.deployer();
    let (activity, machine) = activity_machine(&deployer, "orders", 1).await;

    let worker = ActivityWorker::new(deployer.client().clone(), &activity, "w1")
        .concurrency(3)
        .heartbeat_interval(Duration::from_millis(300));
    let (in_flight, most_in_flight) =
        (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn({
        let worker = worker.clone();
        let (in_flight, most_in_flight) = (in_flight.clone(), most_in_flight.clone());
        async move {
            worker
                .run(
                    move |order: Order| {
                        let (in_flight, most_in_flight) =
                            (in_flight.clone(), most_in_flight.clone());
                        async move {
                            let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                            most_in_flight.fetch_max(now, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(order.work_ms)).await;
                            in_flight.fetch_sub(1, Ordering::SeqCst);
                            if order.id == 0 {
                                return Err(TaskError::new("InvalidOrder", "there is no order 0"));
                            }
                            Ok(json!({"charged": order.id}))
                        }
                    },
                    async {
                        stopped.await.ok();
                    },
                )
                .await
        }
    });

    // Two tasks work for 2.5 s, past the 1 s heartbeat, side by side; one fails.
    let mut executions = Vec::new();
    for input in [
        json!({"id": 7, "work_ms": 2500}),
        json!({"id": 8, "work_ms": 2500}),
        json!({"id": 0}),
    ] {
        let execution = deployer
            .start_execution(&machine, &input.to_string(), None)
            .await
            .unwrap();
        executions.push(execution);
    }
    for (execution, id) in executions[..2].iter().zip([7, 8]) {
        let info = wait(&deployer, execution).await;
        assert_eq!(info.status, "SUCCEEDED", "{info}");
        let output: Value = serde_json::from_str(info.output.as_deref().unwrap()).unwrap();
        assert_eq!(output, json!({"charged": id}));
    }
    let bad = wait(&deployer, &executions[2]).await;
    assert_eq!(bad.status, "FAILED", "{bad}");
    assert_eq!(bad.error.as_deref(), Some("InvalidOrder"));
    assert_eq!(bad.cause.as_deref(), Some("there is no order 0"));
    assert!(
        most_in_flight.load(Ordering::SeqCst) >= 2,
        "the slow tasks ran one after the other"
    );

    // A task taken just before the shutdown is finished and reported before `run` returns.
    let late = deployer
        .start_execution(
            &machine,
            &json!({"id": 9, "work_ms": 700}).to_string(),
            None,
        )
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while in_flight.load(Ordering::SeqCst) == 0 {
        assert!(Instant::now() < deadline, "the late task was not taken");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let (last, stats) = stop_worker(&deployer, &machine, stop, running, json!({"id": 10})).await;
    // Reported tasks: their executions then finish on their own threads, as on AWS.
    for execution in [&late, &last] {
        let info = wait(&deployer, execution).await;
        assert_eq!(info.status, "SUCCEEDED", "{info}");
    }
    assert_eq!(stats.tasks, 5, "{stats:?}");
    assert_eq!(stats.succeeded, 4, "{stats:?}");
    assert_eq!(stats.failed, 1, "{stats:?}");
    assert_eq!(stats.report_errors, 0, "{stats:?}");
    assert_eq!(stats.poll_errors, 0, "{stats:?}");
    assert!(
        stats.heartbeats >= 4,
        "two tasks of 2.5 s, a beat per 300 ms: {stats:?}"
    );
    // Long polls: an empty answer only after a wait, so a handful of polls for five tasks.
    assert!(stats.polls <= stats.tasks + 3, "{stats:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stalled_handler_fails_its_task_with_the_heartbeat_timeout() {
    let server = Serve::start();
    let deployer = server.deployer();
    let (activity, machine) = activity_machine(&deployer, "stalls", 1).await;
    // Beats far apart: the handler stalls past `HeartbeatSeconds` without one.
    // Two slots: a poll stays open while the stalled task holds the other.
    let worker = ActivityWorker::new(deployer.client().clone(), &activity, "w1")
        .concurrency(2)
        .heartbeat_interval(Duration::from_secs(30));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn({
        let worker = worker.clone();
        async move {
            worker
                .run(
                    |order: Order| async move {
                        tokio::time::sleep(Duration::from_millis(order.work_ms)).await;
                        Ok::<_, TaskError>(json!({"charged": order.id}))
                    },
                    async {
                        stopped.await.ok();
                    },
                )
                .await
        }
    });
    let execution = deployer
        .start_execution(
            &machine,
            &json!({"id": 1, "work_ms": 2500}).to_string(),
            None,
        )
        .await
        .unwrap();
    let info = wait(&deployer, &execution).await;
    assert_eq!(info.status, "FAILED", "{info}");
    assert_eq!(info.error.as_deref(), Some("States.HeartbeatTimeout"));
    let history = deployer.history(&execution).await.unwrap();
    assert!(
        history.iter().any(|e| e.event_type == "ActivityTimedOut"),
        "{history:?}"
    );
    let (other, stats) = stop_worker(&deployer, &machine, stop, running, json!({"id": 2})).await;
    assert_eq!(wait(&deployer, &other).await.status, "SUCCEEDED");
    // The stalled task's late answer is refused (TaskTimedOut) and counted, not lost silently.
    assert_eq!(stats.report_errors, 1, "{stats:?}");
}
