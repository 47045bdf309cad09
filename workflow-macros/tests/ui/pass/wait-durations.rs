use workflow::{Workflow, workflow};

workflow! {
    pub M {
        A: wait 90,
        B: wait 5m,
        C: wait 2h,
        D: wait 1d,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Seconds": 90"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Seconds": 300"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Seconds": 7200"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Seconds": 86400"#), "{}", M::ASL);
}
