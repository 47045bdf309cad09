use workflow::workflow;

workflow! {
    pub M {
        Start pass,
    }
}

fn main() {}
