use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            retry: [States.All] every 1s x2,
        },
    }
}

fn main() {}
