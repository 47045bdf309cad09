//! Amazon DynamoDB item actions (connect-ddb, dynamo-iam). Other DynamoDB actions go through
//! `aws-sdk:dynamodb:…`.

use super::*;

/// An item action; `response` is what it returns, with the item under `payload` for GetItem.
const fn item(
    name: &'static str,
    grants: &'static [Grant],
    response: &'static str,
    payload: Option<&'static str>,
) -> Action {
    Action {
        name,
        patterns: &[Pattern::RequestResponse],
        main_parameter: Some("TableName"),
        example: r#"{"TableName": "Orders", "Key": {"id": {"S": "1"}}}"#,
        // Only the action called is granted, not the guide's four item actions.
        grants,
        sync: None,
        result: Results {
            response,
            sync: None,
            payload,
            sync_payload: None,
        },
    }
}

/// The table, by name or ARN.
const TABLE: &[&str] = &["dynamodb:table/{TableName}"];

/// What PutItem, UpdateItem and DeleteItem return.
const WRITE: &str = r#"{"Attributes": {}, "ConsumedCapacity": {}}"#;

pub(super) static SERVICE: Service = Service {
    name: "dynamodb",
    dsl_aliases: &[],
    sdk_name: "dynamodb",
    actions: &[
        // `Item` is absent when no item has the key; `Attributes` only when `ReturnValues`
        // asks for them, `ConsumedCapacity` only when `ReturnConsumedCapacity` does.
        item(
            "getItem",
            &[Grant::new("DynamodbGetItem", &["dynamodb:GetItem"], TABLE)],
            r#"{"Item": {}}"#,
            Some("Item"),
        ),
        item(
            "putItem",
            &[Grant::new("DynamodbPutItem", &["dynamodb:PutItem"], TABLE)],
            WRITE,
            None,
        ),
        item(
            "updateItem",
            &[Grant::new(
                "DynamodbUpdateItem",
                &["dynamodb:UpdateItem"],
                TABLE,
            )],
            WRITE,
            None,
        ),
        item(
            "deleteItem",
            &[Grant::new(
                "DynamodbDeleteItem",
                &["dynamodb:DeleteItem"],
                TABLE,
            )],
            WRITE,
            None,
        ),
    ],
    formats: &[],
    errors: &[
        "DynamoDB.AmazonDynamoDBException",
        "DynamoDB.ConditionalCheckFailedException",
        "DynamoDB.ProvisionedThroughputExceededException",
        "DynamoDB.ResourceNotFoundException",
    ],
};
