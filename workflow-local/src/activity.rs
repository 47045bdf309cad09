//! Activities served in process by the same handler a deployed worker runs.
//!
//! `workflow_deploy::ActivityWorker` (and `Program::activity_handler`) take an async handler,
//! `Fn(I) -> impl Future<Output = Result<O, TaskError>>`: the task input deserialized into `I`,
//! the output serialized from `O`, a failure reported with its error name and cause. Its
//! synchronous equivalent here is a typed mock, `FnMut(I) -> Result<O, TaskError>`
//! ([`Runner::mock`](crate::Runner::mock)); [`Runner::activity`](crate::Runner::activity)
//! takes the async handler itself and drives each call to its end with [`block_on`], a
//! std-only executor, so one handler function serves both without an async runtime here:
//!
//! ```
//! use workflow_local::{Runner, Status, TaskError};
//!
//! #[derive(serde::Deserialize)]
//! struct Review { document: String }
//! #[derive(serde::Serialize)]
//! struct Verdict { approved: bool }
//!
//! // The handler a deployed worker registers, unchanged.
//! async fn review(input: Review) -> Result<Verdict, TaskError> {
//!     if input.document.is_empty() {
//!         return Err(TaskError::new("EmptyDocument", "there is nothing to review"));
//!     }
//!     Ok(Verdict { approved: true })
//! }
//!
//! let definition = r#"{"StartAt": "DoWork", "States": {"DoWork": {"Type": "Task",
//!     "Resource": "arn:aws:states:us-east-1:111111111111:activity:review", "End": true}}}"#;
//! let mut runner = Runner::from_definition(definition).unwrap().activity("DoWork", review);
//! assert_eq!(runner.run(serde_json::json!({"document": "a.pdf"})).status, Status::Succeeded);
//! assert_eq!(runner.run(serde_json::json!({"document": ""})).error.as_deref(), Some("EmptyDocument"));
//! ```
//!
//! A synchronous handler `fn handle(I) -> Result<O, TaskError>` serves both the same way: a
//! deployed worker as `|input| async move { handle(input) }`, and here as that same closure or
//! directly as a mock (`.mock(state, handle)`).
//!
//! `workflow_deploy::TaskError` is this crate's [`TaskError`]; a handler with another error
//! type that converts into it works too.
//!
//! A handler that awaits a particular runtime's I/O or timers (tokio's `sleep`, a tokio socket)
//! needs that runtime's context: run the test inside it (`#[tokio::test]`), or keep such calls
//! out of the handler's core.

use crate::runner::TaskError;
use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::Thread;

/// Wakes the thread that polls the future.
struct Unpark(Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs `future` to its end on the current thread, parking it while the future waits.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(output) => return output,
            Poll::Pending => std::thread::park(),
        }
    }
}

/// An async activity handler as a synchronous typed mock.
pub(crate) fn blocking<I, O, E, H, F>(handler: H) -> impl FnMut(I) -> Result<O, TaskError> + 'static
where
    H: Fn(I) -> F + 'static,
    F: Future<Output = Result<O, E>>,
    E: Into<TaskError>,
{
    move |input| block_on(handler(input)).map_err(Into::into)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_future_that_wakes_itself_later_completes() {
        let mut polls = 0;
        let answer = block_on(std::future::poll_fn(|cx| {
            polls += 1;
            if polls < 3 {
                cx.waker().wake_by_ref();
                Poll::Pending
            } else {
                Poll::Ready(polls)
            }
        }));
        assert_eq!(answer, 3);
    }

    #[test]
    fn any_error_converts_to_a_task_error_named_after_its_type() {
        let parse = "x".parse::<u32>().unwrap_err();
        let error = TaskError::from(parse);
        assert_eq!(error.error, "ParseIntError");
        assert_eq!(error.cause, "invalid digit found in string");
    }
}
