use workflow::workflow;

workflow! {
    pub M {
        Later: wait until "yesterday",
    }
}

fn main() {}
