use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            assign: { states: 1 },
        },
    }
}

fn main() {}
