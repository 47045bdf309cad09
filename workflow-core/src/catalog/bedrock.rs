//! Amazon Bedrock (connect-bedrock and its IAM section).
//!
//! `invokeModel` is granted on the model the request names: a foundation model id
//! (`anthropic.claude-3-haiku-20240307-v1:0`) becomes its foundation-model ARN, which has no
//! account; an ARN (a provisioned model, an inference profile, an imported or custom model) is
//! granted as written.

use super::*;

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
            grants: &[Grant::new(
                "BedrockInvokeModel",
                &["bedrock:InvokeModel"],
                &["arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/{ModelId}"],
            )],
            sync: None,
            result: Results {
                response: r#"{"Body": {}, "ContentType": "application/json"}"#,
                sync: None,
                payload: None,
                sync_payload: None,
            },
        },
        Action {
            name: "createModelCustomizationJob",
            patterns: &[Pattern::RequestResponse, Pattern::Sync],
            main_parameter: None,
            example: r#"{"JobName": "tune", "CustomModelName": "support", "BaseModelIdentifier": "amazon.titan-text-express-v1", "RoleArn": "arn:aws:iam::123456789012:role/bedrock", "TrainingDataConfig": {}, "OutputDataConfig": {}, "HyperParameters": {}}"#,
            grants: &[
                Grant::new(
                    "BedrockCreateModelCustomizationJob",
                    &["bedrock:CreateModelCustomizationJob"],
                    &[
                        "arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/{BaseModelIdentifier}",
                        "bedrock:custom-model/*",
                    ],
                )
                .wildcard("Bedrock names the custom model it creates with an id of its own"),
                Grant::new("BedrockPassRole", &["iam:PassRole"], &["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/{RoleArn}"])
                    .when(&[("StringEquals", "iam:PassedToService", "bedrock.amazonaws.com")]),
            ],
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "BedrockWatchModelCustomizationJob",
                    &[
                        "bedrock:GetModelCustomizationJob",
                        "bedrock:StopModelCustomizationJob",
                    ],
                    &["bedrock:model-customization-job/*"],
                )
                .wildcard("Bedrock names the job with an id of its own")],
                events_rule: EventsRule::Polled(
                    "the Step Functions guide's Bedrock IAM section grants no events rule: Step \
                     Functions polls bedrock:GetModelCustomizationJob",
                ),
            }),
            result: Results {
                response: r#"{"JobArn": "arn:aws:bedrock:…:model-customization-job/…"}"#,
                sync: Some(r#"{"JobArn": "…", "JobName": "tune", "OutputModelArn": "…", "Status": "Completed"}"#),
                payload: None,
                sync_payload: None,
            },
        },
    ],
    formats: &[],
    errors: &[],
};
