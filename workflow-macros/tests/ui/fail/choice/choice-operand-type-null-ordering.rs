use workflow::workflow;

workflow! {
    pub M {
        Decide: choice {
            $.x < null => Done,
            _ => Done,
        },
        Done: succeed,
    }
}

fn main() {}
