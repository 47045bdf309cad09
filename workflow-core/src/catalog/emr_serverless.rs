//! Amazon EMR Serverless: `emr-serverless:…` (connect-emr-serverless and its IAM section).

use super::*;

const APPLICATION_RULE: EventsRule =
    EventsRule::Managed("StepFunctionsGetEventsForEMRServerlessApplicationRule");
const JOB_RULE: EventsRule = EventsRule::Managed("StepFunctionsGetEventsForEMRServerlessJobRule");
const APPLICATION: &[&str] = &["emr-serverless:/applications/{ApplicationId}"];
const RR_SYNC: &[Pattern] = &[Pattern::RequestResponse, Pattern::Sync];
const APPLICATION_ID: Results = Results {
    response: r#"{"ApplicationId": "…"}"#,
    sync: None,
    payload: None,
    sync_payload: None,
};

const GET_APPLICATION: &[Grant] = &[Grant::new(
    "EmrServerlessGetApplication",
    &["emr-serverless:GetApplication"],
    APPLICATION,
)];

/// startApplication, stopApplication, deleteApplication: the action on the application, and
/// for `.sync` `GetApplication` with the application rule.
const fn application(name: &'static str, grants: &'static [Grant]) -> Action {
    Action {
        name,
        patterns: RR_SYNC,
        main_parameter: Some("ApplicationId"),
        example: r#"{"ApplicationId": "00abc"}"#,
        grants,
        sync: Some(SyncRole {
            polling: GET_APPLICATION,
            events_rule: APPLICATION_RULE,
        }),
        result: APPLICATION_ID,
    }
}

pub(super) static SERVICE: Service = Service {
    name: "emr-serverless",
    dsl_aliases: &[],
    sdk_name: "emrserverless",
    actions: &[
        Action {
            name: "createApplication",
            patterns: RR_SYNC,
            main_parameter: None,
            example: r#"{"Name": "spark", "ReleaseLabel": "emr-7.0.0", "Type": "SPARK"}"#,
            grants: &[
                Grant::new(
                    "EmrServerlessCreateApplication",
                    &["emr-serverless:CreateApplication"],
                    &["*"],
                )
                .wildcard("emr-serverless:CreateApplication has no resource-level permissions"),
                Grant::new(
                    "EmrServerlessServiceLinkedRole",
                    &["iam:CreateServiceLinkedRole"],
                    &["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/ops.emr-serverless.amazonaws.com/AWSServiceRoleForAmazonEMRServerless*"],
                )
                .wildcard("the Step Functions guide names the service-linked role with a trailing `*`")
                .when(&[("StringLike", "iam:AWSServiceName", "ops.emr-serverless.amazonaws.com")]),
            ],
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "EmrServerlessWatchApplication",
                    &["emr-serverless:DeleteApplication", "emr-serverless:GetApplication"],
                    &["emr-serverless:/applications/*"],
                )
                .wildcard("a new application's id is known only once it is created")],
                events_rule: APPLICATION_RULE,
            }),
            result: Results {
                response: r#"{"ApplicationId": "…", "Arn": "…", "Name": "spark"}"#,
                sync: None,
                payload: None,
                sync_payload: None,
            },
        },
        application(
            "startApplication",
            &[Grant::new(
                "EmrServerlessStartApplication",
                &["emr-serverless:StartApplication"],
                APPLICATION,
            )],
        ),
        application(
            "stopApplication",
            &[Grant::new(
                "EmrServerlessStopApplication",
                &["emr-serverless:StopApplication"],
                APPLICATION,
            )],
        ),
        application(
            "deleteApplication",
            &[Grant::new(
                "EmrServerlessDeleteApplication",
                &["emr-serverless:DeleteApplication"],
                APPLICATION,
            )],
        ),
        Action {
            name: "startJobRun",
            patterns: RR_SYNC,
            main_parameter: None,
            example: r#"{"ApplicationId": "00abc", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/spark-job", "JobDriver": {}}"#,
            grants: &[
                Grant::new(
                    "EmrServerlessStartJobRun",
                    &["emr-serverless:StartJobRun"],
                    APPLICATION,
                ),
                Grant::new("EmrServerlessPassRole", &["iam:PassRole"], &["{ExecutionRoleArn}"])
                    .when(&[("StringEquals", "iam:PassedToService", "emr-serverless.amazonaws.com")]),
            ],
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "EmrServerlessWatchJobRun",
                    &["emr-serverless:CancelJobRun", "emr-serverless:GetJobRun"],
                    &["emr-serverless:/applications/{ApplicationId}/jobruns/*"],
                )
                .wildcard("a job run's id is known only once it starts")],
                events_rule: JOB_RULE,
            }),
            result: Results {
                response: r#"{"ApplicationId": "00abc", "Arn": "…", "JobRunId": "…"}"#,
                sync: Some(r#"{"JobRun": {"ApplicationId": "00abc", "JobRunId": "…", "State": "SUCCESS"}}"#),
                payload: None,
                sync_payload: None,
            },
        },
        Action {
            name: "cancelJobRun",
            patterns: RR_SYNC,
            main_parameter: None,
            example: r#"{"ApplicationId": "00abc", "JobRunId": "00run"}"#,
            grants: &[Grant::new(
                "EmrServerlessCancelJobRun",
                &["emr-serverless:CancelJobRun"],
                &["emr-serverless:/applications/{ApplicationId}/jobruns/{JobRunId}"],
            )],
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "EmrServerlessGetJobRun",
                    &["emr-serverless:GetJobRun"],
                    &["emr-serverless:/applications/{ApplicationId}/jobruns/{JobRunId}"],
                )],
                events_rule: JOB_RULE,
            }),
            result: Results {
                response: r#"{"ApplicationId": "00abc", "JobRunId": "00run"}"#,
                sync: None,
                payload: None,
                sync_payload: None,
            },
        },
    ],
    formats: &[],
    errors: &[],
};
