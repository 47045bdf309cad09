use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") { retry: dynamo_retry!(), end },
    }
}

fn main() {}
