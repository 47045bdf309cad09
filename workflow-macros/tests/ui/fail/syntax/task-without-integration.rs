use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda,
    }
}

fn main() {}
