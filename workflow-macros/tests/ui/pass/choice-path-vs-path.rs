use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Decide: choice {
            $.a > $.b => Done,
            string($.s) == $.t => Done,
            timestamp($.start) < $.end => Done,
            boolean($.p) == $.q => Done,
            _ => Done,
        },
        Done: succeed,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""NumericGreaterThanPath": "$.b""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""StringEqualsPath": "$.t""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""TimestampLessThanPath": "$.end""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""BooleanEqualsPath": "$.q""#), "{}", M::ASL);
}
