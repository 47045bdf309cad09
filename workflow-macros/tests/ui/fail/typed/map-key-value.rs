//! Any key of a map is valid, but what is under it has the value type's keys.
use workflow::workflow;

include!("../../fixtures/shop.rs");

workflow! {
    pub M(input = Detail) {
        Euro: pass { parameters: { "eur": $.prices.EUR.amunt }, end },
    }
}

fn main() {}
