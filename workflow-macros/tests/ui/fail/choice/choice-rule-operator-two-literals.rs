use workflow::workflow;

workflow! {
    pub M {
        Decide: choice {
            1 == 1 => Done,
            _ => Done,
        },
        Done: succeed,
    }
}

fn main() {}
