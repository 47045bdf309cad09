use workflow::workflow;

workflow! {
    pub M {
        Start: pass { next: Done, end },
        Done: succeed,
    }
}

fn main() {}
