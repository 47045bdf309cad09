//! A realistic workflow: save an order, send large foreign orders to a person first, then
//! reserve every item (Map) while charging the customer (Parallel), wait for dispatch and
//! notify. Retries and catchers handle the failures. The input is typed: a path that does not
//! exist in `Order` fails the build.

use workflow::core::template::{
    App, EventRuleTrigger, LogLevel, Logging, Output, Parameter, Value,
};

#[path = "shared/order_workflow.rs"]
mod order_workflow;

use order_workflow::OrderFulfillment;

/// A template parameter holding the ARN of a Lambda function.
fn function_parameter(name: &str, what: &str) -> Parameter {
    Parameter::string(name)
        .description(format!("ARN of the {what} Lambda function"))
        .allowed_pattern("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+$")
        .constraint_description("a Lambda function ARN")
}

/// A template parameter: a name or ARN matching `pattern`.
fn parameter(name: &str, description: &str, pattern: &str) -> Parameter {
    Parameter::string(name)
        .description(description)
        .allowed_pattern(pattern)
}

fn main() -> std::process::ExitCode {
    let app = App::new()
        .description("workflow-rs example order_fulfillment: orders from payment to dispatch, started by an EventBridge event")
        .parameter(parameter(
            "OrdersTable",
            "Name of the DynamoDB table of orders",
            "^[A-Za-z0-9_.-]{3,255}$",
        ))
        .parameter(parameter(
            "ReviewQueueUrl",
            "URL of the SQS queue of orders to review",
            "^https://sqs\\.[a-z0-9-]+\\.amazonaws\\.com/[0-9]{12}/[A-Za-z0-9_-]+$",
        ))
        .parameter(parameter(
            "ReviewQueueArn",
            "ARN of the same queue, for the execution role",
            "^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$",
        ))
        .parameter(function_parameter("ReserveFunctionArn", "stock reservation"))
        .parameter(function_parameter("ChargeFunctionArn", "payment"))
        .parameter(parameter(
            "OrdersTopicArn",
            "ARN of the SNS topic of order notifications",
            "^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$",
        ))
        .state_machine(
            workflow::synth::machine::<OrderFulfillment>()
                .substitution("OrdersTable", Value::parameter("OrdersTable"))
                .substitution("ReviewQueueUrl", Value::parameter("ReviewQueueUrl"))
                // Asked for by the execution role: the policy names the queue by its ARN.
                .substitution("ReviewQueueArn", Value::parameter("ReviewQueueArn"))
                .substitution("ReserveFunctionArn", Value::parameter("ReserveFunctionArn"))
                .substitution("ChargeFunctionArn", Value::parameter("ChargeFunctionArn"))
                .substitution("OrdersTopicArn", Value::parameter("OrdersTopicArn"))
                .logging(Logging::new(LogLevel::All).retention_days(365))
                .tracing(true)
                .tag("app", "orders")
                .publish_version("live")
                .version_description("Order fulfillment, as last deployed"),
        )
        .trigger(
            EventRuleTrigger::new(
                "OnOrderPlaced",
                "OrderFulfillment",
                serde_json::json!({
                    "source": ["com.example.shop"],
                    "detail-type": ["OrderPlaced"],
                }),
            )
            .description("Every order placed in the shop starts a fulfillment"),
        )
        .output(
            Output::new("OrderFulfillmentAliasArn", Value::reference("OrderFulfillmentAlias"))
                .description("Start executions here (the live alias)")
                .export_name(Value::sub("${AWS::StackName}-OrderFulfillmentAliasArn")),
        );
    workflow_deploy::cli::main(app)
}
