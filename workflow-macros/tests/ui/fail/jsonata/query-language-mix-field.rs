use workflow::workflow;

workflow! {
    #[jsonata]
    pub M {
        Call: task lambda::invoke("${Fn}") {
            parameters: { "Payload": "x" },
        },
    }
}

fn main() {}
