use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            timeout: "30s",
        },
    }
}

fn main() {}
