use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Call: task resource("arn:aws:lambda:us-east-1:123456789012:function:hello"),
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:lambda:us-east-1:123456789012:function:hello""#), "{}", M::ASL);
}
