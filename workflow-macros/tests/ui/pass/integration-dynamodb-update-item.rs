use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Update: task dynamodb::update_item("${Table}") {
            parameters: {
                "Key": { "id": { "S": $.id } },
                "UpdateExpression": "SET #s = :s",
                "ExpressionAttributeNames": { "#s": "status" },
                "ExpressionAttributeValues": { ":s": { "S": "done" } },
            },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::dynamodb:updateItem""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""UpdateExpression": "SET #s = :s""#), "{}", M::ASL);
}
