use workflow::workflow;

workflow! {
    pub M {
        Done: succeed { end },
    }
}

fn main() {}
