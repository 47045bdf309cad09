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
        // Task definitions with or without revision; the roles a task definition names.
        grants: Grants::Coded,
        sync: Some(SyncRole {
            polling: &[Grant::new(
                "EcsManageTasks",
                &["ecs:DescribeTasks", "ecs:StopTask"],
                &["ecs:task/*"],
            )
            .wildcard("a task's id is known only once it runs")],
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
    errors: &["ECS.AmazonECSException"],
};
