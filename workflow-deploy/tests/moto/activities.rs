//! Activities and the activity worker against moto.
//!
//! moto 5.2.5 implements CreateActivity, DescribeActivity, ListActivities and DeleteActivity,
//! but not GetActivityTask (HTTP 500 whether its interpreter is on or off), and its interpreter
//! gives each execution an empty activity store, so an activity Task fails with States.Runtime.
//! The worker is therefore tested here on what moto supports: the activity API, polling through
//! a recording proxy (every failed poll counted, backoff, graceful shutdown), and its whole task
//! path on real moto task tokens (see the last test).

use std::time::{Duration, Instant};

use workflow_deploy::{ActivityWorker, Deployer, Error, TaskError};

use crate::common::{Moto, Proxy, REGION};

#[tokio::test(flavor = "multi_thread")]
async fn activities_are_created_once_described_listed_and_deleted() {
    let Some(moto) = Moto::start_with(false) else {
        return;
    };
    let deployer = moto.deployer();
    let created = deployer.create_activity("resize").await.expect("create");
    assert_eq!(deployer.write_calls(), 1);
    let again = deployer.create_activity("resize").await.expect("again");
    assert_eq!(again, created);
    assert_eq!(
        deployer.write_calls(),
        1,
        "an existing activity is not created again"
    );
    assert_eq!(
        deployer.describe_activity(&created.arn).await.unwrap(),
        created
    );
    deployer.create_activity("thumbnail").await.unwrap();
    let mut names: Vec<String> = deployer
        .list_activities()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    names.sort();
    assert_eq!(names, ["resize", "thumbnail"]);
    deployer
        .delete_activity(&created.arn)
        .await
        .expect("delete");
    assert_eq!(deployer.find_activity("resize").await.unwrap(), None);
}

#[tokio::test(flavor = "multi_thread")]
async fn worker_polls_backs_off_and_shuts_down_gracefully() {
    let Some(moto) = Moto::start_with(false) else {
        return;
    };
    let activity = moto
        .deployer()
        .create_activity("orders")
        .await
        .expect("create");
    let proxy = Proxy::start(moto.port);
    let through_proxy = Deployer::for_endpoint(&proxy.url(), REGION, "testing", "testing");
    let worker = ActivityWorker::new(through_proxy.client().clone(), &activity.arn, "w1")
        .concurrency(2)
        .heartbeat_interval(Duration::from_millis(50))
        .poll_error_backoff(Duration::from_millis(50));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn({
        let worker = worker.clone();
        async move {
            worker
                .run(
                    |n: u32| async move {
                        if n == 0 {
                            Err(TaskError::new("Zero", "zero is refused"))
                        } else {
                            Ok(n * 2)
                        }
                    },
                    async {
                        stopped.await.ok();
                    },
                )
                .await
        }
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    // Each failed poll is retried by the SDK (HTTP 500) before the worker counts it.
    while worker.stats().poll_errors < 2 {
        assert!(Instant::now() < deadline, "{:?}", proxy.calls());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.send(()).unwrap();
    let stats = tokio::time::timeout(Duration::from_secs(10), running)
        .await
        .expect("the worker stops after the shutdown signal")
        .unwrap();
    let polls = proxy.count("GetActivityTask") as u64;
    assert!(stats.poll_errors >= 2, "{stats:?}");
    assert_eq!(stats.polls, 0, "{stats:?}");
    assert!(polls >= stats.poll_errors, "{stats:?} {polls}");
    assert_eq!(stats.tasks, 0, "moto hands out no activity task: {stats:?}");
    // No poll starts after the shutdown.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(proxy.count("GetActivityTask") as u64, polls);
}

#[tokio::test(flavor = "multi_thread")]
async fn reports_for_an_unknown_token_are_errors_not_panics() {
    let Some(moto) = Moto::start() else { return };
    let callback = workflow_deploy::TaskCallback::new(moto.deployer().client().clone());
    let err = callback
        .succeed(&"x".repeat(40), &serde_json::json!({"ok": true}))
        .await
        .expect_err("no task has this token");
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
    eprintln!("{err}");
}

/// The worker's whole task path against moto's interpreter. moto cannot hand out activity tasks,
/// so the recording proxy answers `GetActivityTask` with the real task token of a moto execution
/// waiting in a `.waitForTaskToken` state (and with no task when it has none, after a pause, as
/// an empty long poll). Everything else is moto's: it accepts the heartbeats (it would refuse
/// them for an unknown token) and completes the executions with what the worker reports.
#[tokio::test(flavor = "multi_thread")]
async fn worker_completes_real_tasks_with_heartbeats_and_shuts_down_gracefully() {
    use std::collections::VecDeque;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    use serde_json::{Value, json};

    use crate::callbacks::token_of;
    use crate::common::{Reply, deploy_machine};

    #[derive(serde::Deserialize)]
    struct Order {
        id: u64,
        #[serde(default)]
        slow: bool,
    }

    let Some(moto) = Moto::start() else { return };
    let deployer = moto.deployer();
    let queue = moto.create_queue("orders");
    let definition = json!({
        "StartAt": "Charge",
        "States": {
            "Charge": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {
                    "QueueUrl": queue,
                    "MessageBody": {"token.$": "$$.Task.Token", "order.$": "$"}
                },
                "HeartbeatSeconds": 5,
                "End": true
            }
        }
    });
    let machine = deploy_machine(&deployer, "charge", &definition.to_string()).await;

    let tasks: Arc<Mutex<VecDeque<String>>> = Arc::default();
    let proxy = Proxy::start(moto.port);
    proxy.set_rule({
        let tasks = tasks.clone();
        move |op| match op {
            "GetActivityTask" => match tasks.lock().unwrap().pop_front() {
                Some(task) => Reply::Json(task),
                None => {
                    std::thread::sleep(Duration::from_millis(100));
                    Reply::Json("{}".into())
                }
            },
            _ => Reply::Forward,
        }
    });
    let hand_out = |token: String, input: Value| {
        let task = json!({"taskToken": token, "input": input.to_string()}).to_string();
        tasks.lock().unwrap().push_back(task);
    };

    let client = Deployer::for_endpoint(&proxy.url(), REGION, "testing", "testing");
    let worker = ActivityWorker::new(
        client.client().clone(),
        "arn:aws:states:us-east-1:123456789012:activity:orders",
        "w1",
    )
    .concurrency(2)
    .heartbeat_interval(Duration::from_millis(200));
    let handled = Arc::new(AtomicUsize::new(0));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn({
        let worker = worker.clone();
        let handled = handled.clone();
        async move {
            worker
                .run(
                    move |order: Order| {
                        handled.fetch_add(1, Ordering::SeqCst);
                        async move {
                            if order.slow {
                                tokio::time::sleep(Duration::from_millis(700)).await;
                            }
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

    let mut executions = Vec::new();
    for (name, input) in [
        ("ok", json!({"id": 7, "slow": true})),
        ("bad", json!({"id": 0})),
    ] {
        let execution = deployer
            .start_execution(&machine, &input.to_string(), Some(name))
            .await
            .unwrap();
        hand_out(token_of(&deployer, &execution).await, input);
        executions.push(execution);
    }
    let wait = |execution: String| {
        let deployer = &deployer;
        async move {
            deployer
                .wait_for_execution(
                    &execution,
                    Duration::from_millis(50),
                    Duration::from_secs(20),
                )
                .await
                .expect("wait")
        }
    };
    let ok = wait(executions[0].clone()).await;
    assert_eq!(ok.status, "SUCCEEDED", "{ok}");
    let output: Value = serde_json::from_str(ok.output.as_deref().unwrap()).unwrap();
    assert_eq!(output, json!({"charged": 7}));
    let bad = wait(executions[1].clone()).await;
    assert_eq!(bad.status, "FAILED", "{bad}");
    assert_eq!(bad.error.as_deref(), Some("InvalidOrder"));

    // A task taken just before the shutdown is finished and reported before `run` returns.
    let input = json!({"id": 9, "slow": true});
    let late = deployer
        .start_execution(&machine, &input.to_string(), Some("late"))
        .await
        .unwrap();
    hand_out(token_of(&deployer, &late).await, input);
    let deadline = Instant::now() + Duration::from_secs(20);
    while handled.load(Ordering::SeqCst) < 3 {
        assert!(Instant::now() < deadline, "the third task was not taken");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.send(()).unwrap();
    let stats = tokio::time::timeout(Duration::from_secs(20), running)
        .await
        .expect("the worker stops")
        .unwrap();
    let late = deployer.describe_execution(&late).await.unwrap();
    assert_eq!(late.status, "SUCCEEDED", "{late}");

    assert_eq!(stats.tasks, 3, "{stats:?}");
    assert_eq!(stats.succeeded, 2, "{stats:?}");
    assert_eq!(stats.failed, 1, "{stats:?}");
    assert_eq!(
        stats.report_errors, 0,
        "moto accepted every report: {stats:?}"
    );
    assert!(
        stats.heartbeats >= 4,
        "two tasks of 700 ms, one beat per 200 ms: {stats:?}"
    );
    assert_eq!(proxy.count("SendTaskHeartbeat") as u64, stats.heartbeats);
    assert_eq!(proxy.count("SendTaskSuccess"), 2);
    assert_eq!(proxy.count("SendTaskFailure"), 1);
}
