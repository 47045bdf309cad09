use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            assign: { "1st": 1 },
        },
    }
}

fn main() {}
