//! Seed workflow: a task retried first on its own error, then on any task failure, then on
//! anything else: one second apart at first, twice each, doubling the wait each time.

use workflow::core::template::{App, Output, Parameter, Value};
use workflow::workflow;

workflow! {
    /// A Lambda task with a chain of retriers.
    pub RetryChain {
        Charge: task lambda::invoke("${ChargeFunctionArn}") {
            payload: { "Input": $ },
            retry: [CustomerError] every 1s x2 backoff 2.0,
            retry: [States.TaskFailed] every 1s x2 backoff 2.0,
            retry: [States.ALL] every 1s x2 backoff 2.0,
            end,
        },
    }
}

fn main() -> std::process::ExitCode {
    let app = App::new()
        .description("workflow-rs example retry_chain: a Lambda task with a chain of retriers")
        .parameter(
            Parameter::lambda_function_arn("ChargeFunctionArn")
                .description("ARN of the charge Lambda function"),
        )
        .state_machine(
            workflow::synth::machine::<RetryChain>()
                .substitution("ChargeFunctionArn", Value::parameter("ChargeFunctionArn")),
        )
        .output(Output::new("RetryChainArn", Value::reference("RetryChain")));
    workflow_deploy::cli::main(app)
}
