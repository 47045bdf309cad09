use workflow::workflow;

workflow! {
    pub M {
        Work: pass,
        Work: succeed,
    }
}

fn main() {}
