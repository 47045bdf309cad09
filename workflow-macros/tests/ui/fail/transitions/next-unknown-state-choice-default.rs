use workflow::workflow;

workflow! {
    pub M {
        Decide: choice {
            $.ok == true => Done,
            _ => Nowhere,
        },
        Done: succeed,
    }
}

fn main() {}
