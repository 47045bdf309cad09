//! Amazon Athena (connect-athena, athena-iam).

use super::*;

const fn athena(name: &'static str, patterns: &'static [Pattern], example: &'static str) -> Action {
    Action {
        name,
        patterns,
        main_parameter: None,
        example,
        // The work group, the data catalogs, S3 result locations and the Glue catalog.
        grants: Grants::Coded,
        sync: None,
        result: Results {
            response: r#"{"QueryExecutionId": "…"}"#,
            sync: None,
            payload: None,
            sync_payload: None,
        },
    }
}

pub(super) static SERVICE: Service = Service {
    name: "athena",
    dsl_aliases: &[],
    sdk_name: "athena",
    actions: &[
        Action {
            main_parameter: Some("QueryString"),
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "AthenaRunQuery",
                    &["athena:GetQueryExecution", "athena:StopQueryExecution"],
                    &["athena:workgroup/{WorkGroup}"],
                )],
                events_rule: EventsRule::Polled(
                    "the Step Functions guide's athena-iam page grants no events rule: Step \
                     Functions polls athena:GetQueryExecution",
                ),
            }),
            result: Results {
                response: r#"{"QueryExecutionId": "…"}"#,
                sync: Some(
                    r#"{"QueryExecution": {"Query": "…", "QueryExecutionId": "…", "ResultConfiguration": {}, "Statistics": {}, "Status": {"State": "SUCCEEDED"}, "WorkGroup": "primary"}}"#,
                ),
                payload: None,
                sync_payload: None,
            },
            ..athena(
                "startQueryExecution",
                &[Pattern::RequestResponse, Pattern::Sync],
                r#"{"QueryString": "SELECT 1", "WorkGroup": "reports"}"#,
            )
        },
        athena(
            "stopQueryExecution",
            &[Pattern::RequestResponse],
            r#"{"QueryExecutionId": "q-1"}"#,
        ),
        athena(
            "getQueryExecution",
            &[Pattern::RequestResponse],
            r#"{"QueryExecutionId": "q-1"}"#,
        ),
        athena(
            "getQueryResults",
            &[Pattern::RequestResponse],
            r#"{"QueryExecutionId": "q-1"}"#,
        ),
    ],
    errors: &[],
};
