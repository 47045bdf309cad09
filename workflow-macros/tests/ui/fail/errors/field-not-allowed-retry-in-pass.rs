use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            retry: [States.ALL] every 1s x2,
        },
    }
}

fn main() {}
