//! AWS Batch: `batch:submitJob` (connect-batch, batch-iam).

use super::*;

const JOB_ID: &str = "a job's id is known only once it is submitted, so any job of the account \
     and region is named";

pub(super) static SERVICE: Service = Service {
    name: "batch",
    dsl_aliases: &[],
    sdk_name: "batch",
    actions: &[Action {
        name: "submitJob",
        patterns: &[Pattern::RequestResponse, Pattern::Sync],
        main_parameter: None,
        example: r#"{"JobName": "nightly", "JobDefinition": "report", "JobQueue": "default"}"#,
        grants: &[Grant::new(
            "BatchSubmitJob",
            &["batch:SubmitJob"],
            &[
                "batch:job-definition/{JobDefinition}",
                "batch:job-definition/{JobDefinition}:*",
                "batch:job-queue/{JobQueue}",
                "batch:job/*",
            ],
        )
        .wildcard(JOB_ID)],
        sync: Some(SyncRole {
            polling: &[
                Grant::new("BatchDescribeJobs", &["batch:DescribeJobs"], &["*"])
                    .wildcard("batch:DescribeJobs has no resource-level permissions"),
                Grant::new(
                    "BatchTerminateJob",
                    &["batch:TerminateJob"],
                    &["batch:job/*"],
                )
                .wildcard(JOB_ID),
            ],
            events_rule: EventsRule::Managed("StepFunctionsGetEventsForBatchJobsRule"),
        }),
        result: Results {
            response: r#"{"JobArn": "…", "JobId": "…", "JobName": "nightly"}"#,
            sync: Some(
                r#"{"Attempts": [], "Container": {}, "JobArn": "…", "JobDefinition": "…", "JobId": "…", "JobName": "nightly", "JobQueue": "…", "Status": "SUCCEEDED", "StartedAt": 1700000000000, "StoppedAt": 1700000000000}"#,
            ),
            payload: None,
            sync_payload: None,
        },
    }],
    formats: &[],
    errors: &[],
};
