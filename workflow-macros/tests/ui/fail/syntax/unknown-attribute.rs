use workflow::workflow;

workflow! {
    #[expres]
    pub M {
        Done: succeed,
    }
}

fn main() {}
