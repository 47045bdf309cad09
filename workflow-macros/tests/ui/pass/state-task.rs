use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}"),
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Type": "Task""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""End": true"#), "{}", M::ASL);
}
