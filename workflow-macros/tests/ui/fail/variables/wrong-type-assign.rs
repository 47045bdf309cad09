use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            assign: 5,
        },
    }
}

fn main() {}
