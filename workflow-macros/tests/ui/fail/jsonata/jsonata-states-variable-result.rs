use workflow::workflow;

workflow! {
    #[jsonata]
    pub M {
        Call: task lambda::invoke("${Fn}") {
            arguments: { "Payload": "{% $states.result %}" },
        },
    }
}

fn main() {}
