use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            parameters: $.x,
        },
    }
}

fn main() {}
