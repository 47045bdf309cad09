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
        grants: &[Grant::new(
            "LambdaInvokeFunction",
            &["lambda:InvokeFunction"],
            &["{FunctionName|function}"],
        )],
        sync: None,
        result: Results {
            // The envelope of the Invoke API: the function's answer under `Payload`.
            response: r#"{"ExecutedVersion": "$LATEST", "Payload": {}, "SdkHttpMetadata": {"AllHttpHeaders": {"X-Amz-Executed-Version": ["$LATEST"], "x-amzn-RequestId": ["…"], "Content-Type": ["application/json"]}, "HttpHeaders": {"Content-Type": "application/json", "X-Amz-Executed-Version": "$LATEST", "x-amzn-RequestId": "…"}, "HttpStatusCode": 200}, "SdkResponseMetadata": {"RequestId": "…"}, "StatusCode": 200}"#,
            sync: None,
            payload: Some("Payload"),
            sync_payload: None,
        },
    }],
    formats: &[],
    errors: &[
        "Lambda.AWSLambdaException",
        "Lambda.SdkClientException",
        "Lambda.ServiceException",
        "Lambda.TooManyRequestsException",
        "Lambda.Unknown",
    ],
};
