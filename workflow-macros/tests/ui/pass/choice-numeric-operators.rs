use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Decide: choice {
            $.n == 1 => Done,
            $.n != 2 => Done,
            $.n < 3 => Done,
            $.n <= 4.5 => Done,
            $.n > 5 => Done,
            $.n >= -6 => Done,
            10 < $.n => Done,
            _ => Done,
        },
        Done: succeed,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""NumericEquals": 1"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""NumericEquals": 2"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""NumericLessThan": 3"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""NumericLessThanEquals": 4.5"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""NumericGreaterThan": 5"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""NumericGreaterThanEquals": -6"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""NumericGreaterThan": 10"#), "{}", M::ASL);
}
