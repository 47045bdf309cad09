use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Load: task dynamodb::get_item {
            parameters: { "TableName": "${Table}", "Key": { "id": { "S": $.id } } },
            result_selector: { "item": $.Item },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::dynamodb:getItem""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""ResultSelector""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""item.$": "$.Item""#), "{}", M::ASL);
}
