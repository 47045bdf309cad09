use workflow::workflow;

workflow! {
    #[timeout]
    pub M {
        Done: succeed,
    }
}

fn main() {}
