use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            parameters: { "x": States.Concat($.a) },
        },
    }
}

fn main() {}
