use workflow::workflow;

workflow! {
    pub M {
        SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS: succeed,
    }
}

fn main() {}
