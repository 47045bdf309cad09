//! Seed workflow: an activity worked on by a worker outside AWS, which may take up to a year
//! but must send a heartbeat at least every hour.
//!
//! The program is also the worker: after `deploy`, `worker --activity ReviewActivity` serves
//! the activity with the handler below (heartbeats every 20 s, well within the hour; Ctrl-C
//! stops polling and finishes the tasks in hand).

use workflow::core::template::{ActivitySpec, App, Output, Value};
use workflow::workflow;
use workflow_deploy::TaskError;

/// What the workflow hands to the worker: the state input.
#[derive(Debug, serde::Deserialize)]
pub struct Review {
    document: String,
}

/// What the worker hands back: the state output.
#[derive(Debug, serde::Serialize)]
pub struct Verdict {
    document: String,
    approved: bool,
}

/// Reviews one document: an empty one is refused (the task fails with `EmptyDocument`). The
/// same function serves the deployed activity and the local test (`tests/local_examples.rs`).
pub async fn review(input: Review) -> Result<Verdict, TaskError> {
    if input.document.trim().is_empty() {
        return Err(TaskError::new(
            "EmptyDocument",
            "there is nothing to review",
        ));
    }
    Ok(Verdict {
        document: input.document,
        approved: true,
    })
}

workflow! {
    /// Hand the work to an activity worker.
    pub ActivityWorker {
        DoWork: task activity("${ReviewActivityArn}") {
            timeout: 365d,
            heartbeat: 1h,
        },
    }
}

fn main() -> std::process::ExitCode {
    let app = App::new()
        .description("workflow-rs example activity_worker: work handed to an activity worker")
        // The activity the worker polls (GetActivityTask), named `<stack>-ReviewActivity`.
        .activity(ActivitySpec::new("ReviewActivity").tag("app", "activity-worker"))
        .state_machine(
            workflow::synth::machine::<ActivityWorker>()
                .substitution("ReviewActivityArn", Value::reference("ReviewActivity"))
                .tag("app", "activity-worker"),
        )
        .output(
            Output::new("ReviewActivityArn", Value::reference("ReviewActivity"))
                .description("The activity workers poll"),
        )
        .output(Output::new(
            "ActivityWorkerArn",
            Value::reference("ActivityWorker"),
        ));
    workflow_deploy::cli::Program::new(app)
        .activity_handler("ReviewActivity", review)
        .main()
}
