use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            parameters: { "x": concat($.a, $.b) },
        },
    }
}

fn main() {}
