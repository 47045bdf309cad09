//! The order-fulfillment workflow and its input, shared by the `order_fulfillment` and
//! `order_api` examples (each includes this file with `#[path]`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use workflow::core::template::{App, Parameter, StateMachineSpec, Value};
use workflow::{JsonShape, workflow};

/// What starts an execution.
#[derive(Debug, Serialize, Deserialize, JsonSchema, JsonShape)]
pub struct Order {
    pub id: String,
    pub total: f64,
    pub country: String,
    pub items: Vec<Item>,
}

/// One line of an order.
#[derive(Debug, Serialize, Deserialize, JsonSchema, JsonShape)]
pub struct Item {
    pub sku: String,
    pub quantity: u32,
}

/// What the reviewer sends back with the task token.
#[derive(Debug, Serialize, Deserialize, JsonShape)]
pub struct Review {
    pub approved: bool,
    pub reviewer: String,
}

/// What the stock reservation function returns for one item.
#[derive(Debug, Serialize, Deserialize, JsonShape)]
#[serde(rename_all = "camelCase")]
pub struct Reservation {
    pub reservation_id: String,
}

/// What the payment function returns.
#[derive(Debug, Serialize, Deserialize, JsonShape)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    pub payment_id: String,
}

workflow! {
    /// Take an order from payment to dispatch.
    // Every state is typed: the input is an `Order` and each task declares what it returns,
    // so every path below is checked at compile time.
    #[deny(untyped_state)]
    pub OrderFulfillment(input = Order) {
        SaveOrder: task dynamodb::put_item {
            parameters: {
                "TableName": "${OrdersTable}",
                "Item": { "id": { "S": $.id }, "status": { "S": "received" } },
            },
            result_path: null,
            retry: ["DynamoDB.ProvisionedThroughputExceededException"] every 2s x5 backoff 2.0,
        },
        /// Large orders from abroad are looked at by a person first.
        CheckOrder: choice {
            $.total >= 100 && !($.country == "US") => ManualReview,
            _ => Fulfil,
        },
        ManualReview: task sqs::send_message.wait_for_task_token -> Review {
            parameters: {
                "QueueUrl": "${ReviewQueueUrl}",
                "MessageBody": { "Order": $, "TaskToken": $$.Task.Token },
            },
            heartbeat: 1h,
            timeout: 2d,
            result_path: $.review,
            next: Fulfil,
        },
        Fulfil: parallel {
            branch {
                ReserveItems: map {
                    items: $.items,
                    max_concurrency: 10,
                    item_selector: { "Item": $$.Map.Item.Value, "Order": $.id },
                    processor {
                        Reserve: task lambda::invoke("${ReserveFunctionArn}") -> Reservation {
                            payload: $,
                            retry: [States.TaskFailed] every 1s x3 backoff 2.0,
                        },
                    },
                },
            },
            branch {
                Charge: task lambda::invoke("${ChargeFunctionArn}") -> Payment {
                    payload: { "Order": $.id, "Amount": $.total },
                    timeout: 30s,
                    retry: [States.Timeout] every 5s x2 backoff 2.0 jitter full,
                },
            },
            result_path: $.fulfilment,
            catch: [States.ALL] result_path $.error => NotifyFailure,
        },
        WaitForDispatch: wait 1h,
        NotifyShipped: task sns::publish {
            parameters: {
                "TopicArn": "${OrdersTopicArn}",
                "Message": format("order {} is on its way", $.id),
            },
            end,
        },
        NotifyFailure: task sns::publish {
            parameters: {
                "TopicArn": "${OrdersTopicArn}",
                "Message": format("order {} failed", $.id),
            },
            result_path: null,
            next: OrderFailed,
        },
        OrderFailed: fail { error: "OrderFailed", cause: $.error.Cause },
    }
}

/// A template parameter: a name or ARN matching `pattern`.
pub fn parameter(name: &str, description: &str, pattern: &str) -> Parameter {
    Parameter::string(name)
        .description(description)
        .allowed_pattern(pattern)
}

/// Adds the parameters naming what the workflow calls outside the stack: the review queue,
/// the two Lambda functions and the notification topic.
pub fn dependency_parameters(app: App) -> App {
    app.parameter(parameter(
        "ReviewQueueUrl",
        "URL of the SQS queue of orders to review",
        "^https://sqs\\.[a-z0-9-]+\\.amazonaws\\.com/[0-9]{12}/[A-Za-z0-9_-]+$",
    ))
    .parameter(parameter(
        "ReviewQueueArn",
        "ARN of the same queue, for the execution role",
        "^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$",
    ))
    .parameter(
        Parameter::lambda_function_arn("ReserveFunctionArn")
            .description("ARN of the stock reservation Lambda function"),
    )
    .parameter(
        Parameter::lambda_function_arn("ChargeFunctionArn")
            .description("ARN of the payment Lambda function"),
    )
    .parameter(parameter(
        "OrdersTopicArn",
        "ARN of the SNS topic of order notifications",
        "^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$",
    ))
}

/// The workflow as a state machine of the stack, its placeholders bound to the table
/// `orders_table` and to the parameters of [`dependency_parameters`].
pub fn machine(orders_table: Value) -> StateMachineSpec {
    workflow::synth::machine::<OrderFulfillment>()
        .substitution("OrdersTable", orders_table)
        .substitution("ReviewQueueUrl", Value::parameter("ReviewQueueUrl"))
        // Asked for by the execution role: the policy names the queue by its ARN.
        .substitution("ReviewQueueArn", Value::parameter("ReviewQueueArn"))
        .substitution("ReserveFunctionArn", Value::parameter("ReserveFunctionArn"))
        .substitution("ChargeFunctionArn", Value::parameter("ChargeFunctionArn"))
        .substitution("OrdersTopicArn", Value::parameter("OrdersTopicArn"))
}
