use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invok("${Fn}"),
    }
}

fn main() {}
