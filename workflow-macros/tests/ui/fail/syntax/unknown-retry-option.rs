use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            retry: [States.ALL] evry 1s,
        },
    }
}

fn main() {}
