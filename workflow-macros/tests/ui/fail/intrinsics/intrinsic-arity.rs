use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            parameters: { "n": array_length($.a, $.b) },
        },
    }
}

fn main() {}
