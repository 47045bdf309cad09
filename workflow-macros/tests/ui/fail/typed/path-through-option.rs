//! A path goes through `Option<Customer>` into `Customer`'s keys, which are checked.
use workflow::workflow;

include!("../../fixtures/shop.rs");

workflow! {
    pub M(input = Detail) {
        Mail: pass { parameters: { "to": $.customer.mail }, end },
    }
}

fn main() {}
