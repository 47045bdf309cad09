use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Emit: task eventbridge::put_events {
            parameters: { "Entries": [{ "Detail": {}, "DetailType": "Done", "Source": "app" }] },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::events:putEvents""#), "{}", M::ASL);
}
