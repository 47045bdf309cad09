use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Start: pass {
            result: { "greeting": "hello" },
            result_path: $.out,
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Type": "Pass""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""ResultPath": "$.out""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""greeting": "hello""#), "{}", M::ASL);
}
