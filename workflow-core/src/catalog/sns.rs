//! Amazon SNS: `sns:publish` (connect-sns, sns-iam).

use super::*;

pub(super) static SERVICE: Service = Service {
    name: "sns",
    dsl_aliases: &[],
    sdk_name: "sns",
    actions: &[Action {
        name: "publish",
        patterns: &[Pattern::RequestResponse, Pattern::WaitForTaskToken],
        main_parameter: Some("TopicArn"),
        example: r#"{"TopicArn": "arn:aws:sns:us-east-1:123456789012:orders", "Message": "hello"}"#,
        // A topic, a target ARN, or a phone number: a phone's `*` covers the rest.
        grants: &[Grant::new(
            "SnsPublish",
            &["sns:Publish"],
            &["sns:{TopicArn,TargetArn!}", "{PhoneNumber?|sms}"],
        )],
        sync: None,
        result: Results {
            response: r#"{"MessageId": "…", "SdkHttpMetadata": {"HttpStatusCode": 200}}"#,
            sync: None,
            payload: None,
            sync_payload: None,
        },
    }],
    formats: &[],
    errors: &[],
};
