use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            timeout: 30s,
        },
    }
}

fn main() {}
