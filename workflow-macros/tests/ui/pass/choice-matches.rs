use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Decide: choice {
            matches($.file, "*.csv") => Done,
            _ => Done,
        },
        Done: succeed,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""StringMatches": "*.csv""#), "{}", M::ASL);
}
