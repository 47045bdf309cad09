//! Activities and the activity worker against moto.
//!
//! moto 5.2.5 implements CreateActivity, DescribeActivity, ListActivities and DeleteActivity,
//! but not GetActivityTask (HTTP 500 whether its interpreter is on or off), and its interpreter
//! gives each execution an empty activity store, so an activity Task fails with States.Runtime.
//! The worker is therefore tested here on what moto supports: the activity API, polling through
//! a recording proxy (every failed poll counted, backoff, graceful shutdown), and task reports
//! by token.

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
