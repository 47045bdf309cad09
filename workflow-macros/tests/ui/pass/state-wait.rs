use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Pause: wait 30s,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Type": "Wait""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Seconds": 30"#), "{}", M::ASL);
}
