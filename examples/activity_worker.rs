//! Seed workflow: an activity worked on by a worker outside AWS, which may take up to a year
//! but must send a heartbeat at least every hour.

use workflow::core::template::{ActivitySpec, App, Output, Value};
use workflow::workflow;

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
    workflow_deploy::cli::main(app)
}
