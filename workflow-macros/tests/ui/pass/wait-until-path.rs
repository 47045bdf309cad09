use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Later: wait until $.when,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""TimestampPath": "$.when""#), "{}", M::ASL);
}
