use workflow::workflow;

workflow! {
    #[express]
    #[standard]
    pub M {
        Done: succeed,
    }
}

fn main() {}
