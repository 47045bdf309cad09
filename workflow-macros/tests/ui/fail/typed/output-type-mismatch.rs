//! The machine's output type: the end state's output must have `Receipt`'s keys.
use workflow::workflow;

include!("../../fixtures/shop.rs");

workflow! {
    pub M(input = Detail, output = Receipt) {
        Answer: pass { parameters: { "orderId": $.orderId }, end },
    }
}

fn main() {}
