use workflow::workflow;

workflow! {
    #[timeout(0s)]
    pub M {
        Done: succeed,
    }
}

fn main() {}
