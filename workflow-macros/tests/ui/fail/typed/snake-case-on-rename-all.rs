//! `rename_all = "camelCase"`: the JSON key is `orderId`, so the Rust field name is refused.
use workflow::workflow;

include!("../../fixtures/shop.rs");

workflow! {
    pub M(input = Event) {
        Save: pass { parameters: { "id": $.detail.order_id }, end },
    }
}

fn main() {}
