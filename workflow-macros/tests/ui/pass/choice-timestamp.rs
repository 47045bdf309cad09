use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Decide: choice {
            $.when == timestamp("2026-01-01T00:00:00Z") => Done,
            $.when < timestamp("2026-01-01T00:00:00Z") => Done,
            $.when >= timestamp("2026-06-01T12:30:00+02:00") => Done,
            _ => Done,
        },
        Done: succeed,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""TimestampEquals": "2026-01-01T00:00:00Z""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""TimestampLessThan""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""TimestampGreaterThanEquals": "2026-06-01T12:30:00+02:00""#), "{}", M::ASL);
}
