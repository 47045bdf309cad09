use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            retry: [States.Timeout] every 1s x2 max_delay 0s,
        },
    }
}

fn main() {}
