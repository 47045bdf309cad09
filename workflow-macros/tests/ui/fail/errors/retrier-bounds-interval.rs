use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            retry: [States.Timeout] every 0s x2,
        },
    }
}

fn main() {}
