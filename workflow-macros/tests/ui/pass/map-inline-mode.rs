use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Each: map {
            mode: inline,
            items: $.items,
            processor { Work: pass },
            result_path: $.done,
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Mode": "INLINE""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""ResultPath": "$.done""#), "{}", M::ASL);
}
