use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            parameters: { "a.$": "not a path" },
        },
    }
}

fn main() {}
