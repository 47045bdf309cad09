//! Reuse: a retry policy, a catch, an error list and a block of parameters written once, in
//! another module, and used in many states of two workflows; one fragment uses another.
use workflow::{Workflow, workflow};

mod policies {
    workflow::fragment! {
        /// DynamoDB's throttling, retried with backoff.
        pub(crate) dynamo_retry {
            /// Throttled: back off.
            [DynamoDB.ProvisionedThroughputExceededException, DynamoDB.ThrottlingException]
            every 2s x6 backoff 2
        }
        pub(crate) lambda_errors { Lambda.ServiceException, Lambda.AWSLambdaException }
        /// A catch of Lambda's errors that keeps the input: the target is written at the use.
        pub(crate) lambda_catch { [crate::policies::lambda_errors!(), States.Timeout] result_path $.error }
        pub(crate) order_key { "TableName": "${OrdersTable}", "Key": { "id": { "S.$": "$$.Execution.Input.id" } } }
        /// Several retriers, spliced as body entries.
        pub(crate) standard_retries {
            retry: crate::policies::dynamo_retry!(),
            retry: [States.ALL] every 1s x2,
        }
    }
}

use policies::{dynamo_retry, lambda_catch, order_key};

workflow! {
    pub Save {
        Put: task dynamodb::put_item {
            parameters: { order_key!(), "Item": { "id": { "S.$": "$.id" } } },
            retry: dynamo_retry!(),
            next: Notify,
        },
        Notify: task lambda::invoke("${NotifyFn}") {
            catch: lambda_catch!() => Failed,
            end,
        },
        Failed: fail { error: "NotifyFailed" },
    }
}

workflow! {
    pub Remove {
        Delete: task dynamodb::delete_item {
            parameters: { order_key!() },
            policies::standard_retries!(),
            catch: lambda_catch!() => Failed,
            end,
        },
        Failed: fail,
    }
}

fn main() {
    let save: serde_json::Value = serde_json::from_str(Save::ASL).unwrap();
    let retry = &save["States"]["Put"]["Retry"][0];
    assert_eq!(retry["Comment"], "Throttled: back off.");
    assert_eq!(retry["MaxAttempts"], 6);
    assert_eq!(retry["BackoffRate"], 2);
    assert_eq!(
        save["States"]["Put"]["Parameters"]["Key"]["id"]["S.$"],
        "$$.Execution.Input.id"
    );
    assert_eq!(save["States"]["Put"]["Parameters"]["Item"]["id"]["S.$"], "$.id");
    let catch = &save["States"]["Notify"]["Catch"][0];
    assert_eq!(
        catch["ErrorEquals"],
        serde_json::json!(["Lambda.ServiceException", "Lambda.AWSLambdaException", "States.Timeout"])
    );
    assert_eq!(catch["ResultPath"], "$.error");
    assert_eq!(catch["Next"], "Failed");

    let remove: serde_json::Value = serde_json::from_str(Remove::ASL).unwrap();
    let retries = remove["States"]["Delete"]["Retry"].as_array().unwrap();
    assert_eq!(retries.len(), 2);
    assert_eq!(retries[0], *retry);
    assert_eq!(retries[1]["ErrorEquals"], serde_json::json!(["States.ALL"]));
}
