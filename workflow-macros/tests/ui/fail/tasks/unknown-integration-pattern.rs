use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}").wait_for_token,
    }
}

fn main() {}
