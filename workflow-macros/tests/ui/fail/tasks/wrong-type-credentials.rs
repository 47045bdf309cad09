use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            credentials: 5,
        },
    }
}

fn main() {}
