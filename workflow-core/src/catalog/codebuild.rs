//! AWS CodeBuild (connect-codebuild, codebuild-iam).

use super::*;

const BUILD_RESULT: Results = Results {
    response: r#"{"Build": {"Arn": "…", "BuildStatus": "IN_PROGRESS", "Id": "project:…", "ProjectName": "…"}}"#,
    sync: Some(
        r#"{"Build": {"Arn": "…", "BuildStatus": "SUCCEEDED", "Id": "project:…", "Phases": [], "ProjectName": "…"}}"#,
    ),
    payload: None,
    sync_payload: None,
};
const BATCH_RESULT: Results = Results {
    response: r#"{"BuildBatch": {"Arn": "…", "BuildBatchStatus": "IN_PROGRESS", "Id": "project:…", "ProjectName": "…"}}"#,
    sync: Some(
        r#"{"BuildBatch": {"Arn": "…", "BuildBatchStatus": "SUCCEEDED", "Id": "project:…", "Phases": [], "ProjectName": "…"}}"#,
    ),
    payload: None,
    sync_payload: None,
};
const BATCH_ID: &str = "a build batch is named by its id, PROJECT:UUID, which is known only at run \
     time, so any project of the account and region is named";
const BATCH_WATCH: SyncRole = SyncRole {
    polling: &[Grant::new(
        "CodeBuildWatchBuildBatch",
        &["codebuild:BatchGetBuildBatches", "codebuild:StopBuildBatch"],
        &["codebuild:project/{ProjectName}"],
    )],
    events_rule: EventsRule::Managed("StepFunctionsGetEventForCodeBuildStartBuildBatchRule"),
};

const fn coded(name: &'static str, example: &'static str) -> Action {
    Action {
        name,
        patterns: &[Pattern::RequestResponse],
        main_parameter: None,
        example,
        // Projects, read from the project name or a build id (PROJECT:UUID).
        grants: Grants::Coded,
        sync: None,
        result: BUILD_RESULT,
    }
}

pub(super) static SERVICE: Service = Service {
    name: "codebuild",
    dsl_aliases: &[],
    sdk_name: "codebuild",
    actions: &[
        Action {
            patterns: &[Pattern::RequestResponse, Pattern::Sync],
            main_parameter: Some("ProjectName"),
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "CodeBuildRunBuild",
                    &["codebuild:BatchGetBuilds", "codebuild:StopBuild"],
                    &["codebuild:project/{ProjectName}"],
                )],
                events_rule: EventsRule::Managed("StepFunctionsGetEventForCodeBuildStartBuildRule"),
            }),
            ..coded("startBuild", r#"{"ProjectName": "site"}"#)
        },
        coded("stopBuild", r#"{"Id": "site:0b1c"}"#),
        coded("batchDeleteBuilds", r#"{"Ids": ["site:0b1c"]}"#),
        Action {
            result: Results {
                response: r#"{"Reports": [], "ReportsNotFound": []}"#,
                sync: None,
                payload: None,
                sync_payload: None,
            },
            ..coded(
                "batchGetReports",
                r#"{"ReportArns": ["arn:aws:codebuild:us-east-1:123456789012:report/tests:1"]}"#,
            )
        },
        Action {
            name: "startBuildBatch",
            patterns: &[Pattern::RequestResponse, Pattern::Sync],
            main_parameter: Some("ProjectName"),
            example: r#"{"ProjectName": "site"}"#,
            grants: Grants::Table(&[Grant::new(
                "CodeBuildStartBuildBatch",
                &["codebuild:StartBuildBatch"],
                &["codebuild:project/{ProjectName}"],
            )]),
            sync: Some(BATCH_WATCH),
            result: BATCH_RESULT,
        },
        Action {
            name: "stopBuildBatch",
            patterns: &[Pattern::RequestResponse],
            main_parameter: None,
            example: r#"{"Id": "site:0b1c"}"#,
            grants: Grants::Table(&[Grant::new(
                "CodeBuildStopBuildBatch",
                &["codebuild:StopBuildBatch"],
                &["codebuild:project/*"],
            )
            .wildcard(BATCH_ID)]),
            sync: None,
            result: BATCH_RESULT,
        },
        Action {
            name: "retryBuildBatch",
            patterns: &[Pattern::RequestResponse, Pattern::Sync],
            main_parameter: None,
            example: r#"{"Id": "site:0b1c"}"#,
            grants: Grants::Table(&[Grant::new(
                "CodeBuildRetryBuildBatch",
                &["codebuild:RetryBuildBatch"],
                &["codebuild:project/*"],
            )
            .wildcard(BATCH_ID)]),
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "CodeBuildWatchBuildBatch",
                    &["codebuild:BatchGetBuildBatches", "codebuild:StopBuildBatch"],
                    &["codebuild:project/*"],
                )
                .wildcard(BATCH_ID)],
                events_rule: EventsRule::Polled(
                    "the Step Functions guide's codebuild-iam page grants retryBuildBatch.sync no \
                     events rule",
                ),
            }),
            result: BATCH_RESULT,
        },
        Action {
            name: "deleteBuildBatch",
            patterns: &[Pattern::RequestResponse],
            main_parameter: None,
            example: r#"{"Id": "site:0b1c"}"#,
            grants: Grants::Table(&[Grant::new(
                "CodeBuildDeleteBuildBatch",
                &["codebuild:DeleteBuildBatch"],
                &["codebuild:project/*"],
            )
            .wildcard(BATCH_ID)]),
            sync: None,
            result: Results {
                response: r#"{"BuildsDeleted": [], "BuildsNotDeleted": [], "StatusCode": "…"}"#,
                sync: None,
                payload: None,
                sync_payload: None,
            },
        },
    ],
    errors: &[],
};
