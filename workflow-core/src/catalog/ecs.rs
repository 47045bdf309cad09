//! Amazon ECS and AWS Fargate: `ecs:runTask` (connect-ecs, ecs-iam).

use super::*;

pub(super) static SERVICE: Service = Service {
    name: "ecs",
    dsl_aliases: &[],
    sdk_name: "ecs",
    actions: &[Action {
        name: "runTask",
        patterns: &[
            Pattern::RequestResponse,
            Pattern::Sync,
            Pattern::WaitForTaskToken,
        ],
        main_parameter: Some("TaskDefinition"),
        example: r#"{"Cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/jobs", "TaskDefinition": "report:3", "LaunchType": "FARGATE"}"#,
        grants: &[
            Grant::new(
                "EcsRunTask",
                &["ecs:RunTask"],
                &["{TaskDefinition|task_definition}"],
            ),
            Grant::new(
                "EcsPassRole",
                &["iam:PassRole"],
                &["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*"],
            )
            .wildcard(
                "the task and execution roles are in the ECS task definition, not in the state \
                 machine definition, so any role of the account may be passed to ECS tasks",
            )
            .when(&[(
                "StringEquals",
                "iam:PassedToService",
                "ecs-tasks.amazonaws.com",
            )]),
        ],
        sync: Some(SyncRole {
            // A task's ARN is task/CLUSTER/ID; the cluster is `default` unless named.
            polling: &[Grant::new(
                "EcsManageTasks",
                &["ecs:DescribeTasks", "ecs:StopTask"],
                &["ecs:task/{Cluster=default|cluster_name}/*"],
            )
            .wildcard(
                "an ECS task's id is known only once it runs, so any task of the cluster is \
                 named (Step Functions stops only the tasks it started)",
            )],
            events_rule: EventsRule::Managed("StepFunctionsGetEventsForECSTaskRule"),
        }),
        result: Results {
            response: r#"{"Failures": [], "Tasks": [{"TaskArn": "…", "LastStatus": "PROVISIONING"}]}"#,
            sync: Some(
                r#"{"Attachments": [], "Containers": [], "LastStatus": "STOPPED", "StopCode": "EssentialContainerExited", "TaskArn": "…", "TaskDefinitionArn": "…"}"#,
            ),
            payload: None,
            sync_payload: None,
        },
    }],
    formats: &[],
    errors: &["ECS.AmazonECSException"],
};
