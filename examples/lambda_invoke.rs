//! Seed workflow: invoke a Lambda function with the whole input as its payload, with a
//! five-minute timeout.

use workflow::core::template::{App, Output, Parameter, Value};
use workflow::workflow;

workflow! {
    /// Invoke a Lambda function with the execution input as its payload.
    pub LambdaInvoke {
        Invoke: task lambda::invoke("${HelloFunctionArn}") {
            payload: { "Input": $ },
            timeout: 300s,
        },
    }
}

fn main() -> std::process::ExitCode {
    let app = App::new()
        .description("workflow-rs example lambda_invoke: one Lambda invocation")
        .parameter(
            Parameter::lambda_function_arn("HelloFunctionArn")
                .description("ARN of the hello Lambda function"),
        )
        .state_machine(
            workflow::synth::machine::<LambdaInvoke>()
                .substitution("HelloFunctionArn", Value::parameter("HelloFunctionArn")),
        )
        .output(Output::new(
            "LambdaInvokeArn",
            Value::reference("LambdaInvoke"),
        ));
    workflow_deploy::cli::main(app)
}
