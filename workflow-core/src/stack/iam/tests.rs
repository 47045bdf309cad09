//! Exact statements for each integration, from ASL text.

use super::reasons::*;
use super::resources::*;
use super::values::*;
use super::*;
use crate::{Format, Options, check};

/// The machine of a valid definition.
fn machine(text: &str) -> crate::StateMachine {
    let report = check(text, Format::Json, &Options::default());
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{text}");
    report.machine.unwrap()
}

fn named() -> IamOptions {
    IamOptions {
        state_machine_name: Some("Orders".into()),
        ..IamOptions::default()
    }
}

fn derive(text: &str) -> Vec<Statement> {
    execution_role_statements(&machine(text), &named())
}

/// A machine of one Task state (JSONPath); `fields` is the rest of the state, e.g.
/// `"Parameters": {…}`.
fn one_task(resource: &str, fields: &str) -> String {
    let sep = if fields.is_empty() { "" } else { ", " };
    format!(
        r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", "Resource": "{resource}"{sep}{fields}, "End": true}}}}}}"#
    )
}

/// `arn:${AWS::Partition}:SERVICE:${AWS::Region}:${AWS::AccountId}:RESOURCE`.
fn a(service: &str, resource: &str) -> String {
    format!("arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:{resource}")
}

fn st(sid: &str, actions: &[&str], resources: &[&str], reason: Option<&'static str>) -> Statement {
    Statement {
        sid: sid.into(),
        effect: Effect::Allow,
        actions: actions.iter().map(|s| s.to_string()).collect(),
        resources: resources.iter().map(|s| s.to_string()).collect(),
        wildcard_reason: reason,
        conditions: Vec::new(),
    }
}

fn when(mut s: Statement, conditions: &[(&str, &str, &str)]) -> Statement {
    s.conditions = conditions
        .iter()
        .map(|(o, k, v)| (o.to_string(), k.to_string(), v.to_string()))
        .collect();
    s
}

fn events_rule(rule: &str) -> Statement {
    st(
        "EventsManagedRules",
        &["events:DescribeRule", "events:PutRule", "events:PutTargets"],
        &[&a("events", &format!("rule/{rule}"))],
        None,
    )
}

#[track_caller]
fn same(got: Vec<Statement>, want: Vec<Statement>) {
    if got != want {
        panic!(
            "statements differ\n--- got\n{}\n--- want\n{}",
            show(&got),
            show(&want)
        );
    }
}

fn show(statements: &[Statement]) -> String {
    statements
        .iter()
        .map(|s| format!("{s:#?}"))
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------------
// Nothing to grant

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
// Lambda

#[test]
fn lambda_functions_by_name_arn_alias_and_legacy_resource() {
    let text = r#"{
      "StartAt": "A",
      "States": {
        "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "charge", "Payload.$": "$"}, "Next": "B"},
        "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:refund:prod",
                             "Payload": {"token.$": "$$.Task.Token"}}, "Next": "C"},
        "C": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:notify", "Next": "D"},
        "D": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "123456789012:function:audit:7"}, "End": true}
      }
    }"#;
    let charge = a("lambda", "function:charge");
    same(
        derive(text),
        vec![st(
            "LambdaInvokeFunction",
            &["lambda:InvokeFunction"],
            &[
                &charge,
                &format!("{charge}:*"),
                "arn:${AWS::Partition}:lambda:${AWS::Region}:123456789012:function:audit",
                "arn:${AWS::Partition}:lambda:${AWS::Region}:123456789012:function:audit:*",
                "arn:aws:lambda:us-east-1:123456789012:function:notify",
                "arn:aws:lambda:us-east-1:123456789012:function:notify:*",
                "arn:aws:lambda:us-east-1:123456789012:function:refund",
                "arn:aws:lambda:us-east-1:123456789012:function:refund:*",
            ],
            None,
        )],
    );
}

#[test]
fn a_dynamic_function_widens_to_every_function_and_says_why() {
    let text = r#"{
      "StartAt": "A",
      "States": {
        "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "charge"}, "Next": "B"},
        "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName.$": "$.function"}, "End": true}
      }
    }"#;
    // `function:*` covers `function:charge`, which is dropped.
    same(
        derive(text),
        vec![st(
            "LambdaInvokeFunction",
            &["lambda:InvokeFunction"],
            &[&a("lambda", "function:*")],
            Some(R_FUNCTION_DYNAMIC),
        )],
    );
}

#[test]
fn lambda_placeholders_and_intrinsics() {
    let text = r#"{
      "StartAt": "A",
      "States": {
        "A": {"Type": "Task", "Resource": "${ChargeFunctionArn}", "Next": "B"},
        "B": {"Type": "Task", "Resource": {"Fn::GetAtt": ["RefundFn", "Arn"]}, "Next": "C"},
        "C": {"Type": "Task", "Resource": "arn:${AWS::Partition}:states:::lambda:invoke",
              "Parameters": {"FunctionName": "${NotifyFunctionName}"}, "Next": "D"},
        "D": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": {"Ref": "AuditFn"}}, "Next": "E"},
        "E": {"Type": "Task", "Resource": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${Stage}-report", "End": true}
      }
    }"#;
    same(
        derive(text),
        vec![st(
            "LambdaInvokeFunction",
            &["lambda:InvokeFunction"],
            &[
                "${ChargeFunctionArn}",
                "${ChargeFunctionArn}:*",
                "${GetAtt:RefundFn.Arn}",
                "${GetAtt:RefundFn.Arn}:*",
                &a("lambda", "function:${NotifyFunctionName}"),
                &a("lambda", "function:${NotifyFunctionName}:*"),
                &a("lambda", "function:${Ref:AuditFn}"),
                &a("lambda", "function:${Ref:AuditFn}:*"),
                "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${Stage}-report",
                "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${Stage}-report:*",
            ],
            None,
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// Step Functions

#[test]
fn start_execution_request_response_and_callback() {
    let child = "arn:aws:states:us-east-1:123456789012:stateMachine:Child";
    for resource in [
        "arn:aws:states:::states:startExecution",
        "arn:aws:states:::states:startExecution.waitForTaskToken",
    ] {
        let text = one_task(
            resource,
            &format!(
                r#""Parameters": {{"StateMachineArn": "{child}", "Input": {{"token.$": "$$.Task.Token"}}}}"#
            ),
        );
        same(
            derive(&text),
            vec![st(
                "StatesStartExecution",
                &["states:StartExecution"],
                &[child],
                None,
            )],
        );
    }
}

#[test]
fn start_execution_sync_and_sync2_watch_the_child() {
    let child = "arn:aws:states:us-east-1:123456789012:stateMachine:Child";
    for resource in [
        "arn:aws:states:::states:startExecution.sync",
        "arn:aws:states:::states:startExecution.sync:2",
    ] {
        let text = one_task(
            resource,
            &format!(r#""Parameters": {{"StateMachineArn": "{child}"}}"#),
        );
        same(
            derive(&text),
            vec![
                events_rule("StepFunctionsGetEventsForStepFunctionsExecutionRule"),
                st(
                    "StatesManageExecutions",
                    &["states:DescribeExecution", "states:StopExecution"],
                    &["arn:aws:states:us-east-1:123456789012:execution:Child:*"],
                    None,
                ),
                st(
                    "StatesStartExecution",
                    &["states:StartExecution"],
                    &[child],
                    None,
                ),
            ],
        );
    }
}

#[test]
fn start_execution_of_placeholders_and_dynamic_machines() {
    let text = one_task(
        "arn:aws:states:::states:startExecution.sync:2",
        r#""Parameters": {"StateMachineArn": "${GetAtt:Child.Arn}"}"#,
    );
    let got = derive(&text);
    assert_eq!(
        got[1].resources,
        [a("states", "execution:${GetAtt:Child.Name}:*")]
    );
    assert_eq!(got[2].resources, ["${GetAtt:Child.Arn}"]);

    let text = one_task(
        "arn:aws:states:::states:startExecution.sync",
        r#""Parameters": {"StateMachineArn": "${ChildMachine}"}"#,
    );
    let got = derive(&text);
    assert_eq!(got[1].resources, [a("states", "execution:*")]);
    assert_eq!(got[1].wildcard_reason, Some(R_CHILD_EXECUTIONS));
    assert_eq!(got[2].resources, ["${ChildMachine}"]);
    assert_eq!(got[2].wildcard_reason, None);

    let text = one_task(
        "arn:aws:states:::states:startExecution",
        r#""Parameters": {"StateMachineArn.$": "$.machine"}"#,
    );
    same(
        derive(&text),
        vec![st(
            "StatesStartExecution",
            &["states:StartExecution"],
            &[&a("states", "stateMachine:*")],
            Some(R_DYNAMIC),
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// Batch, ECS

/// The wildcard reason the catalog gives statement `sid` of an integration.
fn catalog_reason(service: &str, action: &str, sid: &str) -> Option<&'static str> {
    let entry = crate::catalog::action(service, action).unwrap();
    let table = entry.grants;
    let polling = entry.sync.as_ref().map_or(&[][..], |s| s.polling);
    table
        .iter()
        .chain(polling)
        .find(|g| g.sid == sid)
        .unwrap()
        .wildcard
}

#[test]
fn batch_submit_job_and_sync() {
    let params = r#""Parameters": {"JobName": "j", "JobQueue": "q", "JobDefinition": "d"}"#;
    let submit = st(
        "BatchSubmitJob",
        &["batch:SubmitJob"],
        &[
            &a("batch", "job-definition/d"),
            &a("batch", "job-definition/d:*"),
            &a("batch", "job-queue/q"),
            &a("batch", "job/*"),
        ],
        catalog_reason("batch", "submitJob", "BatchSubmitJob"),
    );
    same(
        derive(&one_task("arn:aws:states:::batch:submitJob", params)),
        vec![submit.clone()],
    );
    same(
        derive(&one_task("arn:aws:states:::batch:submitJob.sync", params)),
        vec![
            st(
                "BatchDescribeJobs",
                &["batch:DescribeJobs"],
                &["*"],
                catalog_reason("batch", "submitJob", "BatchDescribeJobs"),
            ),
            submit,
            st(
                "BatchTerminateJob",
                &["batch:TerminateJob"],
                &[&a("batch", "job/*")],
                catalog_reason("batch", "submitJob", "BatchTerminateJob"),
            ),
            events_rule("StepFunctionsGetEventsForBatchJobsRule"),
        ],
    );
}

#[test]
fn ecs_run_task_and_sync() {
    let params =
        r#""Parameters": {"Cluster": "c", "LaunchType": "FARGATE", "TaskDefinition": "worker"}"#;
    let pass_role = when(
        st(
            "EcsPassRole",
            &["iam:PassRole"],
            &["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*"],
            catalog_reason("ecs", "runTask", "EcsPassRole"),
        ),
        &[(
            "StringEquals",
            "iam:PassedToService",
            "ecs-tasks.amazonaws.com",
        )],
    );
    let run = st(
        "EcsRunTask",
        &["ecs:RunTask"],
        &[&a("ecs", "task-definition/worker:*")],
        None,
    );
    same(
        derive(&one_task("arn:aws:states:::ecs:runTask", params)),
        vec![pass_role.clone(), run.clone()],
    );
    same(
        derive(&one_task("arn:aws:states:::ecs:runTask.sync", params)),
        vec![
            st(
                "EcsManageTasks",
                &["ecs:DescribeTasks", "ecs:StopTask"],
                &[&a("ecs", "task/c/*")],
                catalog_reason("ecs", "runTask", "EcsManageTasks"),
            ),
            pass_role,
            run,
            events_rule("StepFunctionsGetEventsForECSTaskRule"),
        ],
    );
    let arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/worker:3";
    let got = derive(&one_task(
        "arn:aws:states:::ecs:runTask.waitForTaskToken",
        &format!(r#""Parameters": {{"TaskDefinition": "{arn}"}}"#),
    ));
    assert_eq!(got[1].resources, [arn]);
}

// ---------------------------------------------------------------------------------------------
// DynamoDB, SNS, SQS, EventBridge, API Gateway

#[test]
fn dynamodb_item_actions_on_their_tables() {
    let text = r#"{
      "StartAt": "G",
      "States": {
        "G": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
              "Parameters": {"TableName": "Orders", "Key": {"id": {"S.$": "$.id"}}}, "Next": "P"},
        "P": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
              "Parameters": {"TableName": "Orders", "Item": {"id": {"S.$": "$.id"}}}, "Next": "P2"},
        "P2": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
              "Parameters": {"TableName": "${AuditTable}", "Item": {"id": {"S.$": "$.id"}}}, "Next": "D"},
        "D": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:deleteItem",
              "Parameters": {"TableName.$": "$.table", "Key": {"id": {"S.$": "$.id"}}}, "End": true}
      }
    }"#;
    same(
        derive(text),
        vec![
            st(
                "DynamodbDeleteItem",
                &["dynamodb:DeleteItem"],
                &[&a("dynamodb", "table/*")],
                Some(R_DYNAMIC),
            ),
            st(
                "DynamodbGetItem",
                &["dynamodb:GetItem"],
                &[&a("dynamodb", "table/Orders")],
                None,
            ),
            st(
                "DynamodbPutItem",
                &["dynamodb:PutItem"],
                &[
                    &a("dynamodb", "table/${AuditTable}"),
                    &a("dynamodb", "table/Orders"),
                ],
                None,
            ),
        ],
    );
}

#[test]
fn sns_publish_to_topics_targets_and_phones() {
    let topic = "arn:aws:sns:us-east-1:123456789012:alerts";
    same(
        derive(&one_task(
            "arn:aws:states:::sns:publish",
            &format!(r#""Parameters": {{"TopicArn": "{topic}", "Message.$": "$"}}"#),
        )),
        vec![st("SnsPublish", &["sns:Publish"], &[topic], None)],
    );
    same(
        derive(&one_task(
            "arn:aws:states:::sns:publish.waitForTaskToken",
            r#""Parameters": {"TopicArn.$": "$.topic", "Message.$": "$$.Task.Token"}"#,
        )),
        vec![st(
            "SnsPublish",
            &["sns:Publish"],
            &[&a("sns", "*")],
            Some(R_DYNAMIC),
        )],
    );
    same(
        derive(&one_task(
            "arn:aws:states:::sns:publish",
            r#""Parameters": {"PhoneNumber": "+15555550100", "Message": "hi"}"#,
        )),
        vec![st("SnsPublish", &["sns:Publish"], &["*"], Some(R_SMS))],
    );
}

#[test]
fn sqs_queue_urls_become_queue_arns() {
    let cases: &[(&str, &str)] = &[
        (
            "https://sqs.us-east-1.amazonaws.com/123456789012/orders",
            "arn:${AWS::Partition}:sqs:us-east-1:123456789012:orders",
        ),
        (
            "https://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/${QueueName}",
            "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${QueueName}",
        ),
        (
            "https://eu-west-1.queue.amazonaws.com/123456789012/legacy",
            "arn:${AWS::Partition}:sqs:eu-west-1:123456789012:legacy",
        ),
        // Placeholder conventions: `${NameUrl}` → `${NameArn}`, CloudFormation queues →
        // `${GetAtt:Queue.Arn}`.
        ("${OrdersQueueUrl}", "${OrdersQueueArn}"),
        ("${GetAtt:Orders.QueueUrl}", "${GetAtt:Orders.Arn}"),
        ("${Ref:Orders}", "${GetAtt:Orders.Arn}"),
    ];
    for (url, arn) in cases {
        same(
            derive(&one_task(
                "arn:aws:states:::sqs:sendMessage",
                &format!(r#""Parameters": {{"QueueUrl": "{url}", "MessageBody.$": "$"}}"#),
            )),
            vec![st("SqsSendMessage", &["sqs:SendMessage"], &[arn], None)],
        );
    }
    same(
        derive(&one_task(
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            r#""Parameters": {"QueueUrl": "${Orders}", "MessageBody.$": "$$.Task.Token"}"#,
        )),
        vec![st(
            "SqsSendMessage",
            &["sqs:SendMessage"],
            &[&a("sqs", "*")],
            Some(R_QUEUE_PLACEHOLDER),
        )],
    );
    let got = derive(&one_task(
        "arn:aws:states:::sqs:sendMessage",
        r#""Parameters": {"QueueUrl.$": "$.queue", "MessageBody.$": "$"}"#,
    ));
    assert_eq!(got[0].wildcard_reason, Some(R_DYNAMIC));
}

#[test]
fn eventbridge_put_events_on_each_bus() {
    let text = one_task(
        "arn:aws:states:::events:putEvents",
        r#""Parameters": {"Entries": [
            {"Detail": {"a": 1}, "DetailType": "t", "Source": "s"},
            {"Detail": {"a": 1}, "DetailType": "t", "Source": "s", "EventBusName": "orders"},
            {"Detail": {"a": 1}, "DetailType": "t", "Source": "s",
             "EventBusName": "arn:aws:events:us-east-1:210987654321:event-bus/central"}
        ]}"#,
    );
    same(
        derive(&text),
        vec![st(
            "EventsPutEvents",
            &["events:PutEvents"],
            &[
                &a("events", "event-bus/default"),
                &a("events", "event-bus/orders"),
                "arn:aws:events:us-east-1:210987654321:event-bus/central",
            ],
            None,
        )],
    );
    let text = one_task(
        "arn:aws:states:::events:putEvents",
        r#""Parameters": {"Entries": [{"Detail": {}, "DetailType": "t", "Source": "s", "EventBusName.$": "$.bus"}]}"#,
    );
    same(
        derive(&text),
        vec![st(
            "EventsPutEvents",
            &["events:PutEvents"],
            &[&a("events", "event-bus/*")],
            Some(R_DYNAMIC),
        )],
    );
}

#[test]
fn api_gateway_invoke_on_the_route() {
    let text = one_task(
        "arn:aws:states:::apigateway:invoke",
        r#""Parameters": {"ApiEndpoint": "a1b2c3.execute-api.us-east-1.amazonaws.com",
            "Method": "GET", "Stage": "prod", "Path": "/pets", "AuthType": "IAM_ROLE"}"#,
    );
    same(
        derive(&text),
        vec![st(
            "ApiGatewayInvoke",
            &["execute-api:Invoke"],
            &["arn:${AWS::Partition}:execute-api:us-east-1:${AWS::AccountId}:a1b2c3/prod/GET/pets"],
            None,
        )],
    );
    let text = one_task(
        "arn:aws:states:::apigateway:invoke",
        r#""Parameters": {"ApiEndpoint": "a1b2c3.execute-api.us-east-1.amazonaws.com",
            "Method": "POST", "Stage": "prod", "Path.$": "$.path", "AuthType": "IAM_ROLE"}"#,
    );
    same(
        derive(&text),
        vec![st(
            "ApiGatewayInvoke",
            &["execute-api:Invoke"],
            &["arn:${AWS::Partition}:execute-api:us-east-1:${AWS::AccountId}:a1b2c3/prod/POST/*"],
            Some(R_API),
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// HTTP Task

#[test]
fn http_task_endpoint_method_connection_and_secret() {
    let text = one_task(
        "arn:aws:states:::http:invoke",
        r#""Parameters": {"ApiEndpoint": "https://api.stripe.com/v1/charges", "Method": "POST",
            "Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/stripe/4f1b9a3c-1111-2222-3333-444455556666"}}"#,
    );
    same(
        derive(&text),
        vec![
            st(
                "HttpConnectionCredentials",
                &["events:RetrieveConnectionCredentials"],
                &[
                    "arn:aws:events:us-east-1:123456789012:connection/stripe/4f1b9a3c-1111-2222-3333-444455556666",
                ],
                None,
            ),
            st(
                "HttpConnectionSecret",
                &[
                    "secretsmanager:DescribeSecret",
                    "secretsmanager:GetSecretValue",
                ],
                &[
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/stripe/*",
                ],
                None,
            ),
            when(
                st(
                    "HttpInvokeEndpoint",
                    &["states:InvokeHTTPEndpoint"],
                    &[&a("states", "stateMachine:Orders")],
                    None,
                ),
                &[
                    (
                        "StringEquals",
                        "states:HTTPEndpoint",
                        "https://api.stripe.com/v1/charges",
                    ),
                    ("StringEquals", "states:HTTPMethod", "POST"),
                ],
            ),
        ],
    );
}

#[test]
fn http_tasks_with_dynamic_endpoints_and_placeholder_connections() {
    let text = r#"{
      "StartAt": "A",
      "States": {
        "A": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
              "Parameters": {"ApiEndpoint.$": "States.Format('https://api.example.com/items/{}', $.id)",
                             "Method": "GET",
                             "InvocationConfig": {"ConnectionArn": "${GetAtt:ExampleConnection.Arn}"}}, "Next": "B"},
        "B": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
              "Parameters": {"ApiEndpoint.$": "$.url", "Method.$": "$.method",
                             "Authentication": {"ConnectionArn": "${ConnectionArn}"}}, "End": true}
      }
    }"#;
    same(
        derive(text),
        vec![
            st(
                "HttpConnectionCredentials",
                &["events:RetrieveConnectionCredentials"],
                &["${ConnectionArn}", "${GetAtt:ExampleConnection.Arn}"],
                None,
            ),
            st(
                "HttpConnectionSecret",
                &[
                    "secretsmanager:DescribeSecret",
                    "secretsmanager:GetSecretValue",
                ],
                &[
                    "${GetAtt:ExampleConnection.SecretArn}",
                    &a("secretsmanager", "secret:events!connection/*"),
                ],
                Some(R_CONNECTION_SECRET),
            ),
            st(
                "HttpInvokeEndpoint",
                &["states:InvokeHTTPEndpoint"],
                &[&a("states", "stateMachine:Orders")],
                catalog_reason("http", "invoke", "HttpInvokeEndpoint"),
            ),
            when(
                st(
                    "HttpInvokeEndpoint2",
                    &["states:InvokeHTTPEndpoint"],
                    &[&a("states", "stateMachine:Orders")],
                    catalog_reason("http", "invoke", "HttpInvokeEndpoint"),
                ),
                &[
                    ("StringEquals", "states:HTTPMethod", "GET"),
                    (
                        "StringLike",
                        "states:HTTPEndpoint",
                        "https://api.example.com/items/*",
                    ),
                ],
            ),
        ],
    );
}

#[test]
fn http_task_without_the_machine_name_names_every_machine() {
    let text = one_task(
        "arn:aws:states:::http:invoke",
        r#""Parameters": {"ApiEndpoint": "https://example.com", "Method": "GET",
            "Authentication": {"ConnectionArn": "${ConnectionArn}"}}"#,
    );
    let got = execution_role_statements(&machine(&text), &IamOptions::default());
    let invoke = got.iter().find(|s| s.sid == "HttpInvokeEndpoint").unwrap();
    assert_eq!(invoke.resources, [a("states", "stateMachine:*")]);
    assert_eq!(invoke.wildcard_reason, Some(R_OWN_NAME));
}

// ---------------------------------------------------------------------------------------------
// Athena, Glue, CodeBuild, SageMaker, EMR, others

#[test]
fn athena_start_query_sync() {
    let got = derive(&one_task(
        "arn:aws:states:::athena:startQueryExecution.sync",
        r#""Parameters": {"QueryString": "SELECT 1", "WorkGroup": "analytics"}"#,
    ));
    let sids: Vec<&str> = got.iter().map(|s| s.sid.as_str()).collect();
    assert_eq!(
        sids,
        [
            "AthenaGlueCatalog",
            "AthenaLakeFormation",
            "AthenaQueryResultsS3",
            "AthenaRunQuery"
        ]
    );
    same(
        vec![got[3].clone()],
        vec![st(
            "AthenaRunQuery",
            &[
                "athena:GetDataCatalog",
                "athena:GetQueryExecution",
                "athena:StartQueryExecution",
                "athena:StopQueryExecution",
            ],
            &[
                &a("athena", "datacatalog/*"),
                &a("athena", "workgroup/analytics"),
            ],
            catalog_reason("athena", "startQueryExecution", "AthenaQueryResultsS3"),
        )],
    );
    assert_eq!(got[2].resources, ["arn:${AWS::Partition}:s3:::*"]);
    assert_eq!(got[1].resources, ["*"]);
    assert_eq!(got[0].actions.len(), 19);
}

#[test]
fn bedrock_invoke_model_on_the_model_it_names() {
    let model = |id: &str| {
        format!("arn:${{AWS::Partition}}:bedrock:${{AWS::Region}}::foundation-model/{id}")
    };
    let invoke = |params: &str, resources: &[&str], reason| {
        same(
            derive(&one_task(
                "arn:aws:states:::bedrock:invokeModel",
                &format!(r#""Parameters": {params}"#),
            )),
            vec![st(
                "BedrockInvokeModel",
                &["bedrock:InvokeModel"],
                resources,
                reason,
            )],
        )
    };
    // A foundation model id: its ARN, which has no account.
    let haiku = "anthropic.claude-3-haiku-20240307-v1:0";
    invoke(
        &format!(r#"{{"ModelId": "{haiku}", "Body": {{}}}}"#),
        &[&model(haiku)],
        None,
    );
    // An ARN (a provisioned model, an inference profile): as written.
    let profile = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0";
    invoke(
        &format!(r#"{{"ModelId": "{profile}", "Body": {{}}}}"#),
        &[profile],
        None,
    );
    // Chosen at run time: any foundation model, and why.
    invoke(
        r#"{"ModelId.$": "$.model", "Body": {}}"#,
        &[&model("*")],
        Some(R_DYNAMIC),
    );
    // A model customization job waits by polling, without an events rule.
    let got = derive(&one_task(
        "arn:aws:states:::bedrock:createModelCustomizationJob.sync",
        r#""Parameters": {"JobName": "j", "CustomModelName": "m", "BaseModelIdentifier": "amazon.titan-text-express-v1", "RoleArn": "arn:aws:iam::123456789012:role/Bedrock", "TrainingDataConfig": {}, "OutputDataConfig": {}}"#,
    ));
    let sids: Vec<&str> = got.iter().map(|s| s.sid.as_str()).collect();
    assert_eq!(
        sids,
        [
            "BedrockCreateModelCustomizationJob",
            "BedrockPassRole",
            "BedrockWatchModelCustomizationJob"
        ]
    );
    assert!(
        got[0]
            .resources
            .contains(&model("amazon.titan-text-express-v1"))
    );
    assert_eq!(got[1].resources, ["arn:aws:iam::123456789012:role/Bedrock"]);
}

#[test]
fn glue_start_job_run_and_sync() {
    let params = r#""Parameters": {"JobName": "etl"}"#;
    let start = st(
        "GlueStartJobRun",
        &["glue:StartJobRun"],
        &[&a("glue", "job/etl")],
        None,
    );
    same(
        derive(&one_task("arn:aws:states:::glue:startJobRun", params)),
        vec![start.clone()],
    );
    same(
        derive(&one_task("arn:aws:states:::glue:startJobRun.sync", params)),
        vec![
            start,
            st(
                "GlueWatchJobRun",
                &["glue:BatchStopJobRun", "glue:GetJobRun", "glue:GetJobRuns"],
                &[&a("glue", "job/etl")],
                None,
            ),
        ],
    );
    // A job chosen at run time: any job of the account and region, and why.
    let got = derive(&one_task(
        "arn:aws:states:::glue:startJobRun.sync",
        r#""Parameters": {"JobName.$": "$.job"}"#,
    ));
    assert_eq!(got[0].resources, [a("glue", "job/*")]);
    assert_eq!(got[0].wildcard_reason, Some(R_DYNAMIC));
}

#[test]
fn codebuild_sagemaker_emr_and_unknown_integrations() {
    same(
        derive(&one_task(
            "arn:aws:states:::codebuild:startBuild.sync",
            r#""Parameters": {"ProjectName": "site"}"#,
        )),
        vec![
            st(
                "CodeBuildRunBuild",
                &[
                    "codebuild:BatchGetBuilds",
                    "codebuild:StartBuild",
                    "codebuild:StopBuild",
                ],
                &[&a("codebuild", "project/site")],
                None,
            ),
            events_rule("StepFunctionsGetEventForCodeBuildStartBuildRule"),
        ],
    );
    let got = derive(&one_task(
        "arn:aws:states:::sagemaker:createTrainingJob",
        r#""Parameters": {"TrainingJobName.$": "$.name", "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole"}"#,
    ));
    same(
        got,
        vec![
            st(
                "SageMakerCreateTrainingJob",
                &["sagemaker:CreateTrainingJob"],
                &[&a("sagemaker", "training-job/*")],
                Some(R_DYNAMIC),
            ),
            st(
                "SageMakerListTags",
                &["sagemaker:ListTags"],
                &[&a("sagemaker", "*")],
                catalog_reason("sagemaker", "createTrainingJob", "SageMakerListTags"),
            ),
            when(
                st(
                    "SageMakerPassRole",
                    &["iam:PassRole"],
                    &["arn:aws:iam::123456789012:role/SageMakerRole"],
                    None,
                ),
                &[(
                    "StringEquals",
                    "iam:PassedToService",
                    "sagemaker.amazonaws.com",
                )],
            ),
        ],
    );
    same(
        derive(&one_task(
            "arn:aws:states:::elasticmapreduce:addStep.sync",
            r#""Parameters": {"ClusterId": "j-123", "Step": {"Name": "s"}}"#,
        )),
        vec![
            st(
                "EmrAddStep",
                &[
                    "elasticmapreduce:AddJobFlowSteps",
                    "elasticmapreduce:CancelSteps",
                    "elasticmapreduce:DescribeStep",
                ],
                &[&a("elasticmapreduce", "cluster/j-123")],
                None,
            ),
            events_rule("StepFunctionsGetEventForEMRAddJobFlowStepsRule"),
        ],
    );
    // The cluster's Kubernetes RBAC, not IAM, authorizes a job.
    same(
        derive(&one_task(
            "arn:aws:states:::eks:runJob",
            r#""Parameters": {"ClusterName": "c"}"#,
        )),
        vec![],
    );
}

// ---------------------------------------------------------------------------------------------
// AWS SDK integrations

#[test]
fn sdk_prefixes_and_action_names() {
    assert_eq!(iam_prefix("sfn"), "states");
    assert_eq!(iam_prefix("cloudwatchlogs"), "logs");
    assert_eq!(iam_prefix("sesv2"), "ses");
    assert_eq!(iam_prefix("elasticloadbalancingv2"), "elasticloadbalancing");
    assert_eq!(iam_prefix("eventbridge"), "events");
    assert_eq!(iam_prefix("s3"), "s3");
    assert_eq!(pascal_case("listObjectsV2"), "ListObjectsV2");
    assert_eq!(pascal_case("getObject"), "GetObject");
    assert_eq!(sdk_iam_actions("s3", "getObject"), ["s3:GetObject"]);
    // ListObjectsV2 is authorized by s3:ListBucket; there is no s3:ListObjectsV2 action.
    assert_eq!(sdk_iam_actions("s3", "listObjectsV2"), ["s3:ListBucket"]);
    assert_eq!(
        sdk_iam_actions("sfn", "startSyncExecution"),
        ["states:StartSyncExecution"]
    );
    assert_eq!(
        sdk_iam_actions("cloudwatchlogs", "putLogEvents"),
        ["logs:PutLogEvents"]
    );
    assert_eq!(
        sdk_iam_actions("sqs", "sendMessageBatch"),
        ["sqs:SendMessage"]
    );
    assert_eq!(
        sdk_iam_actions("apigatewayv2", "getApis"),
        ["apigateway:GET"]
    );
}

#[test]
fn sdk_s3_resources_from_bucket_key_and_prefix() {
    let text = r#"{
      "StartAt": "Get",
      "States": {
        "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                "Parameters": {"Bucket": "reports", "Key": "daily/latest.json"}, "Next": "Put"},
        "Put": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
                "Parameters": {"Bucket": "reports", "Key.$": "$.key", "Body.$": "$"}, "Next": "List"},
        "List": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
                 "Parameters": {"Bucket": "reports", "Prefix": "daily/"}, "Next": "Buckets"},
        "Buckets": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listBuckets",
                    "Parameters": {}, "End": true}
      }
    }"#;
    same(
        derive(text),
        vec![
            st(
                "S3GetObject",
                &["s3:GetObject"],
                &["arn:${AWS::Partition}:s3:::reports/daily/latest.json"],
                None,
            ),
            st(
                "S3ListAllMyBuckets",
                &["s3:ListAllMyBuckets"],
                &["*"],
                Some(R_SDK),
            ),
            when(
                st(
                    "S3ListBucket",
                    &["s3:ListBucket"],
                    &["arn:${AWS::Partition}:s3:::reports"],
                    None,
                ),
                &[("StringLike", "s3:prefix", "daily/*")],
            ),
            st(
                "S3PutObject",
                &["s3:PutObject"],
                &["arn:${AWS::Partition}:s3:::reports/*"],
                Some(R_DYNAMIC),
            ),
        ],
    );
}

#[test]
fn sdk_resources_from_obvious_parameters_else_star() {
    let text = r#"{
      "StartAt": "Q",
      "States": {
        "Q": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:query",
              "Parameters": {"TableName": "Orders", "IndexName": "byCustomer",
                             "KeyConditionExpression": "c = :c"}, "Next": "Secret"},
        "Secret": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:secretsmanager:getSecretValue",
                   "Parameters": {"SecretId": "prod/db"}, "Next": "Sync"},
        "Sync": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:startSyncExecution",
                 "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Express"}, "Next": "Mail"},
        "Mail": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sesv2:sendEmail",
                 "Parameters": {"Content": {}, "Destination": {}, "FromEmailAddress": "a@example.com"}, "Next": "Logs"},
        "Logs": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:cloudwatchlogs:getLogEvents",
                 "Parameters": {"LogGroupName": "g", "LogStreamName": "s"}, "End": true}
      }
    }"#;
    same(
        derive(text),
        vec![
            st(
                "DynamodbQuery",
                &["dynamodb:Query"],
                &[&a("dynamodb", "table/Orders/index/byCustomer")],
                None,
            ),
            st(
                "LogsGetLogEvents",
                &["logs:GetLogEvents"],
                &["*"],
                Some(R_SDK),
            ),
            st(
                "SecretsmanagerGetSecretValue",
                &["secretsmanager:GetSecretValue"],
                &[&a("secretsmanager", "secret:prod/db-??????")],
                None,
            ),
            st("SesSendEmail", &["ses:SendEmail"], &["*"], Some(R_SDK)),
            st(
                "StatesStartSyncExecution",
                &["states:StartSyncExecution"],
                &["arn:aws:states:us-east-1:123456789012:stateMachine:Express"],
                None,
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Distributed Map

#[test]
fn distributed_map_reader_writer_and_child_executions() {
    let text = r#"{
      "StartAt": "Each",
      "States": {
        "Each": {
          "Type": "Map",
          "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                         "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                         "Parameters": {"Bucket": "input", "Key": "csv/ratings.csv"}},
          "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Work",
            "States": {"Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                "Parameters": {"FunctionName": "work", "Payload.$": "$"}, "End": true}}
          },
          "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                           "Parameters": {"Bucket": "output", "Prefix": "runs"}},
          "End": true
        }
      }
    }"#;
    same(
        derive(text),
        vec![
            st(
                "DistributedMapReadItems",
                &["s3:GetObject"],
                &["arn:${AWS::Partition}:s3:::input/csv/ratings.csv"],
                None,
            ),
            st(
                "DistributedMapWriteResults",
                &[
                    "s3:AbortMultipartUpload",
                    "s3:GetObject",
                    "s3:ListMultipartUploadParts",
                    "s3:PutObject",
                ],
                &["arn:${AWS::Partition}:s3:::output/runs*"],
                None,
            ),
            st(
                "LambdaInvokeFunction",
                &["lambda:InvokeFunction"],
                &[
                    &a("lambda", "function:work"),
                    &a("lambda", "function:work:*"),
                ],
                None,
            ),
            st(
                "StatesManageExecutions",
                &["states:DescribeExecution", "states:StopExecution"],
                &[
                    &a("states", "execution:Orders/*"),
                    &a("states", "execution:Orders:*"),
                ],
                None,
            ),
            st(
                "StatesStartExecution",
                &["states:StartExecution"],
                &[&a("states", "stateMachine:Orders")],
                None,
            ),
        ],
    );
}

#[test]
fn distributed_map_listing_a_prefix() {
    let text = r#"{
      "StartAt": "Each",
      "States": {
        "Each": {
          "Type": "Map",
          "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2",
                         "Parameters": {"Bucket": "input", "Prefix": "processData"}},
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                            "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
          "End": true
        }
      }
    }"#;
    let got = execution_role_statements(&machine(text), &IamOptions::default());
    same(
        got,
        vec![
            when(
                st(
                    "DistributedMapListItems",
                    &["s3:ListBucket"],
                    &["arn:${AWS::Partition}:s3:::input"],
                    None,
                ),
                &[("StringLike", "s3:prefix", "processData*")],
            ),
            st(
                "StatesManageExecutions",
                &["states:DescribeExecution", "states:StopExecution"],
                &[&a("states", "execution:*")],
                Some(R_OWN_NAME),
            ),
            st(
                "StatesStartExecution",
                &["states:StartExecution"],
                &[&a("states", "stateMachine:*")],
                Some(R_OWN_NAME),
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Scopes, JSONata, credentials

#[test]
fn nested_parallel_and_map_scopes_are_walked_and_deduplicated() {
    let text = r#"{
      "StartAt": "Fan",
      "States": {
        "Fan": {"Type": "Parallel", "Next": "Done", "Branches": [
          {"StartAt": "M", "States": {
            "M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "Inner", "States": {
              "Inner": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "Deep", "States": {"Deep": {"Type": "Task",
                  "Resource": "arn:aws:states:::sqs:sendMessage",
                  "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/orders", "MessageBody.$": "$"},
                  "End": true}}}
              ]}
            }}}
          }},
          {"StartAt": "Same", "States": {"Same": {"Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/orders", "MessageBody": "x"},
            "End": true}}},
          {"StartAt": "Other", "States": {"Other": {"Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/audit", "MessageBody": "x"},
            "End": true}}}
        ]},
        "Done": {"Type": "Succeed"}
      }
    }"#;
    same(
        derive(text),
        vec![st(
            "SqsSendMessage",
            &["sqs:SendMessage"],
            &[
                "arn:${AWS::Partition}:sqs:us-east-1:123456789012:audit",
                "arn:${AWS::Partition}:sqs:us-east-1:123456789012:orders",
            ],
            None,
        )],
    );
}

#[test]
fn jsonata_arguments_literal_and_expressions() {
    let text = r#"{
      "QueryLanguage": "JSONata",
      "StartAt": "Invoke",
      "States": {
        "Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Arguments": {"FunctionName": "charge", "Payload": "{% $states.input %}"}, "Next": "Quoted"},
        "Quoted": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
                   "Arguments": {"TableName": "{% 'Orders' %}", "Key": {"id": {"S": "{% $states.input.id %}"}}}, "Next": "Dynamic"},
        "Dynamic": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                    "Arguments": {"TopicArn": "{% $states.input.topic %}", "Message": "hi"}, "Next": "Http"},
        "Http": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                 "Arguments": {"ApiEndpoint": "{% 'https://api.example.com/orders/' & $states.input.id %}",
                               "Method": "DELETE",
                               "Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/example/abc"}},
                 "End": true}
      }
    }"#;
    same(
        derive(text),
        vec![
            st(
                "DynamodbGetItem",
                &["dynamodb:GetItem"],
                &[&a("dynamodb", "table/Orders")],
                None,
            ),
            st(
                "HttpConnectionCredentials",
                &["events:RetrieveConnectionCredentials"],
                &["arn:aws:events:us-east-1:123456789012:connection/example/abc"],
                None,
            ),
            st(
                "HttpConnectionSecret",
                &[
                    "secretsmanager:DescribeSecret",
                    "secretsmanager:GetSecretValue",
                ],
                &[
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/example/*",
                ],
                None,
            ),
            when(
                st(
                    "HttpInvokeEndpoint",
                    &["states:InvokeHTTPEndpoint"],
                    &[&a("states", "stateMachine:Orders")],
                    catalog_reason("http", "invoke", "HttpInvokeEndpoint"),
                ),
                &[
                    ("StringEquals", "states:HTTPMethod", "DELETE"),
                    (
                        "StringLike",
                        "states:HTTPEndpoint",
                        "https://api.example.com/orders/*",
                    ),
                ],
            ),
            st(
                "LambdaInvokeFunction",
                &["lambda:InvokeFunction"],
                &[
                    &a("lambda", "function:charge"),
                    &a("lambda", "function:charge:*"),
                ],
                None,
            ),
            st(
                "SnsPublish",
                &["sns:Publish"],
                &[&a("sns", "*")],
                Some(R_DYNAMIC),
            ),
        ],
    );
}

#[test]
fn credentials_assume_the_role_instead_of_granting_the_integration() {
    let text = one_task(
        "arn:aws:states:::lambda:invoke",
        r#""Credentials": {"RoleArn": "arn:aws:iam::210987654321:role/Caller"},
           "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:210987654321:function:remote"}"#,
    );
    same(
        derive(&text),
        vec![st(
            "StsAssumeRole",
            &["sts:AssumeRole"],
            &["arn:aws:iam::210987654321:role/Caller"],
            None,
        )],
    );
    let text = one_task(
        "arn:aws:states:::lambda:invoke",
        r#""Credentials": {"RoleArn.$": "$.role"}, "Parameters": {"FunctionName": "f"}"#,
    );
    same(
        derive(&text),
        vec![st(
            "StsAssumeRole",
            &["sts:AssumeRole"],
            &["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*"],
            Some(R_ROLE_DYNAMIC),
        )],
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
