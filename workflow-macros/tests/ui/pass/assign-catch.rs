use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            catch: [States.ALL] assign { failed: true } => Recover,
            end,
        },
        Recover: succeed,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""failed": true"#), "{}", M::ASL);
}
