use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Call: task http::invoke("https://api.example.com/orders") {
            parameters: {
                "Method": "POST",
                "Authentication": { "ConnectionArn": "${Connection}" },
                "RequestBody": { "id": $.id },
            },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::http:invoke""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""ApiEndpoint": "https://api.example.com/orders""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Method": "POST""#), "{}", M::ASL);
}
