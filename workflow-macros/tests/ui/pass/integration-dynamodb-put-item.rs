use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Save: task dynamodb::put_item("${Table}") {
            parameters: { "Item": { "id": { "S": $.id } } },
            result_path: null,
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::dynamodb:putItem""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""TableName": "${Table}""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""S.$": "$.id""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""ResultPath": null"#), "{}", M::ASL);
}
