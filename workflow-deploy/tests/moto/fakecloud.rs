//! The activity worker served end to end by a real server: fakecloud hands out the tasks of
//! activity Task states (moto does not implement GetActivityTask). A workflow whose Task is an
//! activity completes with the worker's output; a failing handler puts its error and cause in
//! the execution; heartbeats are sent; a shutdown finishes the task in hand.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use workflow_core::MachineType;
use workflow_deploy::{ActivityWorker, Deployer, StateMachineDeployment, TaskError};

use crate::common::{Fakecloud, Proxy, REGION, ROLE, canonical};

#[derive(serde::Deserialize)]
struct Order {
    id: u64,
    #[serde(default)]
    slow: bool,
}

async fn machine(deployer: &Deployer, activity_arn: &str) -> String {
    let definition = json!({
        "StartAt": "Charge",
        "States": {
            "Charge": {
                "Type": "Task",
                "Resource": activity_arn,
                "HeartbeatSeconds": 5,
                "TimeoutSeconds": 30,
                "End": true
            }
        }
    });
    deployer
        .deploy_state_machine(&StateMachineDeployment {
            name: "charge".into(),
            definition_json: canonical(&definition.to_string()),
            role_arn: ROLE.into(),
            machine_type: MachineType::Standard,
            tags: BTreeMap::new(),
        })
        .await
        .expect("deploy")
        .arn
}

async fn charge(order: Order) -> Result<Value, TaskError> {
    if order.slow {
        tokio::time::sleep(Duration::from_millis(700)).await;
    }
    if order.id == 0 {
        return Err(TaskError::new("InvalidOrder", "there is no order 0"));
    }
    Ok(json!({"charged": order.id}))
}

#[tokio::test(flavor = "multi_thread")]
async fn worker_serves_activity_tasks_end_to_end() {
    let Some(server) = Fakecloud::start() else {
        return;
    };
    let deployer = server.deployer();
    let activity = deployer.create_activity("charge").await.expect("activity");
    let arn = machine(&deployer, &activity.arn).await;

    // The worker talks through a recording proxy, so its heartbeats are counted on the wire.
    let proxy = Proxy::start(server.port);
    let client = Deployer::for_endpoint(&proxy.url(), REGION, "testing", "testing");
    let worker = ActivityWorker::new(client.client().clone(), &activity.arn, "test-worker")
        .concurrency(2)
        .heartbeat_interval(Duration::from_millis(200))
        .poll_error_backoff(Duration::from_millis(100));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let handled = Arc::new(AtomicUsize::new(0));
    let running = tokio::spawn({
        let worker = worker.clone();
        let handled = handled.clone();
        async move {
            worker
                .run(
                    move |order: Order| {
                        handled.fetch_add(1, Ordering::SeqCst);
                        charge(order)
                    },
                    async {
                        stopped.await.ok();
                    },
                )
                .await
        }
    });

    let ok_execution = deployer
        .start_execution(&arn, r#"{"id": 7, "slow": true}"#, Some("ok"))
        .await
        .unwrap();
    let bad = deployer
        .start_execution(&arn, r#"{"id": 0}"#, Some("bad"))
        .await
        .unwrap();
    let wait = |execution: String| {
        let deployer = &deployer;
        async move {
            deployer
                .wait_for_execution(
                    &execution,
                    Duration::from_millis(50),
                    Duration::from_secs(30),
                )
                .await
                .expect("wait")
        }
    };
    let ok = wait(ok_execution.clone()).await;
    assert_eq!(ok.status, "SUCCEEDED", "{ok}");
    let output: Value = serde_json::from_str(ok.output.as_deref().unwrap()).unwrap();
    assert_eq!(output, json!({"charged": 7}));
    let bad = wait(bad).await;
    assert_eq!(bad.status, "FAILED", "{bad}");
    assert_eq!(bad.error.as_deref(), Some("InvalidOrder"));
    assert_eq!(bad.cause.as_deref(), Some("there is no order 0"));

    // A task taken just before the shutdown is finished and reported.
    let late = deployer
        .start_execution(&arn, r#"{"id": 9, "slow": true}"#, Some("late"))
        .await
        .unwrap();
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
    assert_eq!(
        late.status, "SUCCEEDED",
        "finished after the shutdown signal: {late}"
    );

    assert_eq!(stats.tasks, 3, "{stats:?}");
    assert_eq!(stats.succeeded, 2, "{stats:?}");
    assert_eq!(stats.failed, 1, "{stats:?}");
    assert!(stats.heartbeats >= 4, "two slow tasks of 700 ms: {stats:?}");
    assert_eq!(proxy.count("SendTaskHeartbeat") as u64, stats.heartbeats);
    assert_eq!(proxy.count("SendTaskSuccess"), 2);
    assert_eq!(proxy.count("SendTaskFailure"), 1);
}
