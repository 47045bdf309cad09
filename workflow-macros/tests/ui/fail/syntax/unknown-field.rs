use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            timeot: 30s,
        },
    }
}

fn main() {}
