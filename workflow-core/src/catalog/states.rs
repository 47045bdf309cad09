//! AWS Step Functions: `states:startExecution` (connect-stepfunctions, stepfunctions-iam).

use super::*;

pub(super) static SERVICE: Service = Service {
    name: "states",
    dsl_aliases: &["step_functions", "stepfunctions", "sfn"],
    sdk_name: "sfn",
    actions: &[Action {
        name: "startExecution",
        patterns: &[
            Pattern::RequestResponse,
            Pattern::Sync,
            Pattern::Sync2,
            Pattern::WaitForTaskToken,
        ],
        main_parameter: Some("StateMachineArn"),
        example: r#"{"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child", "Input": {}}"#,
        grants: &[Grant::new(
            "StatesStartExecution",
            &["states:StartExecution"],
            &["{StateMachineArn|state_machine}"],
        )],
        sync: Some(SyncRole {
            // The child's executions, read from its ARN or its CloudFormation placeholder.
            polling: &[Grant::new(
                "StatesManageExecutions",
                &["states:DescribeExecution", "states:StopExecution"],
                &["{StateMachineArn|executions}"],
            )],
            events_rule: EventsRule::Managed("StepFunctionsGetEventsForStepFunctionsExecutionRule"),
        }),
        result: Results {
            response: r#"{"ExecutionArn": "arn:aws:states:…:execution:Child:…", "StartDate": 1700000000000}"#,
            sync: Some(
                r#"{"ExecutionArn": "…", "Input": "{}", "Name": "…", "Output": "{}", "StartDate": 1700000000000, "StateMachineArn": "…", "Status": "SUCCEEDED", "StopDate": 1700000000000}"#,
            ),
            payload: None,
            sync_payload: Some("Output"),
        },
    }],
    formats: &[],
    errors: &[
        "StepFunctions.ExecutionAlreadyExistsException",
        "StepFunctions.ExecutionLimitExceededException",
        "StepFunctions.InvalidExecutionInputException",
        "StepFunctions.StateMachineDoesNotExistException",
    ],
};
