use workflow::workflow;

workflow! {
    pub M {
        Decide: choice {
            number($.n) == "5" => Done,
            _ => Done,
        },
        Done: succeed,
    }
}

fn main() {}
