// A key with a hyphen cannot be a dotted field (Rust reads `$.detail - type`): the bracket form
// holds it.
use workflow::workflow;

workflow! {
    pub M {
        A: pass {
            parameters: { "kind": $.detail-type },
        },
    }
}

fn main() {}
