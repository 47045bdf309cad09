//! The order-fulfillment workflow and its input, shared by the `order_fulfillment` and
//! `order_api` examples (each includes this file with `#[path]`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use workflow::workflow;

/// What starts an execution.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct Order {
    pub id: String,
    pub total: f64,
    pub country: String,
    pub items: Vec<Item>,
}

/// One line of an order.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct Item {
    pub sku: String,
    pub quantity: u32,
}

workflow! {
    /// Take an order from payment to dispatch.
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
        ManualReview: task sqs::send_message.wait_for_task_token {
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
                        Reserve: task lambda::invoke("${ReserveFunctionArn}") {
                            payload: $,
                            retry: [States.TaskFailed] every 1s x3 backoff 2.0,
                        },
                    },
                },
            },
            branch {
                Charge: task lambda::invoke("${ChargeFunctionArn}") {
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
