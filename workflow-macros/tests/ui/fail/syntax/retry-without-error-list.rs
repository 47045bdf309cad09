use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            retry: every 1s x2,
        },
    }
}

fn main() {}
