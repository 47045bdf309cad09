//! A Parallel state's output is the array of its branches' outputs: two branches, no [2].
use workflow::workflow;

include!("../../fixtures/shop.rs");

workflow! {
    pub M(input = Detail) {
        Both: parallel {
            branch { A: pass { end } }
            branch { B: pass { end } }
        },
        Third: pass { parameters: { "c": $[2].orderId }, end },
    }
}

fn main() {}
