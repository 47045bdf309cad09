use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Call: task lambda::invoke("${HelloFn}") {
            payload: { "Input": $ },
            timeout: 300s,
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::lambda:invoke""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""FunctionName": "${HelloFn}""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Input.$": "$""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""TimeoutSeconds": 300"#), "{}", M::ASL);
    assert_eq!(M::PLACEHOLDERS, ["HelloFn"]);
}
