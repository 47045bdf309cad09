use workflow::workflow;

workflow! {
    pub M {
        Later: wait until 5,
    }
}

fn main() {}
