use workflow::workflow;

workflow! {
    pub M {
        Decide: choice {
            _ => Done,
        },
        Done: succeed,
    }
}

fn main() {}
