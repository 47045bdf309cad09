use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Pause: wait $.delay,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""SecondsPath": "$.delay""#), "{}", M::ASL);
}
