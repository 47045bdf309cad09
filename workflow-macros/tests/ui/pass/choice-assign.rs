use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Decide: choice {
            $.n > 1 assign { big: true } => Done,
            _ assign { big: false } => Done,
        },
        Done: succeed,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Assign""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""big": true"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""big": false"#), "{}", M::ASL);
}
