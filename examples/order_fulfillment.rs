//! A realistic workflow: save an order, send large foreign orders to a person first, then
//! reserve every item (Map) while charging the customer (Parallel), wait for dispatch and
//! notify. Retries and catchers handle the failures. The input is typed: a path that does not
//! exist in `Order` fails the build.

use workflow::core::template::{App, EventRuleTrigger, LogLevel, Logging, Output, Value};

#[path = "shared/order_workflow.rs"]
mod order_workflow;

use order_workflow::{dependency_parameters, machine, parameter};

fn main() -> std::process::ExitCode {
    let app = App::new().description("workflow-rs example order_fulfillment: orders from payment to dispatch, started by an EventBridge event")
        .parameter(parameter(
            "OrdersTable",
            "Name of the DynamoDB table of orders",
            "^[A-Za-z0-9_.-]{3,255}$",
        ));
    let app = dependency_parameters(app)
        .state_machine(
            machine(Value::parameter("OrdersTable"))
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
            Output::new(
                "OrderFulfillmentAliasArn",
                Value::reference("OrderFulfillmentAlias"),
            )
            .description("Start executions here (the live alias)")
            .export_name(Value::sub("${AWS::StackName}-OrderFulfillmentAliasArn")),
        );
    workflow_deploy::cli::main(app)
}
