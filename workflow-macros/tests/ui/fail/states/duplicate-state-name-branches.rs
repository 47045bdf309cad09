use workflow::workflow;

workflow! {
    pub M {
        Both: parallel {
            branch {
                Work: pass,
            },
            branch {
                Work: pass,
            },
        },
    }
}

fn main() {}
