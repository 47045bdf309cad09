use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Decide: choice {
            $.flag == true => Done,
            $.flag != false => Done,
            $.x == null => Done,
            $.y != null => Done,
            _ => Done,
        },
        Done: succeed,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""BooleanEquals": true"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""BooleanEquals": false"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""IsNull": true"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""IsNull": false"#), "{}", M::ASL);
}
