use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Decide: choice {
            is_present($.a) => Done,
            is_null($.b) => Done,
            is_string($.c) => Done,
            is_numeric($.d) => Done,
            is_boolean($.e) => Done,
            is_timestamp($.f) => Done,
            !is_present($.g) => Done,
            _ => Done,
        },
        Done: succeed,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""IsPresent": true"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""IsNull": true"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""IsString": true"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""IsNumeric": true"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""IsBoolean": true"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""IsTimestamp": true"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Not""#), "{}", M::ASL);
}
