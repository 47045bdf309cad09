use workflow::workflow;

workflow! {
    pub M {
        Decide: choice {
            is_prsent($.x) => Done,
            _ => Done,
        },
        Done: succeed,
    }
}

fn main() {}
