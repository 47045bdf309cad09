use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            input_path: $.order,
            payload: $,
            result_selector: { "body": $.Payload },
            result_path: $.result,
            output_path: $.result.body,
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""InputPath": "$.order""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Payload.$": "$""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""ResultSelector""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""ResultPath": "$.result""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""OutputPath": "$.result.body""#), "{}", M::ASL);
}
