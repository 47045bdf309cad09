//! An activity worker: long-polls `GetActivityTask`, runs an async handler on the typed input,
//! sends heartbeats while it runs, and reports `SendTaskSuccess` or `SendTaskFailure`.
//!
//! - Concurrency is limited by a semaphore: no task is requested without a free slot, so a
//!   task taken is always a task run.
//! - Heartbeats go out every [`ActivityWorker::heartbeat_interval`], which should be below the
//!   Task state's `HeartbeatSeconds`.
//! - A handler that panics fails its task (`HandlerPanicked`) instead of losing it.
//! - Shutdown (the `shutdown` future given to [`ActivityWorker::run`] completes): no new poll
//!   starts, a poll in flight is awaited (the service may already have handed it a task), and
//!   every task taken is finished and reported before `run` returns.
//!
//! ```no_run
//! # async fn demo(activity_arn: &str) -> workflow_deploy::Result<()> {
//! use std::time::Duration;
//! use workflow_deploy::{ActivityWorker, TaskError};
//!
//! #[derive(serde::Deserialize)]
//! struct Order { id: u64 }
//! #[derive(serde::Serialize)]
//! struct Receipt { id: u64, charged: bool }
//!
//! let deployer = workflow_deploy::Deployer::from_env().await;
//! // Send on `stop` (e.g. from a signal handler) to shut the worker down gracefully.
//! let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
//! # drop(stop);
//! let worker = ActivityWorker::new(deployer.client().clone(), activity_arn, "worker-1")
//!     .concurrency(4)
//!     .heartbeat_interval(Duration::from_secs(20));
//! let stats = worker
//!     .run(
//!         |order: Order| async move {
//!             if order.id == 0 {
//!                 return Err(TaskError::new("InvalidOrder", "order id 0 does not exist"));
//!             }
//!             Ok(Receipt { id: order.id, charged: true })
//!         },
//!         async { stopped.await.ok(); },
//!     )
//!     .await;
//! println!("{stats:?}");
//! # Ok(())
//! # }
//! ```

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::callback::TaskCallback;

/// How a handler fails a task: the `error` name and `cause` that `SendTaskFailure` reports
/// (truncated to the API's limits), and that Retry/Catch match on. The same type answers a task
/// run in process by `workflow-local` (`Runner::mock`, `Runner::activity`), so one handler
/// serves a deployed worker and a local test; any `std::error::Error` converts into it.
pub use workflow::local::TaskError;

/// Counters of a worker's run, readable while it runs ([`ActivityWorker::stats`]).
#[derive(Debug, Default)]
pub struct WorkerCounters {
    polls: AtomicU64,
    poll_errors: AtomicU64,
    tasks: AtomicU64,
    succeeded: AtomicU64,
    failed: AtomicU64,
    heartbeats: AtomicU64,
    report_errors: AtomicU64,
}

/// A snapshot of the counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WorkerStats {
    /// `GetActivityTask` calls answered.
    pub polls: u64,
    /// `GetActivityTask` calls that failed (the worker backs off and polls again).
    pub poll_errors: u64,
    /// Tasks taken.
    pub tasks: u64,
    /// Tasks reported with `SendTaskSuccess`.
    pub succeeded: u64,
    /// Tasks reported with `SendTaskFailure`.
    pub failed: u64,
    /// Heartbeats sent and accepted.
    pub heartbeats: u64,
    /// Reports or heartbeats the service refused (e.g. the task had timed out).
    pub report_errors: u64,
}

impl WorkerCounters {
    fn snapshot(&self) -> WorkerStats {
        let get = |c: &AtomicU64| c.load(Ordering::SeqCst);
        WorkerStats {
            polls: get(&self.polls),
            poll_errors: get(&self.poll_errors),
            tasks: get(&self.tasks),
            succeeded: get(&self.succeeded),
            failed: get(&self.failed),
            heartbeats: get(&self.heartbeats),
            report_errors: get(&self.report_errors),
        }
    }
}

fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::SeqCst);
}

/// Serves one activity. Build it with [`ActivityWorker::new`], tune it, then [`run`] it.
///
/// [`run`]: ActivityWorker::run
#[derive(Debug, Clone)]
pub struct ActivityWorker {
    client: aws_sdk_sfn::Client,
    activity_arn: String,
    worker_name: String,
    concurrency: usize,
    heartbeat_interval: Duration,
    poll_error_backoff: Duration,
    counters: Arc<WorkerCounters>,
}

impl ActivityWorker {
    /// A worker for the activity `activity_arn`, named `worker_name` in the execution history;
    /// one task at a time, a heartbeat every 30 s, 1 s of backoff after a failed poll.
    pub fn new(client: aws_sdk_sfn::Client, activity_arn: &str, worker_name: &str) -> Self {
        ActivityWorker {
            client,
            activity_arn: activity_arn.to_owned(),
            worker_name: worker_name.to_owned(),
            concurrency: 1,
            heartbeat_interval: Duration::from_secs(30),
            poll_error_backoff: Duration::from_secs(1),
            counters: Arc::default(),
        }
    }

    /// How many tasks run at once (at least 1).
    pub fn concurrency(mut self, tasks: usize) -> Self {
        self.concurrency = tasks.max(1);
        self
    }

    /// The time between heartbeats of a running task; keep it below the state's
    /// `HeartbeatSeconds` (e.g. a third of it).
    pub fn heartbeat_interval(mut self, interval: Duration) -> Self {
        self.heartbeat_interval = interval.max(Duration::from_millis(10));
        self
    }

    /// The pause after a failed `GetActivityTask` before polling again.
    pub fn poll_error_backoff(mut self, backoff: Duration) -> Self {
        self.poll_error_backoff = backoff;
        self
    }

    /// The counters so far (also while [`ActivityWorker::run`] runs, from a clone).
    pub fn stats(&self) -> WorkerStats {
        self.counters.snapshot()
    }

    /// Serves tasks until `shutdown` completes, then finishes the tasks it took and returns the
    /// counters. A poll that fails is counted and retried after the backoff.
    pub async fn run<I, O, H, F>(
        &self,
        handler: H,
        shutdown: impl Future<Output = ()>,
    ) -> WorkerStats
    where
        I: DeserializeOwned + Send + 'static,
        O: Serialize + Send + 'static,
        H: Fn(I) -> F + Send + Sync + 'static,
        F: Future<Output = Result<O, TaskError>> + Send + 'static,
    {
        let handler = Arc::new(handler);
        let slots = Arc::new(Semaphore::new(self.concurrency));
        let mut running: JoinSet<()> = JoinSet::new();
        tokio::pin!(shutdown);
        let mut stopping = false;
        while !stopping {
            // Wait for a free slot (or the shutdown); finished tasks are reaped meanwhile.
            let permit = tokio::select! {
                biased;
                () = &mut shutdown => break,
                permit = slots.clone().acquire_owned() => match permit {
                    Ok(permit) => permit,
                    Err(_) => break,
                },
            };
            while running.try_join_next().is_some() {}
            let poll = self
                .client
                .get_activity_task()
                .activity_arn(&self.activity_arn)
                .worker_name(&self.worker_name)
                .send();
            tokio::pin!(poll);
            // The poll is never cancelled: the service may already have handed it a task.
            let answer = loop {
                tokio::select! {
                    answer = &mut poll => break answer,
                    () = &mut shutdown, if !stopping => stopping = true,
                }
            };
            match answer {
                Ok(out) => {
                    bump(&self.counters.polls);
                    let Some(token) = out.task_token().filter(|t| !t.is_empty()) else {
                        continue;
                    };
                    bump(&self.counters.tasks);
                    let job = Job {
                        callback: TaskCallback::new(self.client.clone()),
                        token: token.to_owned(),
                        input: out.input().unwrap_or("{}").to_owned(),
                        heartbeat_interval: self.heartbeat_interval,
                        counters: self.counters.clone(),
                    };
                    let handler = handler.clone();
                    running.spawn(async move {
                        job.run(handler.as_ref()).await;
                        drop(permit);
                    });
                }
                Err(_) => {
                    bump(&self.counters.poll_errors);
                    drop(permit);
                    tokio::select! {
                        () = tokio::time::sleep(self.poll_error_backoff) => {}
                        () = &mut shutdown, if !stopping => stopping = true,
                    }
                }
            }
        }
        while running.join_next().await.is_some() {}
        self.counters.snapshot()
    }
}

/// One task taken from the service.
struct Job {
    callback: TaskCallback,
    token: String,
    input: String,
    heartbeat_interval: Duration,
    counters: Arc<WorkerCounters>,
}

impl Job {
    async fn run<I, O, H, F>(self, handler: &H)
    where
        I: DeserializeOwned,
        O: Serialize + Send + 'static,
        H: Fn(I) -> F,
        F: Future<Output = Result<O, TaskError>> + Send + 'static,
    {
        let outcome = match serde_json::from_str::<I>(&self.input) {
            Ok(input) => {
                // Its own task, so that a panicking handler still gets its task reported.
                let work = tokio::spawn(handler(input));
                tokio::pin!(work);
                let mut ticks = tokio::time::interval(self.heartbeat_interval);
                ticks.tick().await;
                loop {
                    tokio::select! {
                        result = &mut work => break result.unwrap_or_else(|e| {
                            Err(TaskError::new("HandlerPanicked", format!("the handler {e}")))
                        }),
                        _ = ticks.tick() => match self.callback.heartbeat(&self.token).await {
                            Ok(()) => bump(&self.counters.heartbeats),
                            Err(_) => bump(&self.counters.report_errors),
                        },
                    }
                }
            }
            Err(e) => Err(TaskError::new(
                "InvalidTaskInput",
                format!("the task input does not match the handler's input type: {e}"),
            )),
        };
        let output = outcome.and_then(|output| {
            serde_json::to_string(&output).map_err(|e| {
                TaskError::new(
                    "InvalidTaskOutput",
                    format!("the handler's output could not be serialized: {e}"),
                )
            })
        });
        let reported = match output {
            Ok(json) => match self.callback.succeed_json(&self.token, &json).await {
                Ok(()) => {
                    bump(&self.counters.succeeded);
                    Ok(())
                }
                Err(crate::Error::Invalid { message, .. }) => {
                    self.fail(&TaskError::new("InvalidTaskOutput", message))
                        .await
                }
                Err(e) => Err(e),
            },
            Err(error) => self.fail(&error).await,
        };
        if reported.is_err() {
            bump(&self.counters.report_errors);
        }
    }

    async fn fail(&self, error: &TaskError) -> crate::Result<()> {
        self.callback
            .fail(&self.token, &error.error, &error.cause)
            .await?;
        bump(&self.counters.failed);
        Ok(())
    }
}
