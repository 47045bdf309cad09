use workflow::workflow;

workflow! {
    pub M {
        Start: pass { next: 5 },
        Done: succeed,
    }
}

fn main() {}
