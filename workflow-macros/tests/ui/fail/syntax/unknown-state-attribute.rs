use workflow::workflow;

workflow! {
    pub M {
        #[jsonatta]
        Done: succeed,
    }
}

fn main() {}
