use workflow::workflow;

workflow! {
    #[jsonata]
    pub M {
        Start: pass {
            output: { "order": $.order },
        },
    }
}

fn main() {}
