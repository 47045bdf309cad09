use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Stop: fail { error: $.code, cause: format("failed: {}", $.reason) },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""ErrorPath": "$.code""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""CausePath": "States.Format('failed: {}', $.reason)""#), "{}", M::ASL);
}
