use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            credentials: "arn:aws:iam::123456789012:role/Caller",
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Credentials""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""RoleArn": "arn:aws:iam::123456789012:role/Caller""#), "{}", M::ASL);
}
