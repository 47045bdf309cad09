use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Decide: choice {
            $.s == "a" => Done,
            $.s != "b" => Done,
            $.s < "c" => Done,
            $.s <= "d" => Done,
            $.s > "e" => Done,
            $.s >= "f" => Done,
            _ => Done,
        },
        Done: succeed,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""StringEquals": "a""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Not""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""StringEquals": "b""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""StringLessThan": "c""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""StringLessThanEquals": "d""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""StringGreaterThan": "e""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""StringGreaterThanEquals": "f""#), "{}", M::ASL);
}
