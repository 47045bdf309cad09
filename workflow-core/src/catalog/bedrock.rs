//! Amazon Bedrock (connect-bedrock and its IAM section).

use super::*;

const NO_TEMPLATE: &str = "workflow-rs has no IAM template for this Bedrock action yet: only its API \
     action is granted, on `*`";

pub(super) static SERVICE: Service = Service {
    name: "bedrock",
    dsl_aliases: &[],
    sdk_name: "bedrock",
    actions: &[
        Action {
            name: "invokeModel",
            patterns: &[Pattern::RequestResponse, Pattern::WaitForTaskToken],
            main_parameter: Some("ModelId"),
            example: r#"{"ModelId": "anthropic.claude-3-haiku-20240307-v1:0", "Body": {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 200, "messages": []}}"#,
            grants: Grants::Table(&[Grant::new(
                "BedrockInvokeModel",
                &["bedrock:InvokeModel"],
                &["*"],
            )
            .wildcard(NO_TEMPLATE)]),
            sync: None,
            result: Results {
                response: r#"{"Body": {}, "ContentType": "application/json"}"#,
                sync: None,
            },
        },
        Action {
            name: "createModelCustomizationJob",
            patterns: &[Pattern::RequestResponse, Pattern::Sync],
            main_parameter: None,
            example: r#"{"JobName": "tune", "CustomModelName": "support", "BaseModelIdentifier": "amazon.titan-text-express-v1", "RoleArn": "arn:aws:iam::123456789012:role/bedrock", "TrainingDataConfig": {}, "OutputDataConfig": {}, "HyperParameters": {}}"#,
            grants: Grants::Table(&[Grant::new(
                "BedrockCreateModelCustomizationJob",
                &["bedrock:CreateModelCustomizationJob"],
                &["*"],
            )
            .wildcard(NO_TEMPLATE)]),
            sync: Some(SyncRole {
                polling: &[],
                events_rule: EventsRule::Polled(NO_TEMPLATE),
            }),
            result: Results {
                response: r#"{"JobArn": "arn:aws:bedrock:…:model-customization-job/…"}"#,
                sync: Some(
                    r#"{"JobArn": "…", "JobName": "tune", "OutputModelArn": "…", "Status": "Completed"}"#,
                ),
            },
        },
    ],
    errors: &[],
};
