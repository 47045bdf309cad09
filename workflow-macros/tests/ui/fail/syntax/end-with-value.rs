use workflow::workflow;

workflow! {
    pub M {
        Start: pass { end: true },
    }
}

fn main() {}
