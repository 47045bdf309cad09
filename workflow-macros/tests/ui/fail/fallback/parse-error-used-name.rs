use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Start: pass { next Done },
        Done: succeed,
    }
}

fn main() {
    assert_eq!(<M as Workflow>::NAME, "M");
}
