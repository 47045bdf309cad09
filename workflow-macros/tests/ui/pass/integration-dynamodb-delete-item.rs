use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Delete: task dynamodb::delete_item("${Table}") {
            parameters: { "Key": { "id": { "S": $.id } } },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::dynamodb:deleteItem""#), "{}", M::ASL);
}
