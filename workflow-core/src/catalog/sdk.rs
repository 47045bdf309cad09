//! The `aws-sdk:` integrations (`arn:aws:states:::aws-sdk:SERVICE:action`): how their names
//! map onto IAM. The SDK service name (as the Step Functions guide's "AWS SDK service
//! integrations" table writes it) is not always the IAM service prefix, and a few SDK actions
//! are authorized by an IAM action of another name (S3's `ListObjectsV2` by `s3:ListBucket`).
//! Both tables follow the Service Authorization Reference ("Actions, resources, and condition
//! keys for AWS services"), which the IAM-data test checks them against; [`crate::iam`] reads
//! them.
//!
//! [`ROLES`] goes further for the SDK actions teams call most that need more than one IAM
//! action on the resource the request names: their execution role as catalog data, in the
//! template language of [`Grant`] (see [`super::TEMPLATE_VALUES`]).

use super::Grant;

/// SDK service names people write for the ones AWS uses: `(written, real)`.
pub const SERVICE_ALIASES: &[(&str, &str)] = &[
    ("logs", "cloudwatchlogs"),
    ("states", "sfn"),
    ("stepfunctions", "sfn"),
];

/// SDK service name → IAM service prefix, where they differ. Every other service's prefix is
/// its SDK name. (Services AWS has retired, whose prefixes the Service Authorization Reference
/// no longer lists, such as Elastic Inference and IoT 1-Click, are not here.)
pub const PREFIXES: &[(&str, &str)] = &[
    ("accessanalyzer", "access-analyzer"),
    ("acmpca", "acm-pca"),
    ("alexaforbusiness", "a4b"),
    ("amp", "aps"),
    ("apigatewayv2", "apigateway"),
    ("appconfigdata", "appconfig"),
    ("appintegrations", "app-integrations"),
    ("applicationautoscaling", "application-autoscaling"),
    ("applicationdiscovery", "discovery"),
    ("autoscalingplans", "autoscaling-plans"),
    ("backupgateway", "backup-gateway"),
    ("bedrockagent", "bedrock"),
    ("bedrockagentruntime", "bedrock"),
    ("bedrockruntime", "bedrock"),
    ("chimesdkidentity", "chime"),
    ("chimesdkmediapipelines", "chime"),
    ("chimesdkmeetings", "chime"),
    ("chimesdkmessaging", "chime"),
    ("cloudcontrol", "cloudformation"),
    ("cloudhsmv2", "cloudhsm"),
    ("cloudwatchevents", "events"),
    ("cloudwatchlogs", "logs"),
    ("codeguruprofiler", "codeguru-profiler"),
    ("codegurureviewer", "codeguru-reviewer"),
    ("codestarconnections", "codestar-connections"),
    ("codestarnotifications", "codestar-notifications"),
    ("cognitoidentity", "cognito-identity"),
    ("cognitoidentityprovider", "cognito-idp"),
    ("cognitosync", "cognito-sync"),
    ("computeoptimizer", "compute-optimizer"),
    ("connectcontactlens", "connect"),
    ("costandusagereport", "cur"),
    ("costexplorer", "ce"),
    ("databasemigration", "dms"),
    ("directory", "ds"),
    ("docdb", "rds"),
    ("dynamodbstreams", "dynamodb"),
    ("ec2instanceconnect", "ec2-instance-connect"),
    ("ecrpublic", "ecr-public"),
    ("elasticloadbalancingv2", "elasticloadbalancing"),
    ("elasticsearch", "es"),
    ("emr", "elasticmapreduce"),
    ("emrcontainers", "emr-containers"),
    ("emrserverless", "emr-serverless"),
    ("eventbridge", "events"),
    ("forecastquery", "forecast"),
    ("ioteventsdata", "iotevents"),
    ("iotjobsdataplane", "iotjobsdata"),
    ("iotsecuretunneling", "iot"),
    ("kinesisanalyticsv2", "kinesisanalytics"),
    ("kinesisvideoarchivedmedia", "kinesisvideo"),
    ("kinesisvideomedia", "kinesisvideo"),
    ("kinesisvideosignaling", "kinesisvideo"),
    ("lexmodelbuilding", "lex"),
    ("lexmodelsv2", "lex"),
    ("lexruntime", "lex"),
    ("lexruntimev2", "lex"),
    ("licensemanager", "license-manager"),
    ("location", "geo"),
    ("marketplacecatalog", "aws-marketplace"),
    ("marketplaceentitlement", "aws-marketplace"),
    ("marketplacemetering", "aws-marketplace"),
    ("mediapackagevod", "mediapackage-vod"),
    ("migrationhub", "mgh"),
    ("migrationhubconfig", "mgh"),
    ("migrationhubstrategy", "migrationhub-strategy"),
    ("mturk", "mechanicalturk"),
    ("mwaa", "airflow"),
    ("neptune", "rds"),
    ("networkfirewall", "network-firewall"),
    ("opensearch", "es"),
    ("opensearchserverless", "aoss"),
    ("opsworkscm", "opsworks-cm"),
    ("personalizeevents", "personalize"),
    ("personalizeruntime", "personalize"),
    ("pinpoint", "mobiletargeting"),
    ("pinpointemail", "ses"),
    ("pinpointsmsvoice", "sms-voice"),
    ("qldbsession", "qldb"),
    ("rdsdata", "rds-data"),
    ("redshiftdata", "redshift-data"),
    ("resourcegroups", "resource-groups"),
    ("resourcegroupstaggingapi", "tag"),
    ("s3control", "s3"),
    ("s3outposts", "s3-outposts"),
    ("sagemakera2iruntime", "sagemaker"),
    ("sagemakeredge", "sagemaker"),
    ("sagemakerfeaturestoreruntime", "sagemaker"),
    ("sagemakergeospatial", "sagemaker-geospatial"),
    ("sagemakerruntime", "sagemaker"),
    ("serverlessapplicationrepository", "serverlessrepo"),
    ("servicecatalogappregistry", "servicecatalog"),
    ("sesv2", "ses"),
    ("sfn", "states"),
    ("ssmcontacts", "ssm-contacts"),
    ("ssmincidents", "ssm-incidents"),
    ("ssoadmin", "sso"),
    ("ssooidc", "sso-oauth"),
    ("timestreamquery", "timestream"),
    ("timestreamwrite", "timestream"),
    ("vpclattice", "vpc-lattice"),
    ("workspacesweb", "workspaces-web"),
];

/// (SDK service, SDK action) → the IAM actions that authorize it, where the action is not simply
/// the PascalCase SDK action.
pub const ACTIONS: &[(&str, &str, &[&str])] = &[
    ("bedrockruntime", "converse", &["InvokeModel"]),
    (
        "bedrockruntime",
        "converseStream",
        &["InvokeModelWithResponseStream"],
    ),
    ("dynamodb", "batchExecuteStatement", PARTIQL),
    ("dynamodb", "executeStatement", PARTIQL),
    ("dynamodb", "executeTransaction", PARTIQL),
    ("dynamodb", "transactGetItems", &["GetItem"]),
    (
        "dynamodb",
        "transactWriteItems",
        &["ConditionCheckItem", "DeleteItem", "PutItem", "UpdateItem"],
    ),
    ("lambda", "invoke", &["InvokeFunction"]),
    ("lambda", "invokeWithResponseStream", &["InvokeFunction"]),
    ("s3", "completeMultipartUpload", &["PutObject"]),
    ("s3", "copyObject", &["GetObject", "PutObject"]),
    ("s3", "createMultipartUpload", &["PutObject"]),
    ("s3", "deleteBucketCors", &["PutBucketCORS"]),
    (
        "s3",
        "deleteBucketEncryption",
        &["PutEncryptionConfiguration"],
    ),
    (
        "s3",
        "deleteBucketLifecycle",
        &["PutLifecycleConfiguration"],
    ),
    (
        "s3",
        "deleteBucketReplication",
        &["PutReplicationConfiguration"],
    ),
    ("s3", "deleteObjects", &["DeleteObject"]),
    ("s3", "getBucketCors", &["GetBucketCORS"]),
    ("s3", "getBucketEncryption", &["GetEncryptionConfiguration"]),
    (
        "s3",
        "getBucketLifecycleConfiguration",
        &["GetLifecycleConfiguration"],
    ),
    (
        "s3",
        "getBucketNotificationConfiguration",
        &["GetBucketNotification"],
    ),
    (
        "s3",
        "getBucketReplication",
        &["GetReplicationConfiguration"],
    ),
    (
        "s3",
        "getObjectAttributes",
        &["GetObject", "GetObjectAttributes"],
    ),
    ("s3", "headBucket", &["ListBucket"]),
    ("s3", "headObject", &["GetObject"]),
    ("s3", "listBuckets", &["ListAllMyBuckets"]),
    (
        "s3",
        "listMultipartUploads",
        &["ListBucketMultipartUploads"],
    ),
    ("s3", "listObjectVersions", &["ListBucketVersions"]),
    ("s3", "listObjects", &["ListBucket"]),
    ("s3", "listObjectsV2", &["ListBucket"]),
    ("s3", "listParts", &["ListMultipartUploadParts"]),
    ("s3", "putBucketCors", &["PutBucketCORS"]),
    ("s3", "putBucketEncryption", &["PutEncryptionConfiguration"]),
    (
        "s3",
        "putBucketLifecycleConfiguration",
        &["PutLifecycleConfiguration"],
    ),
    (
        "s3",
        "putBucketNotificationConfiguration",
        &["PutBucketNotification"],
    ),
    (
        "s3",
        "putBucketReplication",
        &["PutReplicationConfiguration"],
    ),
    ("s3", "uploadPart", &["PutObject"]),
    ("s3", "uploadPartCopy", &["GetObject", "PutObject"]),
    (
        "secretsmanager",
        "batchGetSecretValue",
        &["BatchGetSecretValue", "GetSecretValue"],
    ),
    ("sns", "publishBatch", &["Publish"]),
    (
        "sqs",
        "changeMessageVisibilityBatch",
        &["ChangeMessageVisibility"],
    ),
    ("sqs", "deleteMessageBatch", &["DeleteMessage"]),
    ("sqs", "sendMessageBatch", &["SendMessage"]),
];

pub const PARTIQL: &[&str] = &[
    "PartiQLDelete",
    "PartiQLInsert",
    "PartiQLSelect",
    "PartiQLUpdate",
];

/// An `aws-sdk:` action whose execution role is catalog data: its statements, filled from the
/// request as an optimized integration's are, in place of the generic rule (the IAM actions of
/// [`ACTIONS`] on the resource the obvious parameters name, else `*`). The result is the API's
/// own response, so there is no result shape to keep.
#[derive(Debug)]
pub struct SdkRole {
    /// The SDK service name, as `arn:aws:states:::aws-sdk:SERVICE:action` writes it.
    pub service: &'static str,
    /// The SDK action, camelCase.
    pub action: &'static str,
    /// A request (`Parameters`) naming every resource the role derivation reads; the catalog
    /// and IAM-data tests derive roles from it, and the docs show it.
    pub example: &'static str,
    pub grants: &'static [Grant],
}

/// The `aws-sdk:` actions whose roles the catalog holds, sorted by service and action.
pub static ROLES: &[SdkRole] = &[
    // AWS Glue crawlers (Service Authorization Reference: "AWS Glue", resource type `crawler`;
    // Glue API: StartCrawler takes the crawler's `Name`).
    SdkRole {
        service: "glue",
        action: "startCrawler",
        example: r#"{"Name": "orders-crawler"}"#,
        grants: &[Grant::new(
            "GlueStartCrawler",
            &["glue:StartCrawler"],
            &["glue:crawler/{Name}"],
        )],
    },
    // EventBridge Scheduler (Service Authorization Reference: "Amazon EventBridge Scheduler";
    // Scheduler User Guide: a schedule without `GroupName` joins the `default` group, and
    // whoever creates it passes the target's role to `scheduler.amazonaws.com`, as the managed
    // policy AmazonEventBridgeSchedulerFullAccess grants).
    SdkRole {
        service: "scheduler",
        action: "createSchedule",
        example: r#"{"Name": "reminder-42", "GroupName": "reminders", "ScheduleExpression": "at(2026-01-01T09:00:00)", "FlexibleTimeWindow": {"Mode": "OFF"}, "Target": {"Arn": "arn:aws:sqs:us-east-1:123456789012:reminders", "RoleArn": "arn:aws:iam::123456789012:role/scheduler-to-sqs", "Input": "{}"}}"#,
        grants: &[
            Grant::new(
                "SchedulerCreateSchedule",
                &["scheduler:CreateSchedule"],
                &["scheduler:schedule/{GroupName=default}/{Name}"],
            ),
            Grant::new(
                "SchedulerPassRole",
                &["iam:PassRole"],
                &["{Target.RoleArn|role}"],
            )
            .when(&[(
                "StringEquals",
                "iam:PassedToService",
                "scheduler.amazonaws.com",
            )]),
        ],
    },
];

/// The catalog's role for `aws-sdk:SERVICE:ACTION`, if it holds one.
pub fn role(service: &str, action: &str) -> Option<&'static SdkRole> {
    ROLES
        .iter()
        .find(|r| r.service == service && r.action == action)
}
