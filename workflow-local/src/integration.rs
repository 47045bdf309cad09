//! What a typed mock sees of a call and how its answer becomes the response AWS gives the state:
//! a `lambda:invoke` mock gets the event the function gets (the `Payload` parameter) and its
//! result goes under `Payload` with the invocation's metadata. Other integrations pass the
//! parameters as they are and return the mock's value as the response itself.

use serde_json::{Value, json};

/// `arn:aws:states:::lambda:invoke` (any pattern).
fn is_lambda_invoke(resource: &str) -> bool {
    resource
        .split_once(":::")
        .is_some_and(|(_, rest)| rest == "lambda:invoke" || rest.starts_with("lambda:invoke."))
}

/// What the callee of `resource` receives from these parameters: the function's event for a
/// `lambda:invoke` that names its `FunctionName` (`Payload`, null when absent), else the
/// parameters themselves.
pub fn request_of<'a>(resource: &str, parameters: &'a Value) -> &'a Value {
    const NULL: &Value = &Value::Null;
    match parameters {
        Value::Object(members)
            if is_lambda_invoke(resource) && members.contains_key("FunctionName") =>
        {
            members.get("Payload").unwrap_or(NULL)
        }
        _ => parameters,
    }
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

    #[test]
    fn lambda_invoke_mocks_get_the_payload() {
        let lambda = "arn:aws:states:::lambda:invoke";
        let call = json!({"FunctionName": "f", "Payload": {"a": 1}});
        assert_eq!(request_of(lambda, &call), &json!({"a": 1}));
        assert_eq!(
            request_of(lambda, &json!({"FunctionName": "f"})),
            &Value::Null
        );
        assert_eq!(request_of(lambda, &json!({"a": 1})), &json!({"a": 1}));
        let sqs = "arn:aws:states:::sqs:sendMessage";
        assert_eq!(request_of(sqs, &call), &call);
    }
}
