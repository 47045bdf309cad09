use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Done: succeed { output_path: $.result },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Type": "Succeed""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""OutputPath": "$.result""#), "{}", M::ASL);
}
