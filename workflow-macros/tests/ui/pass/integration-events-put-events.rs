use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Emit: task events::put_events {
            parameters: {
                "Entries": [{ "Detail": { "id": "x" }, "DetailType": "Done", "Source": "app" }],
            },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::events:putEvents""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""DetailType": "Done""#), "{}", M::ASL);
}
