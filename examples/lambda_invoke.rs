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

/// A template parameter holding the ARN of a Lambda function.
fn function_parameter(name: &str, what: &str) -> Parameter {
    Parameter::string(name)
        .description(format!("ARN of the {what} Lambda function"))
        .allowed_pattern("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+$")
        .constraint_description("a Lambda function ARN")
}

fn main() -> std::process::ExitCode {
    let app = App::new()
        .description("workflow-rs example lambda_invoke: one Lambda invocation")
        .parameter(function_parameter("HelloFunctionArn", "hello"))
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
