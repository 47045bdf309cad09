use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            input_path: $.items[first],
        },
    }
}

fn main() {}
