//! Nothing to grant, the properties of a role and merging overrides.

use super::*;

#[test]
fn a_machine_that_calls_nothing_gets_no_statement() {
    let text = r#"{
      "StartAt": "P",
      "States": {
        "P": {"Type": "Pass", "Result": 1, "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "W"}], "Default": "F"},
        "W": {"Type": "Wait", "Seconds": 1, "Next": "Par"},
        "Par": {"Type": "Parallel", "Branches": [
          {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}
        ], "Next": "M"},
        "M": {"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "Next": "S"},
        "S": {"Type": "Succeed"},
        "F": {"Type": "Fail", "Error": "E"}
      }
    }"#;
    assert!(derive(text).is_empty());
    assert!(execution_role_statements(&machine(text), &IamOptions::default()).is_empty());
}

#[test]
fn activities_need_nothing_in_the_execution_role() {
    // Workers poll an activity with their own credentials; the execution role needs nothing
    // (the guide's "Activities or no Tasks" policy grants nothing).
    let text = one_task("arn:aws:states:us-east-1:123456789012:activity:approve", "");
    assert!(derive(&text).is_empty());
    let placeholder = one_task("${ApprovalActivityArn}", "");
    assert!(derive(&placeholder).is_empty());
}

#[test]
fn logging_and_tracing_add_their_statements() {
    let text = one_task("arn:aws:states:us-east-1:123456789012:activity:approve", "");
    let options = IamOptions {
        logging: true,
        tracing: true,
        ..named()
    };
    same(
        execution_role_statements(&machine(&text), &options),
        vec![
            st(
                "CloudWatchLogsDelivery",
                &[
                    "logs:CreateLogDelivery",
                    "logs:DeleteLogDelivery",
                    "logs:DescribeLogGroups",
                    "logs:DescribeResourcePolicies",
                    "logs:GetLogDelivery",
                    "logs:ListLogDeliveries",
                    "logs:PutResourcePolicy",
                    "logs:UpdateLogDelivery",
                ],
                &["*"],
                Some(R_LOGS),
            ),
            st(
                "XRayTracing",
                &[
                    "xray:GetSamplingRules",
                    "xray:GetSamplingTargets",
                    "xray:PutTelemetryRecords",
                    "xray:PutTraceSegments",
                ],
                &["*"],
                Some(R_XRAY),
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Properties of the result

#[test]
fn statements_are_deterministic_sorted_and_uniquely_named() {
    let states = [
        r#""A": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Parameters": {"TaskDefinition": "t"}, "Next": "B"}"#,
        r#""B": {"Type": "Task", "Resource": "arn:aws:states:::batch:submitJob.sync", "Parameters": {}, "Next": "C"}"#,
        r#""C": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync", "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:X"}, "Next": "D"}"#,
        r#""D": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke", "Parameters": {"ApiEndpoint": "https://a.example.com", "Method": "GET", "Authentication": {"ConnectionArn": "${C}"}}, "Next": "E"}"#,
        r#""E": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke", "Parameters": {"ApiEndpoint": "https://b.example.com", "Method": "GET", "Authentication": {"ConnectionArn": "${C}"}}, "End": true}"#,
    ];
    let forward = format!(r#"{{"StartAt": "A", "States": {{{}}}}}"#, states.join(","));
    let mut reversed_states = states.to_vec();
    reversed_states.reverse();
    let backward = format!(
        r#"{{"StartAt": "A", "States": {{{}}}}}"#,
        reversed_states.join(",")
    );
    let got = derive(&forward);
    assert_eq!(got, derive(&backward));
    let mut sorted = got.clone();
    sorted.sort_by(|a, b| a.sid.cmp(&b.sid));
    assert_eq!(got, sorted);
    let sids: std::collections::BTreeSet<&str> = got.iter().map(|s| s.sid.as_str()).collect();
    assert_eq!(sids.len(), got.len());
    assert!(
        got.iter()
            .all(|s| s.sid.chars().all(|c| c.is_ascii_alphanumeric()))
    );
    // The three .sync integrations share one events statement with the three managed rules.
    let rules = got.iter().find(|s| s.sid == "EventsManagedRules").unwrap();
    assert_eq!(rules.resources.len(), 3);
    // Two HTTP endpoints: two statements (different conditions), numbered.
    assert!(sids.contains("HttpInvokeEndpoint") && sids.contains("HttpInvokeEndpoint2"));
    // Every wildcard says why.
    for s in &got {
        if s.resources.iter().any(|r| r == "*") {
            assert!(s.wildcard_reason.is_some(), "{s:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// merge

#[test]
fn merge_overrides_by_sid_removes_and_adds() {
    let derived = derive(&one_task(
        "arn:aws:states:::ecs:runTask",
        r#""Parameters": {"TaskDefinition": "worker"}"#,
    ));
    assert_eq!(derived.len(), 2);
    // Narrow the PassRole statement to the task's real roles.
    let narrowed = when(
        st(
            "EcsPassRole",
            &["iam:PassRole"],
            &[
                "arn:aws:iam::123456789012:role/worker-exec",
                "arn:aws:iam::123456789012:role/worker-task",
            ],
            None,
        ),
        &[(
            "StringEquals",
            "iam:PassedToService",
            "ecs-tasks.amazonaws.com",
        )],
    );
    let extra = st(
        "ReadConfig",
        &["ssm:GetParameter"],
        &["arn:aws:ssm:us-east-1:123456789012:parameter/app/*"],
        None,
    );
    same(
        merge(
            derived.clone(),
            std::slice::from_ref(&narrowed),
            std::slice::from_ref(&extra),
        ),
        vec![narrowed, derived[1].clone(), extra],
    );

    // An override with no actions removes the statement; one matching nothing is added.
    let remove = st("EcsPassRole", &[], &[], None);
    let new = st(
        "Additional",
        &["kms:Decrypt"],
        &["arn:aws:kms:us-east-1:123456789012:key/k"],
        None,
    );
    same(
        merge(derived.clone(), &[remove, new.clone()], &[]),
        vec![new, derived[1].clone()],
    );

    // An extra statement whose sid is taken is renumbered; an identical one is kept once.
    let clash = st("EcsRunTask", &["ecs:ListTasks"], &["*"], None);
    let merged = merge(derived.clone(), &[], &[clash, derived[1].clone()]);
    let sids: Vec<&str> = merged.iter().map(|s| s.sid.as_str()).collect();
    assert_eq!(sids, ["EcsPassRole", "EcsRunTask", "EcsRunTask2"]);
}

// ---------------------------------------------------------------------------------------------
// Helpers

#[test]
fn helpers() {
    assert!(glob_match(
        "arn:aws:lambda:r:1:function:*",
        "arn:aws:lambda:r:1:function:f:*"
    ));
    assert!(glob_match("a?c", "abc"));
    assert!(!glob_match("arn:aws:s3:::b/p*", "arn:aws:s3:::b/q"));
    assert_eq!(
        split_outside(
            "arn:${AWS::Partition}:lambda:${AWS::Region}:1:function:f",
            ':'
        ),
        [
            "arn",
            "${AWS::Partition}",
            "lambda",
            "${AWS::Region}",
            "1",
            "function",
            "f"
        ]
    );
    assert_eq!(sid_of("execute-api:Invoke"), "ExecuteApiInvoke");
    assert_eq!(
        function_arns("arn:aws:lambda:us-east-1:1:function:f:$LATEST"),
        [
            "arn:aws:lambda:us-east-1:1:function:f",
            "arn:aws:lambda:us-east-1:1:function:f:*"
        ]
    );
    assert_eq!(literal_prefix(None), None);
}
