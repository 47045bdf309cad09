//! `arn:aws:states:::aws-sdk:SERVICE:action` → IAM actions.
//!
//! The SDK service name (as the Step Functions guide's "AWS SDK service integrations" table
//! writes it) is not always the IAM service prefix, and a few SDK actions are authorized by an
//! IAM action of another name (S3's `ListObjectsV2` by `s3:ListBucket`). Both tables follow the
//! Service Authorization Reference ("Actions, resources, and condition keys for AWS services").

/// SDK service name → IAM service prefix, where they differ. Every other service's prefix is
/// its SDK name.
const PREFIXES: &[(&str, &str)] = &[
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
    ("elasticinference", "elastic-inference"),
    ("elasticloadbalancingv2", "elasticloadbalancing"),
    ("elasticsearch", "es"),
    ("emr", "elasticmapreduce"),
    ("emrcontainers", "emr-containers"),
    ("emrserverless", "emr-serverless"),
    ("eventbridge", "events"),
    ("forecastquery", "forecast"),
    ("iot1clickprojects", "iot1click"),
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
const ACTIONS: &[(&str, &str, &[&str])] = &[
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

const PARTIQL: &[&str] = &[
    "PartiQLDelete",
    "PartiQLInsert",
    "PartiQLSelect",
    "PartiQLUpdate",
];

/// The IAM service prefix of an `aws-sdk` service: `sfn` → `states`, `cloudwatchlogs` →
/// `logs`, `sesv2` → `ses`, `elasticloadbalancingv2` → `elasticloadbalancing`, …; the SDK name
/// itself for services whose prefix is the same (`s3`, `dynamodb`, `ec2`, …).
pub fn iam_prefix(sdk_service: &str) -> &str {
    PREFIXES
        .iter()
        .find(|(s, _)| *s == sdk_service)
        .map_or(sdk_service, |(_, p)| p)
}

/// The first letter upper-cased: `listObjectsV2` → `ListObjectsV2`, `getObject` → `GetObject`.
pub fn pascal_case(action: &str) -> String {
    let mut chars = action.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The IAM actions (`prefix:Action`) that authorize `arn:aws:states:::aws-sdk:SERVICE:ACTION`:
/// the prefix from [`iam_prefix`] and the PascalCase action, except where the API action is
/// authorized by differently named IAM actions (`s3:listObjectsV2` → `s3:ListBucket`,
/// `s3:headObject` → `s3:GetObject`, `lambda:invoke` → `lambda:InvokeFunction`,
/// `sqs:sendMessageBatch` → `sqs:SendMessage`, …). API Gateway's management API is authorized
/// by HTTP verbs (`apigateway:GET`, `apigateway:POST`, …).
pub fn sdk_iam_actions(sdk_service: &str, action: &str) -> Vec<String> {
    let prefix = iam_prefix(sdk_service);
    if let Some((_, _, actions)) = ACTIONS
        .iter()
        .find(|(s, a, _)| *s == sdk_service && *a == action)
    {
        return actions.iter().map(|a| format!("{prefix}:{a}")).collect();
    }
    if prefix == "apigateway" {
        let verb = [
            ("get", "GET"),
            ("list", "GET"),
            ("create", "POST"),
            ("import", "PUT"),
            ("put", "PUT"),
            ("update", "PATCH"),
            ("delete", "DELETE"),
            ("reset", "DELETE"),
            ("flush", "DELETE"),
            ("tag", "PUT"),
            ("untag", "DELETE"),
        ]
        .iter()
        .find(|(start, _)| action.starts_with(start))
        .map_or("POST", |(_, verb)| verb);
        return vec![format!("apigateway:{verb}")];
    }
    vec![format!("{prefix}:{}", pascal_case(action))]
}
