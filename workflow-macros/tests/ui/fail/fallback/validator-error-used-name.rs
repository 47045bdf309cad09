use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            timeout: 0s,
        },
    }
}

fn main() {
    let name: &str = <M as Workflow>::NAME;
    assert_eq!(name, "M");
}
