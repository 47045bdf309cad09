use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            retry: [States.ALL] every 1s x2,
            retry: [CustomError] every 1s x2,
        },
    }
}

fn main() {}
