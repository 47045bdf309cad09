use workflow::workflow;

workflow! {
    pub M {
        Call: tsk lambda::invoke("${Fn}"),
    }
}

fn main() {}
