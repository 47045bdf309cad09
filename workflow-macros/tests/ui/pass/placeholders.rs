use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Save: task dynamodb::put_item("${Table}") {
            parameters: { "Item": { "id": { "S": "${AWS::Region}" } } },
        },
        Call: task lambda::invoke("${ChargeFn}"),
        Again: task lambda::invoke("${ChargeFn}"),
    }
}

fn main() {
    assert!(M::ASL.contains(r#""${ChargeFn}""#), "{}", M::ASL);
    assert_eq!(M::PLACEHOLDERS, ["AWS::Region", "ChargeFn", "Table"]);
    let asl = M::asl_with(&[("Table", "orders"), ("ChargeFn", "arn:fn"), ("AWS::Region", "eu-west-1")]).unwrap();
    assert!(asl.contains(r#""TableName": "orders""#));
}
