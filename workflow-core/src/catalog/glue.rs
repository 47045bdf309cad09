//! AWS Glue: `glue:startJobRun` (connect-glue, glue-iam), on the job's own ARN.

use super::*;

pub(super) static SERVICE: Service = Service {
    name: "glue",
    dsl_aliases: &[],
    sdk_name: "glue",
    actions: &[Action {
        name: "startJobRun",
        patterns: &[Pattern::RequestResponse, Pattern::Sync],
        main_parameter: Some("JobName"),
        example: r#"{"JobName": "nightly-etl", "Arguments": {"--day": "2026-01-01"}}"#,
        grants: &[Grant::new(
            "GlueStartJobRun",
            &["glue:StartJobRun"],
            &["glue:job/{JobName}"],
        )],
        sync: Some(SyncRole {
            polling: &[Grant::new(
                "GlueWatchJobRun",
                &["glue:BatchStopJobRun", "glue:GetJobRun", "glue:GetJobRuns"],
                &["glue:job/{JobName}"],
            )],
            events_rule: EventsRule::Polled(
                "the Step Functions guide's glue-iam page grants no events rule: Step Functions \
                 polls glue:GetJobRun",
            ),
        }),
        result: Results {
            response: r#"{"JobRunId": "jr_…"}"#,
            sync: Some(
                r#"{"Arguments": {}, "Attempt": 0, "CompletedOn": 1700000000000, "ExecutionTime": 60, "Id": "jr_…", "JobName": "nightly-etl", "JobRunState": "SUCCEEDED", "StartedOn": 1700000000000}"#,
            ),
            payload: None,
            sync_payload: None,
        },
    }],
    formats: &[],
    errors: &[],
};
