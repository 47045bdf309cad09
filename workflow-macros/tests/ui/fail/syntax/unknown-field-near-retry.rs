//! The expected fields include the entries that are not `key: value`: `end`, `retry`, `catch`.
use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            retyr: [States.ALL],
            end,
        },
    }
}

fn main() {}
