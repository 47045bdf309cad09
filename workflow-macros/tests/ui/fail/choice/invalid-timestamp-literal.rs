use workflow::workflow;

workflow! {
    pub M {
        Decide: choice {
            $.when > timestamp("tomorrow") => Done,
            _ => Done,
        },
        Done: succeed,
    }
}

fn main() {}
