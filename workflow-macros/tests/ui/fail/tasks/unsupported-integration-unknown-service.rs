use workflow::workflow;

workflow! {
    pub M {
        Call: task lamda::invoke("${Fn}"),
    }
}

fn main() {}
