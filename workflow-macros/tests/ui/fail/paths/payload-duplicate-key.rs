use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            parameters: { "a": 1, "a": $.x },
        },
    }
}

fn main() {}
