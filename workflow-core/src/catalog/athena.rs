//! Amazon Athena (connect-athena, athena-iam).

use super::*;

/// Why the S3 locations, data catalogs and Glue catalog objects are wildcards.
const ATHENA_WIDE: &str = "Athena reads and writes S3 locations, Glue catalog objects and data \
     catalogs the definition does not name; the Step Functions guide grants them this widely";
/// The actions on a query's own work group name no query, so they name every work group.
const ANY_WORKGROUP: &str = "the query's work group is not in the definition";
/// A query without a work group runs in `primary`.
const WORKGROUP: &str = "athena:workgroup/{WorkGroup=primary}";
const DATA_CATALOGS: &str = "athena:datacatalog/*";
const RUN_QUERY: &[&str] = &[
    "athena:GetDataCatalog",
    "athena:GetQueryExecution",
    "athena:StartQueryExecution",
    "athena:StopQueryExecution",
];
const START_QUERY: &[&str] = &["athena:GetDataCatalog", "athena:StartQueryExecution"];
const READ_RESULTS: Grant = Grant::new(
    "AthenaReadResultsS3",
    &["s3:GetObject"],
    &["arn:${AWS::Partition}:s3:::*"],
)
.wildcard(ATHENA_WIDE);

/// An action on a query by id: `athena:ACTION` on every work group.
const fn on_query(sid: &'static str, actions: &'static [&'static str]) -> Grant {
    Grant::new(sid, actions, &["athena:workgroup/*"]).wildcard(ANY_WORKGROUP)
}

/// An action on a query, which answers with the query's id.
const fn athena(
    name: &'static str,
    patterns: &'static [Pattern],
    example: &'static str,
    grants: &'static [Grant],
) -> Action {
    Action::plain(
        name,
        patterns,
        example,
        grants,
        r#"{"QueryExecutionId": "…"}"#,
    )
}

pub(super) static SERVICE: Service = Service {
    name: "athena",
    dsl_aliases: &[],
    sdk_name: "athena",
    actions: &[
        Action {
            main_parameter: Some("QueryString"),
            sync: Some(SyncRole {
                polling: &[
                    Grant::new("AthenaRunQuery", RUN_QUERY, &[WORKGROUP]),
                    Grant::new("AthenaRunQuery", RUN_QUERY, &[DATA_CATALOGS]).wildcard(ATHENA_WIDE),
                ],
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
                &[
                    Grant::new("AthenaStartQuery", START_QUERY, &[WORKGROUP]).unless_sync(),
                    Grant::new("AthenaStartQuery", START_QUERY, &[DATA_CATALOGS])
                        .wildcard(ATHENA_WIDE)
                        .unless_sync(),
                    Grant::new(
                        "AthenaQueryResultsS3",
                        &[
                            "s3:AbortMultipartUpload",
                            "s3:CreateBucket",
                            "s3:GetBucketLocation",
                            "s3:GetObject",
                            "s3:ListBucket",
                            "s3:ListBucketMultipartUploads",
                            "s3:ListMultipartUploadParts",
                            "s3:PutObject",
                        ],
                        &["arn:${AWS::Partition}:s3:::*"],
                    )
                    .wildcard(ATHENA_WIDE),
                    Grant::new(
                        "AthenaGlueCatalog",
                        &[
                            "glue:BatchCreatePartition",
                            "glue:BatchDeletePartition",
                            "glue:BatchDeleteTable",
                            "glue:BatchGetPartition",
                            "glue:CreateDatabase",
                            "glue:CreatePartition",
                            "glue:CreateTable",
                            "glue:DeleteDatabase",
                            "glue:DeletePartition",
                            "glue:DeleteTable",
                            "glue:GetDatabase",
                            "glue:GetDatabases",
                            "glue:GetPartition",
                            "glue:GetPartitions",
                            "glue:GetTable",
                            "glue:GetTables",
                            "glue:UpdateDatabase",
                            "glue:UpdatePartition",
                            "glue:UpdateTable",
                        ],
                        &[
                            "glue:catalog",
                            "glue:database/*",
                            "glue:table/*",
                            "glue:userDefinedFunction/*",
                        ],
                    )
                    .wildcard(ATHENA_WIDE),
                    Grant::new(
                        "AthenaLakeFormation",
                        &["lakeformation:GetDataAccess"],
                        &["*"],
                    )
                    .wildcard(
                        "lakeformation:GetDataAccess has no resource-level permissions; \
                             Athena needs it for tables that Lake Formation governs",
                    ),
                ],
            )
        },
        athena(
            "stopQueryExecution",
            &[Pattern::RequestResponse],
            r#"{"QueryExecutionId": "q-1"}"#,
            &[on_query("AthenaStopQuery", &["athena:StopQueryExecution"])],
        ),
        athena(
            "getQueryExecution",
            &[Pattern::RequestResponse],
            r#"{"QueryExecutionId": "q-1"}"#,
            &[on_query("AthenaGetQuery", &["athena:GetQueryExecution"])],
        ),
        athena(
            "getQueryResults",
            &[Pattern::RequestResponse],
            r#"{"QueryExecutionId": "q-1"}"#,
            &[
                on_query("AthenaGetQueryResults", &["athena:GetQueryResults"]),
                READ_RESULTS,
            ],
        ),
    ],
    formats: &[],
    errors: &[],
};
