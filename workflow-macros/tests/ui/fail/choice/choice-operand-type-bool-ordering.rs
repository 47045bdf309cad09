use workflow::workflow;

workflow! {
    pub M {
        Decide: choice {
            $.ok > true => Done,
            _ => Done,
        },
        Done: succeed,
    }
}

fn main() {}
