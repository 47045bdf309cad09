use workflow::workflow;

workflow! {
    pub M {
        Start: pass { end },
        Loop: pass { next: Loop },
    }
}

fn main() {}
