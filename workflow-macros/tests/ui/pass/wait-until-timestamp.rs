use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Later: wait until "2026-01-01T00:00:00Z",
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Timestamp": "2026-01-01T00:00:00Z""#), "{}", M::ASL);
}
