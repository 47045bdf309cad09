//! Distributed Maps, nested scopes, JSONata and Task credentials.

use super::*;

#[test]
fn distributed_map_reader_writer_and_child_executions() {
    let text = r#"{
      "StartAt": "Each",
      "States": {
        "Each": {
          "Type": "Map",
          "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                         "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                         "Parameters": {"Bucket": "input", "Key": "csv/ratings.csv"}},
          "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Work",
            "States": {"Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                "Parameters": {"FunctionName": "work", "Payload.$": "$"}, "End": true}}
          },
          "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                           "Parameters": {"Bucket": "output", "Prefix": "runs"}},
          "End": true
        }
      }
    }"#;
    same(
        derive(text),
        vec![
            st(
                "DistributedMapReadItems",
                &["s3:GetObject"],
                &["arn:${AWS::Partition}:s3:::input/csv/ratings.csv"],
                None,
            ),
            st(
                "DistributedMapWriteResults",
                &[
                    "s3:AbortMultipartUpload",
                    "s3:GetObject",
                    "s3:ListMultipartUploadParts",
                    "s3:PutObject",
                ],
                &["arn:${AWS::Partition}:s3:::output/runs*"],
                None,
            ),
            st(
                "LambdaInvokeFunction",
                &["lambda:InvokeFunction"],
                &[
                    &a("lambda", "function:work"),
                    &a("lambda", "function:work:*"),
                ],
                None,
            ),
            st(
                "StatesManageExecutions",
                &["states:DescribeExecution", "states:StopExecution"],
                &[
                    &a("states", "execution:Orders/*"),
                    &a("states", "execution:Orders:*"),
                ],
                None,
            ),
            st(
                "StatesStartExecution",
                &["states:StartExecution"],
                &[&a("states", "stateMachine:Orders")],
                None,
            ),
        ],
    );
}

#[test]
fn distributed_map_listing_a_prefix() {
    let text = r#"{
      "StartAt": "Each",
      "States": {
        "Each": {
          "Type": "Map",
          "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2",
                         "Parameters": {"Bucket": "input", "Prefix": "processData"}},
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                            "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
          "End": true
        }
      }
    }"#;
    let got = execution_role_statements(&machine(text), &IamOptions::default());
    same(
        got,
        vec![
            when(
                st(
                    "DistributedMapListItems",
                    &["s3:ListBucket"],
                    &["arn:${AWS::Partition}:s3:::input"],
                    None,
                ),
                &[("StringLike", "s3:prefix", "processData*")],
            ),
            st(
                "StatesManageExecutions",
                &["states:DescribeExecution", "states:StopExecution"],
                &[&a("states", "execution:*")],
                Some(R_OWN_NAME),
            ),
            st(
                "StatesStartExecution",
                &["states:StartExecution"],
                &[&a("states", "stateMachine:*")],
                Some(R_OWN_NAME),
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Scopes, JSONata, credentials

#[test]
fn nested_parallel_and_map_scopes_are_walked_and_deduplicated() {
    let text = r#"{
      "StartAt": "Fan",
      "States": {
        "Fan": {"Type": "Parallel", "Next": "Done", "Branches": [
          {"StartAt": "M", "States": {
            "M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "Inner", "States": {
              "Inner": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "Deep", "States": {"Deep": {"Type": "Task",
                  "Resource": "arn:aws:states:::sqs:sendMessage",
                  "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/orders", "MessageBody.$": "$"},
                  "End": true}}}
              ]}
            }}}
          }},
          {"StartAt": "Same", "States": {"Same": {"Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/orders", "MessageBody": "x"},
            "End": true}}},
          {"StartAt": "Other", "States": {"Other": {"Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/audit", "MessageBody": "x"},
            "End": true}}}
        ]},
        "Done": {"Type": "Succeed"}
      }
    }"#;
    same(
        derive(text),
        vec![st(
            "SqsSendMessage",
            &["sqs:SendMessage"],
            &[
                "arn:${AWS::Partition}:sqs:us-east-1:123456789012:audit",
                "arn:${AWS::Partition}:sqs:us-east-1:123456789012:orders",
            ],
            None,
        )],
    );
}

#[test]
fn jsonata_arguments_literal_and_expressions() {
    let text = r#"{
      "QueryLanguage": "JSONata",
      "StartAt": "Invoke",
      "States": {
        "Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Arguments": {"FunctionName": "charge", "Payload": "{% $states.input %}"}, "Next": "Quoted"},
        "Quoted": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
                   "Arguments": {"TableName": "{% 'Orders' %}", "Key": {"id": {"S": "{% $states.input.id %}"}}}, "Next": "Dynamic"},
        "Dynamic": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                    "Arguments": {"TopicArn": "{% $states.input.topic %}", "Message": "hi"}, "Next": "Http"},
        "Http": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                 "Arguments": {"ApiEndpoint": "{% 'https://api.example.com/orders/' & $states.input.id %}",
                               "Method": "DELETE",
                               "Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/example/abc"}},
                 "End": true}
      }
    }"#;
    same(
        derive(text),
        vec![
            st(
                "DynamodbGetItem",
                &["dynamodb:GetItem"],
                &[&a("dynamodb", "table/Orders")],
                None,
            ),
            st(
                "HttpConnectionCredentials",
                &["events:RetrieveConnectionCredentials"],
                &["arn:aws:events:us-east-1:123456789012:connection/example/abc"],
                None,
            ),
            st(
                "HttpConnectionSecret",
                &[
                    "secretsmanager:DescribeSecret",
                    "secretsmanager:GetSecretValue",
                ],
                &[
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/example/*",
                ],
                None,
            ),
            when(
                st(
                    "HttpInvokeEndpoint",
                    &["states:InvokeHTTPEndpoint"],
                    &[&a("states", "stateMachine:Orders")],
                    catalog_reason("http", "invoke", "HttpInvokeEndpoint"),
                ),
                &[
                    ("StringEquals", "states:HTTPMethod", "DELETE"),
                    (
                        "StringLike",
                        "states:HTTPEndpoint",
                        "https://api.example.com/orders/*",
                    ),
                ],
            ),
            st(
                "LambdaInvokeFunction",
                &["lambda:InvokeFunction"],
                &[
                    &a("lambda", "function:charge"),
                    &a("lambda", "function:charge:*"),
                ],
                None,
            ),
            st(
                "SnsPublish",
                &["sns:Publish"],
                &[&a("sns", "*")],
                Some(R_DYNAMIC),
            ),
        ],
    );
}

#[test]
fn credentials_assume_the_role_instead_of_granting_the_integration() {
    let text = one_task(
        "arn:aws:states:::lambda:invoke",
        r#""Credentials": {"RoleArn": "arn:aws:iam::210987654321:role/Caller"},
           "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:210987654321:function:remote"}"#,
    );
    same(
        derive(&text),
        vec![st(
            "StsAssumeRole",
            &["sts:AssumeRole"],
            &["arn:aws:iam::210987654321:role/Caller"],
            None,
        )],
    );
    let text = one_task(
        "arn:aws:states:::lambda:invoke",
        r#""Credentials": {"RoleArn.$": "$.role"}, "Parameters": {"FunctionName": "f"}"#,
    );
    same(
        derive(&text),
        vec![st(
            "StsAssumeRole",
            &["sts:AssumeRole"],
            &["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*"],
            Some(R_ROLE_DYNAMIC),
        )],
    );
}
