//! Seed workflow: a task whose errors are caught in order: a custom error goes to a fallback, a
//! task failure to a second fallback, and anything else to a recovery task that keeps the error
//! in `$.error`.

use workflow::core::template::{App, Output, Parameter, Value};
use workflow::{JsonShape, workflow};

/// What is charged.
#[derive(Debug, serde::Serialize, serde::Deserialize, schemars::JsonSchema, JsonShape)]
pub struct ChargeRequest {
    pub order_id: String,
    pub amount: f64,
}

/// What the charge and recovery functions return (the functions build it).
#[allow(dead_code)]
#[derive(Debug, serde::Serialize, serde::Deserialize, JsonShape)]
pub struct Outcome {
    pub status: String,
}

workflow! {
    /// A Lambda task with a chain of catchers.
    // Typed end to end: the recovery task reads the error output a catcher writes,
    // `{Error, Cause}`, at `$.error`.
    #[deny(untyped_state)]
    pub CatchChain(input = ChargeRequest) {
        Charge: task lambda::invoke("${ChargeFunctionArn}") -> Outcome {
            payload: { "Input": $ },
            catch: [CustomError] => CustomErrorFallback,
            catch: [States.TaskFailed] => TaskFailedFallback,
            catch: [States.ALL] result_path $.error => Recover,
            end,
        },
        CustomErrorFallback: pass {
            result: "This is a fallback from a custom Lambda function exception",
            end,
        },
        TaskFailedFallback: pass {
            result: "This is a fallback from any task failure",
            end,
        },
        Recover: task lambda::invoke("${RecoverFunctionArn}") -> Outcome {
            payload: { "Error": $.error, "Input": $ },
        },
    }
}

fn main() -> std::process::ExitCode {
    let app = App::new()
        .description("workflow-rs example catch_chain: a Lambda task with a chain of catchers")
        .parameter(
            Parameter::lambda_function_arn("ChargeFunctionArn")
                .description("ARN of the charge Lambda function"),
        )
        .parameter(
            Parameter::lambda_function_arn("RecoverFunctionArn")
                .description("ARN of the recovery Lambda function"),
        )
        .state_machine(
            workflow::synth::machine::<CatchChain>()
                .substitution("ChargeFunctionArn", Value::parameter("ChargeFunctionArn"))
                .substitution("RecoverFunctionArn", Value::parameter("RecoverFunctionArn")),
        )
        .output(Output::new("CatchChainArn", Value::reference("CatchChain")));
    workflow_deploy::cli::main(app)
}
