use workflow::workflow;

workflow! {
    pub M {
        Decide: choice {
            $.ok == true => Aproved,
            _ => Approved,
        },
        Approved: succeed,
    }
}

fn main() {}
