use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            result: { "id": $.id },
        },
    }
}

fn main() {}
