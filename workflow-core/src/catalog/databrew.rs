//! AWS Glue DataBrew: `databrew:startJobRun` (connect-databrew, databrew-iam).

use super::*;

pub(super) static SERVICE: Service = Service {
    name: "databrew",
    dsl_aliases: &[],
    sdk_name: "databrew",
    actions: &[Action {
        name: "startJobRun",
        patterns: &[Pattern::RequestResponse, Pattern::Sync],
        main_parameter: Some("Name"),
        example: r#"{"Name": "clean-orders"}"#,
        grants: &[Grant::new(
            "DataBrewStartJobRun",
            &["databrew:StartJobRun"],
            &["databrew:job/{Name}"],
        )
        .unless_sync()],
        sync: Some(SyncRole {
            polling: &[Grant::new(
                "DataBrewRunJob",
                &[
                    "databrew:ListJobRuns",
                    "databrew:StartJobRun",
                    "databrew:StopJobRun",
                ],
                &["databrew:job/{Name}"],
            )],
            events_rule: EventsRule::Polled(
                "the Step Functions guide's databrew-iam page grants no events rule: Step \
                 Functions polls databrew:ListJobRuns",
            ),
        }),
        result: Results {
            response: r#"{"RunId": "…"}"#,
            sync: Some(r#"{"JobName": "clean-orders", "RunId": "…", "State": "SUCCEEDED"}"#),
            payload: None,
            sync_payload: None,
        },
    }],
    formats: &[],
    errors: &[],
};
