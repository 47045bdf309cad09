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

/// Builds and reports are named by ids: a build's id is PROJECT:UUID.
const BUILD_IDS: &str = "builds and reports are named by ids known only at run time";

/// A request-response action on builds.
const fn on_builds(name: &'static str, example: &'static str, grants: &'static [Grant]) -> Action {
    Action {
        name,
        patterns: &[Pattern::RequestResponse],
        main_parameter: None,
        example,
        grants,
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
                    &[
                        "codebuild:BatchGetBuilds",
                        "codebuild:StartBuild",
                        "codebuild:StopBuild",
                    ],
                    &["codebuild:project/{ProjectName}"],
                )],
                events_rule: EventsRule::Managed("StepFunctionsGetEventForCodeBuildStartBuildRule"),
            }),
            ..on_builds(
                "startBuild",
                r#"{"ProjectName": "site"}"#,
                &[Grant::new(
                    "CodeBuildStartBuild",
                    &["codebuild:StartBuild"],
                    &["codebuild:project/{ProjectName}"],
                )
                .unless_sync()],
            )
        },
        on_builds(
            "stopBuild",
            r#"{"Id": "site:0b1c"}"#,
            &[Grant::new(
                "CodeBuildStopBuild",
                &["codebuild:StopBuild"],
                &["codebuild:project/{Id|build_project}"],
            )],
        ),
        on_builds(
            "batchDeleteBuilds",
            r#"{"Ids": ["site:0b1c"]}"#,
            &[Grant::new(
                "CodeBuildDeleteBuilds",
                &["codebuild:BatchDeleteBuilds"],
                &["codebuild:project/*"],
            )
            .wildcard(BUILD_IDS)],
        ),
        Action {
            result: Results {
                response: r#"{"Reports": [], "ReportsNotFound": []}"#,
                sync: None,
                payload: None,
                sync_payload: None,
            },
            ..on_builds(
                "batchGetReports",
                r#"{"ReportArns": ["arn:aws:codebuild:us-east-1:123456789012:report/tests:1"]}"#,
                &[Grant::new(
                    "CodeBuildGetReports",
                    &["codebuild:BatchGetReports"],
                    &["codebuild:report-group/*"],
                )
                .wildcard(BUILD_IDS)],
            )
        },
        Action {
            name: "startBuildBatch",
            patterns: &[Pattern::RequestResponse, Pattern::Sync],
            main_parameter: Some("ProjectName"),
            example: r#"{"ProjectName": "site"}"#,
            grants: &[Grant::new(
                "CodeBuildStartBuildBatch",
                &["codebuild:StartBuildBatch"],
                &["codebuild:project/{ProjectName}"],
            )],
            sync: Some(BATCH_WATCH),
            result: BATCH_RESULT,
        },
        Action {
            name: "stopBuildBatch",
            patterns: &[Pattern::RequestResponse],
            main_parameter: None,
            example: r#"{"Id": "site:0b1c"}"#,
            grants: &[Grant::new(
                "CodeBuildStopBuildBatch",
                &["codebuild:StopBuildBatch"],
                &["codebuild:project/*"],
            )
            .wildcard(BATCH_ID)],
            sync: None,
            result: BATCH_RESULT,
        },
        Action {
            name: "retryBuildBatch",
            patterns: &[Pattern::RequestResponse, Pattern::Sync],
            main_parameter: None,
            example: r#"{"Id": "site:0b1c"}"#,
            grants: &[Grant::new(
                "CodeBuildRetryBuildBatch",
                &["codebuild:RetryBuildBatch"],
                &["codebuild:project/*"],
            )
            .wildcard(BATCH_ID)],
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
            grants: &[Grant::new(
                "CodeBuildDeleteBuildBatch",
                &["codebuild:DeleteBuildBatch"],
                &["codebuild:project/*"],
            )
            .wildcard(BATCH_ID)],
            sync: None,
            result: Results {
                response: r#"{"BuildsDeleted": [], "BuildsNotDeleted": [], "StatusCode": "…"}"#,
                sync: None,
                payload: None,
                sync_payload: None,
            },
        },
    ],
    formats: &[],
    errors: &[],
};
