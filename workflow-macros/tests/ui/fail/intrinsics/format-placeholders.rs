use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            parameters: { "text": format("{} and {}", $.a) },
        },
    }
}

fn main() {}
