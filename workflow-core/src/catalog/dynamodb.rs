//! Amazon DynamoDB item actions (connect-ddb, dynamo-iam). Other DynamoDB actions go through
//! `aws-sdk:dynamodb:…`.

use super::*;

const fn item(name: &'static str) -> Action {
    Action {
        name,
        patterns: &[Pattern::RequestResponse],
        main_parameter: Some("TableName"),
        example: r#"{"TableName": "Orders", "Key": {"id": {"S": "1"}}}"#,
        // Table names and ARNs; only the action called is granted.
        grants: Grants::Coded,
        sync: None,
        result: Results {
            response: r#"{"Item": {}, "Attributes": {}, "ConsumedCapacity": {}}"#,
            sync: None,
        },
    }
}

pub(super) static SERVICE: Service = Service {
    name: "dynamodb",
    dsl_aliases: &[],
    sdk_name: "dynamodb",
    actions: &[
        item("getItem"),
        item("putItem"),
        item("updateItem"),
        item("deleteItem"),
    ],
    errors: &[
        "DynamoDB.AmazonDynamoDBException",
        "DynamoDB.ConditionalCheckFailedException",
        "DynamoDB.ProvisionedThroughputExceededException",
        "DynamoDB.ResourceNotFoundException",
    ],
};
