use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            result: 1,
            result_path: $..x,
        },
    }
}

fn main() {}
