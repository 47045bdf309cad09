use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Decide: choice {
            $.total >= 100 && !($.country == "US") => Review,
            $.vip == true || $.total < 10 => Done,
            _ => Done,
        },
        Review: pass { next: Done },
        Done: succeed,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""And""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Or""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Not""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""NumericGreaterThanEquals": 100"#), "{}", M::ASL);
}
