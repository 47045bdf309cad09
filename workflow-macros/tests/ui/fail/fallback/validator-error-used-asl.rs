use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Start: pass { next: Finsh },
        Finish: succeed,
    }
}

fn main() {
    assert!(M::ASL.is_empty());
}
