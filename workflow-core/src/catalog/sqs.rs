//! Amazon SQS: `sqs:sendMessage` (connect-sqs, sqs-iam).

use super::*;

pub(super) static SERVICE: Service = Service {
    name: "sqs",
    dsl_aliases: &[],
    sdk_name: "sqs",
    actions: &[Action {
        name: "sendMessage",
        patterns: &[Pattern::RequestResponse, Pattern::WaitForTaskToken],
        main_parameter: Some("QueueUrl"),
        example: r#"{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/orders", "MessageBody": "hello"}"#,
        grants: &[Grant::new(
            "SqsSendMessage",
            &["sqs:SendMessage"],
            &["{QueueUrl|queue}"],
        )],
        sync: None,
        result: Results {
            response: r#"{"MD5OfMessageBody": "…", "MessageId": "…"}"#,
            sync: None,
            payload: None,
            sync_payload: None,
        },
    }],
    formats: &[],
    errors: &["SQS.AmazonSQSException", "SQS.SdkClientException"],
};
