use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Decide: choice {
            $.status == "done" => Done,
            _ => Again,
        },
        Again: pass { next: Decide },
        Done: succeed,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Type": "Choice""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""StringEquals": "done""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Default": "Again""#), "{}", M::ASL);
}
