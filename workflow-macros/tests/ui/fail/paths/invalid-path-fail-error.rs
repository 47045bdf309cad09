use workflow::workflow;

workflow! {
    pub M {
        Stop: fail { error: array_length($.errors) },
    }
}

fn main() {}
