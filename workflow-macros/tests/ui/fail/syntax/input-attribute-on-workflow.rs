use workflow::workflow;

workflow! {
    #[input(String)]
    pub M {
        Done: succeed,
    }
}

fn main() {}
