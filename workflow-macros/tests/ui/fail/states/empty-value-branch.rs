use workflow::workflow;

workflow! {
    pub M {
        Both: parallel {
            branch {},
        },
    }
}

fn main() {}
