//! Lambda, Step Functions, Batch and ECS.

use super::*;

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
