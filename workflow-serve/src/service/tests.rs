use super::*;
use crate::store::MemoryStore;

const ROLE: &str = "arn:aws:iam::123456789012:role/r";

fn service(mocks: Option<&str>) -> Arc<Service> {
    let settings = Settings {
        mocks: mocks.map(|text| MockConfig::from_json(text).expect("mock config")),
        clock: Clock::Real,
    };
    Arc::new(Service::new(Arc::new(MemoryStore::default()), settings))
}

fn finished(service: &Arc<Service>, execution_arn: &str) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let described = service
            .call("DescribeExecution", &json!({"executionArn": execution_arn}))
            .expect("describe");
        if described["status"] != "RUNNING" {
            return described;
        }
        assert!(std::time::Instant::now() < deadline, "still running");
        std::thread::sleep(Duration::from_millis(10));
    }
}

const CHARGE: &str = r#"{"StartAt": "Charge", "States": {"Charge": {"Type": "Task",
    "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
    "OutputPath": "$.Payload", "End": true}}}"#;

#[test]
fn a_test_case_of_the_mock_configuration_answers_the_tasks() {
    let service = service(Some(
        r#"{"StateMachines": {"Pay": {"TestCases": {"Happy": {"Charge": "Charged"}}}},
            "MockedResponses": {"Charged": {"0": {"Return": {"Payload": {"ok": 1}}}}}}"#,
    ));
    let created = service
        .call(
            "CreateStateMachine",
            &json!({"name": "Pay", "definition": CHARGE, "roleArn": ROLE}),
        )
        .unwrap();
    let arn = created["stateMachineArn"].as_str().unwrap();
    let mocked = service
        .call(
            "StartExecution",
            &json!({"stateMachineArn": format!("{arn}#Happy")}),
        )
        .unwrap();
    let done = finished(&service, mocked["executionArn"].as_str().unwrap());
    assert_eq!(done["status"], "SUCCEEDED", "{done}");
    assert_eq!(done["output"], r#"{"ok":1}"#);

    let unmocked = service
        .call("StartExecution", &json!({"stateMachineArn": arn}))
        .unwrap();
    let done = finished(&service, unmocked["executionArn"].as_str().unwrap());
    assert_eq!(done["status"], "FAILED", "{done}");
    let cause = done["cause"].as_str().unwrap();
    assert!(
        cause.contains("'Charge'") && cause.contains("arn:aws:states:::lambda:invoke"),
        "{cause}"
    );

    let unknown_case = service
        .call(
            "StartExecution",
            &json!({"stateMachineArn": format!("{arn}#Sad")}),
        )
        .unwrap_err();
    assert_eq!(unknown_case.code, "ValidationException", "{unknown_case}");
}

#[test]
fn errors_carry_aws_codes() {
    let service = service(None);
    let code = |operation: &str, body: Value| service.call(operation, &body).unwrap_err().code;
    assert_eq!(
        code("NoSuchOperation", json!({})),
        "UnknownOperationException"
    );
    assert_eq!(
        code(
            "DescribeStateMachine",
            json!({"stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Nope"})
        ),
        "StateMachineDoesNotExist"
    );
    assert_eq!(
        code("DescribeExecution", json!({"executionArn": "not-an-arn"})),
        "InvalidArn"
    );
    assert_eq!(code("CreateActivity", json!({})), "ValidationException");
    assert_eq!(
        code(
            "CreateStateMachine",
            json!({"name": "bad name", "definition": CHARGE, "roleArn": ROLE})
        ),
        "InvalidName"
    );
    let invalid = service
        .call(
            "CreateStateMachine",
            &json!({"name": "Broken", "roleArn": ROLE,
                    "definition": r#"{"StartAt": "Missing", "States": {"A": {"Type": "Pass", "End": true}}}"#}),
        )
        .unwrap_err();
    assert_eq!(invalid.code, "InvalidDefinition");
    assert!(
        invalid
            .message
            .starts_with("Invalid State Machine Definition: '")
            && invalid.message.contains("at /StartAt"),
        "{}",
        invalid.message
    );
    assert_eq!(
        code("SendTaskHeartbeat", json!({"taskToken": "unknown"})),
        "TaskDoesNotExist"
    );
}

#[test]
fn a_repeated_start_is_idempotent_only_with_the_same_input() {
    let service = service(None);
    let wait = r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 2, "End": true}}}"#;
    let created = service
        .call(
            "CreateStateMachine",
            &json!({"name": "Waits", "definition": wait, "roleArn": ROLE}),
        )
        .unwrap();
    let start = json!({"stateMachineArn": created["stateMachineArn"], "name": "once", "input": "{\"a\":1}"});
    let first = service.call("StartExecution", &start).unwrap();
    let again = service.call("StartExecution", &start).unwrap();
    assert_eq!(first, again);
    let mut other = start.clone();
    other["input"] = json!("{\"a\":2}");
    assert_eq!(
        service.call("StartExecution", &other).unwrap_err().code,
        "ExecutionAlreadyExists"
    );
    let stopped = service
        .call(
            "StopExecution",
            &json!({"executionArn": first["executionArn"], "error": "Halt"}),
        )
        .unwrap();
    assert!(stopped["stopDate"].is_number());
    let described = service
        .call(
            "DescribeExecution",
            &json!({"executionArn": first["executionArn"]}),
        )
        .unwrap();
    assert_eq!(described["status"], "ABORTED");
    assert_eq!(described["error"], "Halt");
}
