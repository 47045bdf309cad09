use workflow::{Workflow, workflow};

workflow! {
    pub M {
        First: pass,
        Second: pass,
        Third: succeed,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""StartAt": "First""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Next": "Second""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Next": "Third""#), "{}", M::ASL);
}
