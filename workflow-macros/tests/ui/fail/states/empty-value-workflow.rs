use workflow::workflow;

workflow! {
    pub M {}
}

fn main() {}
