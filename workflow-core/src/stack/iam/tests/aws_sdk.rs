//! `aws-sdk:` integrations.

use super::*;

#[test]
fn sdk_prefixes_and_action_names() {
    assert_eq!(iam_prefix("sfn"), "states");
    assert_eq!(iam_prefix("cloudwatchlogs"), "logs");
    assert_eq!(iam_prefix("sesv2"), "ses");
    assert_eq!(iam_prefix("elasticloadbalancingv2"), "elasticloadbalancing");
    assert_eq!(iam_prefix("eventbridge"), "events");
    assert_eq!(iam_prefix("s3"), "s3");
    assert_eq!(pascal_case("listObjectsV2"), "ListObjectsV2");
    assert_eq!(pascal_case("getObject"), "GetObject");
    assert_eq!(sdk_iam_actions("s3", "getObject"), ["s3:GetObject"]);
    // ListObjectsV2 is authorized by s3:ListBucket; there is no s3:ListObjectsV2 action.
    assert_eq!(sdk_iam_actions("s3", "listObjectsV2"), ["s3:ListBucket"]);
    assert_eq!(
        sdk_iam_actions("sfn", "startSyncExecution"),
        ["states:StartSyncExecution"]
    );
    assert_eq!(
        sdk_iam_actions("cloudwatchlogs", "putLogEvents"),
        ["logs:PutLogEvents"]
    );
    assert_eq!(
        sdk_iam_actions("sqs", "sendMessageBatch"),
        ["sqs:SendMessage"]
    );
    assert_eq!(
        sdk_iam_actions("apigatewayv2", "getApis"),
        ["apigateway:GET"]
    );
}

#[test]
fn sdk_s3_resources_from_bucket_key_and_prefix() {
    let text = r#"{
      "StartAt": "Get",
      "States": {
        "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                "Parameters": {"Bucket": "reports", "Key": "daily/latest.json"}, "Next": "Put"},
        "Put": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
                "Parameters": {"Bucket": "reports", "Key.$": "$.key", "Body.$": "$"}, "Next": "List"},
        "List": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
                 "Parameters": {"Bucket": "reports", "Prefix": "daily/"}, "Next": "Buckets"},
        "Buckets": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listBuckets",
                    "Parameters": {}, "End": true}
      }
    }"#;
    same(
        derive(text),
        vec![
            st(
                "S3GetObject",
                &["s3:GetObject"],
                &["arn:${AWS::Partition}:s3:::reports/daily/latest.json"],
                None,
            ),
            st(
                "S3ListAllMyBuckets",
                &["s3:ListAllMyBuckets"],
                &["*"],
                Some(R_SDK),
            ),
            when(
                st(
                    "S3ListBucket",
                    &["s3:ListBucket"],
                    &["arn:${AWS::Partition}:s3:::reports"],
                    None,
                ),
                &[("StringLike", "s3:prefix", "daily/*")],
            ),
            st(
                "S3PutObject",
                &["s3:PutObject"],
                &["arn:${AWS::Partition}:s3:::reports/*"],
                Some(R_DYNAMIC),
            ),
        ],
    );
}

#[test]
fn sdk_resources_from_obvious_parameters_else_star() {
    let text = r#"{
      "StartAt": "Q",
      "States": {
        "Q": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:query",
              "Parameters": {"TableName": "Orders", "IndexName": "byCustomer",
                             "KeyConditionExpression": "c = :c"}, "Next": "Secret"},
        "Secret": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:secretsmanager:getSecretValue",
                   "Parameters": {"SecretId": "prod/db"}, "Next": "Sync"},
        "Sync": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:startSyncExecution",
                 "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Express"}, "Next": "Mail"},
        "Mail": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sesv2:sendEmail",
                 "Parameters": {"Content": {}, "Destination": {}, "FromEmailAddress": "a@example.com"}, "Next": "Logs"},
        "Logs": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:cloudwatchlogs:getLogEvents",
                 "Parameters": {"LogGroupName": "g", "LogStreamName": "s"}, "End": true}
      }
    }"#;
    same(
        derive(text),
        vec![
            st(
                "DynamodbQuery",
                &["dynamodb:Query"],
                &[&a("dynamodb", "table/Orders/index/byCustomer")],
                None,
            ),
            st(
                "LogsGetLogEvents",
                &["logs:GetLogEvents"],
                &["*"],
                Some(R_SDK),
            ),
            st(
                "SecretsmanagerGetSecretValue",
                &["secretsmanager:GetSecretValue"],
                &[&a("secretsmanager", "secret:prod/db-??????")],
                None,
            ),
            st("SesSendEmail", &["ses:SendEmail"], &["*"], Some(R_SDK)),
            st(
                "StatesStartSyncExecution",
                &["states:StartSyncExecution"],
                &["arn:aws:states:us-east-1:123456789012:stateMachine:Express"],
                None,
            ),
        ],
    );
}

#[test]
fn eventbridge_scheduler_create_schedule_on_its_group_and_target_role() {
    let resource = "arn:aws:states:::aws-sdk:scheduler:createSchedule";
    let role = |schedule: &str, schedule_reason, passed: &str, passed_reason| {
        vec![
            st(
                "SchedulerCreateSchedule",
                &["scheduler:CreateSchedule"],
                &[&a("scheduler", schedule)],
                schedule_reason,
            ),
            when(
                st(
                    "SchedulerPassRole",
                    &["iam:PassRole"],
                    &[&format!(
                        "arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/{passed}"
                    )],
                    passed_reason,
                ),
                &[(
                    "StringEquals",
                    "iam:PassedToService",
                    "scheduler.amazonaws.com",
                )],
            ),
        ]
    };
    let params = r#""Parameters": {"Name": "nightly", "ScheduleExpression": "rate(1 day)", "FlexibleTimeWindow": {"Mode": "OFF"}, "Target": {"Arn": "arn:aws:lambda:us-east-1:1:function:f", "RoleArn": "scheduler-invoke"}}"#;
    same(
        derive(&one_task(resource, params)),
        role("schedule/default/nightly", None, "scheduler-invoke", None),
    );
    // A name chosen at run time: any schedule of the group; a role chosen at run time: any role.
    let params = r#""Parameters": {"Name.$": "$.id", "GroupName": "reminders", "ScheduleExpression": "rate(1 day)", "FlexibleTimeWindow": {"Mode": "OFF"}, "Target": {"Arn": "arn:aws:sqs:us-east-1:1:q", "RoleArn.$": "$.role"}}"#;
    same(
        derive(&one_task(resource, params)),
        role(
            "schedule/reminders/*",
            Some(R_DYNAMIC),
            "*",
            Some(R_ROLE_DYNAMIC),
        ),
    );
}

#[test]
fn glue_start_crawler_on_the_crawler_it_names() {
    let start = |resource: &str, reason| {
        vec![st(
            "GlueStartCrawler",
            &["glue:StartCrawler"],
            &[resource],
            reason,
        )]
    };
    let resource = "arn:aws:states:::aws-sdk:glue:startCrawler";
    same(
        derive(&one_task(resource, r#""Parameters": {"Name": "orders"}"#)),
        start(&a("glue", "crawler/orders"), None),
    );
    same(
        derive(&one_task(
            resource,
            r#""Parameters": {"Name.$": "$.crawler"}"#,
        )),
        start(&a("glue", "crawler/*"), Some(R_DYNAMIC)),
    );
}
