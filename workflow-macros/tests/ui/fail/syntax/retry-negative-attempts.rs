use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            retry: [States.Timeout] every 1s x -1,
        },
    }
}

fn main() {}
