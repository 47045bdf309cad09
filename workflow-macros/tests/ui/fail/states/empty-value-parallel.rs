use workflow::workflow;

workflow! {
    pub M {
        Both: parallel {
            end,
        },
    }
}

fn main() {}
