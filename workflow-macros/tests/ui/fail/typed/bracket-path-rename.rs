//! A bracketed key is checked too: the field is renamed to `detail-type`, not `detail_type`.
use workflow::workflow;

include!("../../fixtures/shop.rs");

workflow! {
    pub M(input = Event) {
        Route: choice { $["detail_type"] == "OrderPlaced" => Done, _ => Done },
        Done: succeed,
    }
}

fn main() {}
