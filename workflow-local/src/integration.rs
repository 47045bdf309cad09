//! How an integration wraps what a typed mock returns into the response AWS gives the state:
//! `lambda:invoke` puts the function's result under `Payload` with the invocation's metadata.
//! Other integrations return the mock's value as the response itself.

use serde_json::{Value, json};

/// `arn:aws:states:::lambda:invoke` (any pattern).
fn is_lambda_invoke(resource: &str) -> bool {
    resource
        .split_once(":::")
        .is_some_and(|(_, rest)| rest == "lambda:invoke" || rest.starts_with("lambda:invoke."))
}

/// The response AWS records for `resource` when the callee returned `result`; `request_id` names
/// the call (AWS draws it at random; callers pass a repeatable one).
pub fn shape_response(resource: &str, result: Value, request_id: &str) -> Value {
    if !is_lambda_invoke(resource) {
        return result;
    }
    json!({
        "ExecutedVersion": "$LATEST",
        "Payload": result,
        "SdkHttpMetadata": {
            "AllHttpHeaders": {
                "X-Amz-Executed-Version": ["$LATEST"],
                "x-amzn-RequestId": [request_id],
                "Content-Type": ["application/json"],
            },
            "HttpHeaders": {
                "Content-Type": "application/json",
                "X-Amz-Executed-Version": "$LATEST",
                "x-amzn-RequestId": request_id,
            },
            "HttpStatusCode": 200,
        },
        "SdkResponseMetadata": {"RequestId": request_id},
        "StatusCode": 200,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambda_invoke_wraps_the_payload() {
        let shaped = shape_response("arn:aws:states:::lambda:invoke", json!({"a": 1}), "id");
        assert_eq!(shaped["Payload"], json!({"a": 1}));
        assert_eq!(shaped["StatusCode"], 200);
        let plain = shape_response("arn:aws:states:::sqs:sendMessage", json!({"a": 1}), "id");
        assert_eq!(plain, json!({"a": 1}));
    }
}
