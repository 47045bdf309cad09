//! AWS Lambda: `lambda:invoke` (connect-lambda, lambda-iam).

use super::*;

pub(super) static SERVICE: Service = Service {
    name: "lambda",
    dsl_aliases: &[],
    sdk_name: "lambda",
    actions: &[Action {
        name: "invoke",
        patterns: &[Pattern::RequestResponse, Pattern::WaitForTaskToken],
        main_parameter: Some("FunctionName"),
        example: r#"{"FunctionName": "charge", "Payload": {"order": 1}}"#,
        // Qualified and unqualified function ARNs, partial ARNs and placeholders.
        grants: Grants::Coded,
        sync: None,
        result: Results {
            response: r#"{"ExecutedVersion": "$LATEST", "Payload": {}, "SdkHttpMetadata": {"HttpStatusCode": 200}, "SdkResponseMetadata": {"RequestId": "…"}, "StatusCode": 200}"#,
            sync: None,
        },
    }],
    errors: &[
        "Lambda.AWSLambdaException",
        "Lambda.SdkClientException",
        "Lambda.ServiceException",
        "Lambda.TooManyRequestsException",
        "Lambda.Unknown",
    ],
};
