use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            end,
    }
}

fn main() {}
