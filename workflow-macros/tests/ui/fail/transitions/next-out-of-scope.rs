use workflow::workflow;

workflow! {
    pub M {
        Both: parallel {
            branch {
                Left: pass { next: After },
            },
        },
        After: succeed,
    }
}

fn main() {}
