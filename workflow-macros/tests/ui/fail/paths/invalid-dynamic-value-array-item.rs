use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            parameters: { "list": [$.a, $.b] },
        },
    }
}

fn main() {}
