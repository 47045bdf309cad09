use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Call: tsk lambda::invoke("${Fn}"),
    }
}

fn main() {
    let _ = M::ASL;
    let _ = <M as Workflow>::PLACEHOLDERS;
}
