//! What a typed mock sees of a call and how its answer becomes the result AWS gives the state,
//! in the shape the integration catalog ([`workflow_core::catalog`], [`Results`]) gives for the
//! resource's pattern. A `…` in the catalog's example (an id AWS draws) becomes the call's
//! request id; other example values are kept as written. By shape:
//!
//! - **An envelope around the callee's answer** (the catalog names a payload member): the
//!   example with the answer in that member. `lambda:invoke` puts the function's result under
//!   `Payload` with the invocation's metadata; `dynamodb:getItem` puts the item under `Item`;
//!   `states:startExecution.sync` puts the child's output under `Output` of its
//!   `DescribeExecution` description, as JSON text (`.sync:2`: as JSON, with `Input` parsed
//!   too).
//! - **A finished job's description** (`.sync` without a payload member: `glue:startJobRun`'s
//!   `GetJobRun`, Batch's `DescribeJobs`, …): the example description with the answer's members
//!   laid over it, so a mock returning `{}` gets a job that succeeded and one returning
//!   `{"Id": "jr_1"}` names its run. An answer that is not an object is kept as it is.
//! - **The API's own response** (request-response without a payload member:
//!   `sqs:sendMessage`, `sns:publish`, `dynamodb:putItem`, …): the answer is the response, as
//!   the mock wrote it; a mock answering nothing (`()`, null) gets the catalog's example.
//! - **As it is**: `.waitForTaskToken` (the result is what `SendTaskSuccess` sends), the
//!   `aws-sdk:` integrations (the mock writes the SDK's response), Lambda function and activity
//!   ARNs, and resources the catalog does not hold.
//!
//! What the callee receives: a `lambda:invoke` mock gets the function's event (the `Payload`
//! parameter); other mocks get the parameters as they are.
//!
//! [`Results`]: workflow_core::catalog::Results

use serde_json::Value;
use workflow_core::catalog::{self, Pattern};
use workflow_core::validate::resource::{ResourceKind, classify};

/// The service, action and pattern of an optimized integration's resource.
fn integration(resource: &str) -> Option<(String, String, Pattern)> {
    match classify(resource) {
        Ok(ResourceKind::Integration {
            service,
            action,
            pattern,
        }) => Some((service, action, pattern)),
        _ => None,
    }
}

/// What the callee of `resource` receives from these parameters: the function's event for a
/// `lambda:invoke` that names its `FunctionName` (`Payload`, null when absent), else the
/// parameters themselves.
pub fn request_of<'a>(resource: &str, parameters: &'a Value) -> &'a Value {
    const NULL: &Value = &Value::Null;
    let lambda_invoke = || {
        integration(resource)
            .is_some_and(|(service, action, _)| service == "lambda" && action == "invoke")
    };
    match parameters {
        Value::Object(members) if members.contains_key("FunctionName") && lambda_invoke() => {
            members.get("Payload").unwrap_or(NULL)
        }
        _ => parameters,
    }
}

/// The result AWS gives a state of `resource` when the callee answered `answer` (see the module
/// documentation for the rule of each shape); `request_id` names the call (AWS draws it at
/// random; callers pass a repeatable one).
pub fn shape_response(resource: &str, answer: Value, request_id: &str) -> Value {
    let Some((service, action, pattern)) = integration(resource) else {
        return answer;
    };
    let Some((example, payload)) =
        catalog::action(&service, &action).and_then(|a| a.result.of(pattern))
    else {
        return answer;
    };
    let Ok(Value::Object(mut shaped)) = serde_json::from_str::<Value>(example) else {
        return answer;
    };
    for value in shaped.values_mut() {
        draw(value, request_id);
    }
    if pattern == Pattern::Sync2 {
        // `.sync:2` is `.sync` with the JSON texts of the description parsed.
        for value in shaped.values_mut() {
            if let Value::String(text) = value
                && let Ok(parsed @ (Value::Object(_) | Value::Array(_))) =
                    serde_json::from_str(text)
            {
                *value = parsed;
            }
        }
    }
    match (payload, answer) {
        (Some(member), answer) => {
            let answer = match shaped.get(member) {
                Some(Value::String(_)) => Value::String(answer.to_string()),
                _ => answer,
            };
            shaped.insert(member.to_string(), answer);
            Value::Object(shaped)
        }
        (None, Value::Object(members)) if pattern.waits_for_job() => {
            shaped.extend(members);
            Value::Object(shaped)
        }
        (None, Value::Null) => Value::Object(shaped),
        (None, answer) => answer,
    }
}

/// Writes `request_id` for each `…` (a value AWS draws) in the strings of `value`.
fn draw(value: &mut Value, request_id: &str) {
    match value {
        Value::String(text) if text.contains('…') => *text = text.replace('…', request_id),
        Value::Array(items) => items.iter_mut().for_each(|v| draw(v, request_id)),
        Value::Object(members) => members.values_mut().for_each(|v| draw(v, request_id)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ID: &str = "00000000-0000-4000-8000-000000000001";

    fn shape(resource: &str, answer: Value) -> Value {
        shape_response(&format!("arn:aws:states:::{resource}"), answer, ID)
    }

    #[test]
    fn lambda_invoke_wraps_the_payload_in_the_invoke_envelope() {
        let shaped = shape("lambda:invoke", json!({"a": 1}));
        assert_eq!(shaped["Payload"], json!({"a": 1}));
        assert_eq!(shaped["StatusCode"], 200);
        assert_eq!(shaped["ExecutedVersion"], "$LATEST");
        assert_eq!(shaped["SdkResponseMetadata"], json!({"RequestId": ID}));
        assert_eq!(
            shaped["SdkHttpMetadata"]["HttpHeaders"]["x-amzn-RequestId"],
            ID
        );
        assert_eq!(
            shaped["SdkHttpMetadata"]["AllHttpHeaders"]["x-amzn-RequestId"],
            json!([ID])
        );
        // A function that returns nothing still answers with the envelope.
        assert_eq!(shape("lambda:invoke", Value::Null)["Payload"], Value::Null);
    }

    #[test]
    fn dynamodb_get_item_puts_the_item_under_item() {
        let item = json!({"id": {"S": "1"}, "total": {"N": "40"}});
        assert_eq!(
            shape("dynamodb:getItem", item.clone()),
            json!({"Item": item})
        );
    }

    #[test]
    fn request_response_apis_answer_with_the_mock_s_response() {
        let sent = json!({"MD5OfMessageBody": "5d41", "MessageId": "m-1"});
        assert_eq!(shape("sqs:sendMessage", sent.clone()), sent);
        assert_eq!(
            shape("sns:publish", json!({"MessageId": "m-1"})),
            json!({"MessageId": "m-1"})
        );
        // A mock answering nothing gets the example response, with drawn ids.
        assert_eq!(
            shape("sqs:sendMessage", Value::Null),
            json!({"MD5OfMessageBody": ID, "MessageId": ID})
        );
        assert_eq!(
            shape("dynamodb:putItem", Value::Null),
            json!({"Attributes": {}, "ConsumedCapacity": {}})
        );
        // Starting a child without waiting returns its ARN and start date.
        let started = shape("states:startExecution", Value::Null);
        assert!(started["ExecutionArn"].as_str().unwrap().contains(ID));
        assert!(started.get("Output").is_none());
    }

    #[test]
    fn start_execution_sync_puts_the_output_in_the_description() {
        let described = shape("states:startExecution.sync", json!({"done": true}));
        assert_eq!(described["Output"], r#"{"done":true}"#);
        assert_eq!(described["Status"], "SUCCEEDED");
        assert_eq!(described["Input"], "{}");
        let described = shape("states:startExecution.sync:2", json!({"done": true}));
        assert_eq!(described["Output"], json!({"done": true}));
        assert_eq!(described["Input"], json!({}));
        assert_eq!(described["Status"], "SUCCEEDED");
    }

    #[test]
    fn a_sync_job_answers_with_its_description() {
        let run = shape("glue:startJobRun.sync", json!({"Id": "jr_1", "Attempt": 1}));
        assert_eq!(run["Id"], "jr_1");
        assert_eq!(run["Attempt"], 1);
        assert_eq!(run["JobRunState"], "SUCCEEDED");
        assert_eq!(run["JobName"], "nightly-etl");
        let run = shape("glue:startJobRun.sync", json!({}));
        assert_eq!(run["Id"], format!("jr_{ID}"));
        // Request-response returns the run id only.
        assert_eq!(
            shape("glue:startJobRun", Value::Null),
            json!({"JobRunId": format!("jr_{ID}")})
        );
        // Not an object: kept as it is.
        assert_eq!(shape("glue:startJobRun.sync", json!("done")), json!("done"));
    }

    #[test]
    fn other_resources_answer_as_the_mock_did() {
        let answer = json!({"a": 1});
        for resource in [
            "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "arn:aws:states:::aws-sdk:s3:getObject",
            "arn:aws:lambda:us-east-1:123456789012:function:charge",
            "arn:aws:states:us-east-1:123456789012:activity:review",
            "${ChargeArn}",
        ] {
            assert_eq!(
                shape_response(resource, answer.clone(), ID),
                answer,
                "{resource}"
            );
        }
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
