use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}").sync,
    }
}

fn main() {}
