use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Stop: fail { error: "Broken", cause: "it broke" },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Type": "Fail""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Error": "Broken""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Cause": "it broke""#), "{}", M::ASL);
}
