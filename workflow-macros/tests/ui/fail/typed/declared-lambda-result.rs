//! `-> Charge` declares the Lambda function's payload, inside Lambda's envelope.
use workflow::workflow;

include!("../../fixtures/shop.rs");

workflow! {
    pub M(input = Detail) {
        Charge: task lambda::invoke("${ChargeFn}") -> Charge {
            result_selector: { "id": $.Payload.charge_id },
            end,
        },
    }
}

fn main() {}
