//! DynamoDB, SNS, SQS, EventBridge, API Gateway and the HTTP Task.

use super::*;

#[test]
fn dynamodb_item_actions_on_their_tables() {
    let text = r#"{
      "StartAt": "G",
      "States": {
        "G": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
              "Parameters": {"TableName": "Orders", "Key": {"id": {"S.$": "$.id"}}}, "Next": "P"},
        "P": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
              "Parameters": {"TableName": "Orders", "Item": {"id": {"S.$": "$.id"}}}, "Next": "P2"},
        "P2": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
              "Parameters": {"TableName": "${AuditTable}", "Item": {"id": {"S.$": "$.id"}}}, "Next": "D"},
        "D": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:deleteItem",
              "Parameters": {"TableName.$": "$.table", "Key": {"id": {"S.$": "$.id"}}}, "End": true}
      }
    }"#;
    same(
        derive(text),
        vec![
            st(
                "DynamodbDeleteItem",
                &["dynamodb:DeleteItem"],
                &[&a("dynamodb", "table/*")],
                Some(R_DYNAMIC),
            ),
            st(
                "DynamodbGetItem",
                &["dynamodb:GetItem"],
                &[&a("dynamodb", "table/Orders")],
                None,
            ),
            st(
                "DynamodbPutItem",
                &["dynamodb:PutItem"],
                &[
                    &a("dynamodb", "table/${AuditTable}"),
                    &a("dynamodb", "table/Orders"),
                ],
                None,
            ),
        ],
    );
}

#[test]
fn sns_publish_to_topics_targets_and_phones() {
    let topic = "arn:aws:sns:us-east-1:123456789012:alerts";
    same(
        derive(&one_task(
            "arn:aws:states:::sns:publish",
            &format!(r#""Parameters": {{"TopicArn": "{topic}", "Message.$": "$"}}"#),
        )),
        vec![st("SnsPublish", &["sns:Publish"], &[topic], None)],
    );
    same(
        derive(&one_task(
            "arn:aws:states:::sns:publish.waitForTaskToken",
            r#""Parameters": {"TopicArn.$": "$.topic", "Message.$": "$$.Task.Token"}"#,
        )),
        vec![st(
            "SnsPublish",
            &["sns:Publish"],
            &[&a("sns", "*")],
            Some(R_DYNAMIC),
        )],
    );
    same(
        derive(&one_task(
            "arn:aws:states:::sns:publish",
            r#""Parameters": {"PhoneNumber": "+15555550100", "Message": "hi"}"#,
        )),
        vec![st("SnsPublish", &["sns:Publish"], &["*"], Some(R_SMS))],
    );
}

#[test]
fn sqs_queue_urls_become_queue_arns() {
    let cases: &[(&str, &str)] = &[
        (
            "https://sqs.us-east-1.amazonaws.com/123456789012/orders",
            "arn:${AWS::Partition}:sqs:us-east-1:123456789012:orders",
        ),
        (
            "https://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/${QueueName}",
            "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${QueueName}",
        ),
        (
            "https://eu-west-1.queue.amazonaws.com/123456789012/legacy",
            "arn:${AWS::Partition}:sqs:eu-west-1:123456789012:legacy",
        ),
        // Placeholder conventions: `${NameUrl}` → `${NameArn}`, CloudFormation queues →
        // `${GetAtt:Queue.Arn}`.
        ("${OrdersQueueUrl}", "${OrdersQueueArn}"),
        ("${GetAtt:Orders.QueueUrl}", "${GetAtt:Orders.Arn}"),
        ("${Ref:Orders}", "${GetAtt:Orders.Arn}"),
    ];
    for (url, arn) in cases {
        same(
            derive(&one_task(
                "arn:aws:states:::sqs:sendMessage",
                &format!(r#""Parameters": {{"QueueUrl": "{url}", "MessageBody.$": "$"}}"#),
            )),
            vec![st("SqsSendMessage", &["sqs:SendMessage"], &[arn], None)],
        );
    }
    same(
        derive(&one_task(
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            r#""Parameters": {"QueueUrl": "${Orders}", "MessageBody.$": "$$.Task.Token"}"#,
        )),
        vec![st(
            "SqsSendMessage",
            &["sqs:SendMessage"],
            &[&a("sqs", "*")],
            Some(R_QUEUE_PLACEHOLDER),
        )],
    );
    let got = derive(&one_task(
        "arn:aws:states:::sqs:sendMessage",
        r#""Parameters": {"QueueUrl.$": "$.queue", "MessageBody.$": "$"}"#,
    ));
    assert_eq!(got[0].wildcard_reason, Some(R_DYNAMIC));
}

#[test]
fn eventbridge_put_events_on_each_bus() {
    let text = one_task(
        "arn:aws:states:::events:putEvents",
        r#""Parameters": {"Entries": [
            {"Detail": {"a": 1}, "DetailType": "t", "Source": "s"},
            {"Detail": {"a": 1}, "DetailType": "t", "Source": "s", "EventBusName": "orders"},
            {"Detail": {"a": 1}, "DetailType": "t", "Source": "s",
             "EventBusName": "arn:aws:events:us-east-1:210987654321:event-bus/central"}
        ]}"#,
    );
    same(
        derive(&text),
        vec![st(
            "EventsPutEvents",
            &["events:PutEvents"],
            &[
                &a("events", "event-bus/default"),
                &a("events", "event-bus/orders"),
                "arn:aws:events:us-east-1:210987654321:event-bus/central",
            ],
            None,
        )],
    );
    let text = one_task(
        "arn:aws:states:::events:putEvents",
        r#""Parameters": {"Entries": [{"Detail": {}, "DetailType": "t", "Source": "s", "EventBusName.$": "$.bus"}]}"#,
    );
    same(
        derive(&text),
        vec![st(
            "EventsPutEvents",
            &["events:PutEvents"],
            &[&a("events", "event-bus/*")],
            Some(R_DYNAMIC),
        )],
    );
}

#[test]
fn api_gateway_invoke_on_the_route() {
    let text = one_task(
        "arn:aws:states:::apigateway:invoke",
        r#""Parameters": {"ApiEndpoint": "a1b2c3.execute-api.us-east-1.amazonaws.com",
            "Method": "GET", "Stage": "prod", "Path": "/pets", "AuthType": "IAM_ROLE"}"#,
    );
    same(
        derive(&text),
        vec![st(
            "ApiGatewayInvoke",
            &["execute-api:Invoke"],
            &["arn:${AWS::Partition}:execute-api:us-east-1:${AWS::AccountId}:a1b2c3/prod/GET/pets"],
            None,
        )],
    );
    let text = one_task(
        "arn:aws:states:::apigateway:invoke",
        r#""Parameters": {"ApiEndpoint": "a1b2c3.execute-api.us-east-1.amazonaws.com",
            "Method": "POST", "Stage": "prod", "Path.$": "$.path", "AuthType": "IAM_ROLE"}"#,
    );
    same(
        derive(&text),
        vec![st(
            "ApiGatewayInvoke",
            &["execute-api:Invoke"],
            &["arn:${AWS::Partition}:execute-api:us-east-1:${AWS::AccountId}:a1b2c3/prod/POST/*"],
            Some(R_API),
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// HTTP Task

#[test]
fn http_task_endpoint_method_connection_and_secret() {
    let text = one_task(
        "arn:aws:states:::http:invoke",
        r#""Parameters": {"ApiEndpoint": "https://api.stripe.com/v1/charges", "Method": "POST",
            "Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/stripe/4f1b9a3c-1111-2222-3333-444455556666"}}"#,
    );
    same(
        derive(&text),
        vec![
            st(
                "HttpConnectionCredentials",
                &["events:RetrieveConnectionCredentials"],
                &[
                    "arn:aws:events:us-east-1:123456789012:connection/stripe/4f1b9a3c-1111-2222-3333-444455556666",
                ],
                None,
            ),
            st(
                "HttpConnectionSecret",
                &[
                    "secretsmanager:DescribeSecret",
                    "secretsmanager:GetSecretValue",
                ],
                &[
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/stripe/*",
                ],
                None,
            ),
            when(
                st(
                    "HttpInvokeEndpoint",
                    &["states:InvokeHTTPEndpoint"],
                    &[&a("states", "stateMachine:Orders")],
                    None,
                ),
                &[
                    (
                        "StringEquals",
                        "states:HTTPEndpoint",
                        "https://api.stripe.com/v1/charges",
                    ),
                    ("StringEquals", "states:HTTPMethod", "POST"),
                ],
            ),
        ],
    );
}

#[test]
fn http_tasks_with_dynamic_endpoints_and_placeholder_connections() {
    let text = r#"{
      "StartAt": "A",
      "States": {
        "A": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
              "Parameters": {"ApiEndpoint.$": "States.Format('https://api.example.com/items/{}', $.id)",
                             "Method": "GET",
                             "InvocationConfig": {"ConnectionArn": "${GetAtt:ExampleConnection.Arn}"}}, "Next": "B"},
        "B": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
              "Parameters": {"ApiEndpoint.$": "$.url", "Method.$": "$.method",
                             "Authentication": {"ConnectionArn": "${ConnectionArn}"}}, "End": true}
      }
    }"#;
    same(
        derive(text),
        vec![
            st(
                "HttpConnectionCredentials",
                &["events:RetrieveConnectionCredentials"],
                &["${ConnectionArn}", "${GetAtt:ExampleConnection.Arn}"],
                None,
            ),
            st(
                "HttpConnectionSecret",
                &[
                    "secretsmanager:DescribeSecret",
                    "secretsmanager:GetSecretValue",
                ],
                &[
                    "${GetAtt:ExampleConnection.SecretArn}",
                    &a("secretsmanager", "secret:events!connection/*"),
                ],
                Some(R_CONNECTION_SECRET),
            ),
            st(
                "HttpInvokeEndpoint",
                &["states:InvokeHTTPEndpoint"],
                &[&a("states", "stateMachine:Orders")],
                catalog_reason("http", "invoke", "HttpInvokeEndpoint"),
            ),
            when(
                st(
                    "HttpInvokeEndpoint2",
                    &["states:InvokeHTTPEndpoint"],
                    &[&a("states", "stateMachine:Orders")],
                    catalog_reason("http", "invoke", "HttpInvokeEndpoint"),
                ),
                &[
                    ("StringEquals", "states:HTTPMethod", "GET"),
                    (
                        "StringLike",
                        "states:HTTPEndpoint",
                        "https://api.example.com/items/*",
                    ),
                ],
            ),
        ],
    );
}

#[test]
fn http_task_without_the_machine_name_names_every_machine() {
    let text = one_task(
        "arn:aws:states:::http:invoke",
        r#""Parameters": {"ApiEndpoint": "https://example.com", "Method": "GET",
            "Authentication": {"ConnectionArn": "${ConnectionArn}"}}"#,
    );
    let got = execution_role_statements(&machine(&text), &IamOptions::default());
    let invoke = got.iter().find(|s| s.sid == "HttpInvokeEndpoint").unwrap();
    assert_eq!(invoke.resources, [a("states", "stateMachine:*")]);
    assert_eq!(invoke.wildcard_reason, Some(R_OWN_NAME));
}
