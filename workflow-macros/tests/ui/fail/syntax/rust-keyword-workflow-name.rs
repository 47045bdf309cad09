use workflow::workflow;

workflow! {
    pub struct {
        Done: succeed,
    }
}

fn main() {}
