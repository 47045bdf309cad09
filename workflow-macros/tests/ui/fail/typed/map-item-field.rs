//! A Map's processor reads the item type.
use workflow::workflow;

include!("../../fixtures/shop.rs");

workflow! {
    pub M(input = Detail) {
        EachLine: map {
            items: $.lines,
            processor {
                Price: pass { parameters: { "price": $.unit_price }, end },
            },
            end,
        },
    }
}

fn main() {}
