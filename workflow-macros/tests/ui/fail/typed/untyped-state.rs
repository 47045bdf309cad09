//! `#[deny(untyped_state)]` lists the states whose input has no known shape: here `Ship`
//! reads `$.charge`, the result of a Lambda task nobody declared (the fix is `-> Charge`).
use workflow::workflow;

include!("../../fixtures/shop.rs");

workflow! {
    #[deny(untyped_state)]
    pub M(input = Detail) {
        Charge: task lambda::invoke("${ChargeFn}") {
            result_path: $.charge,
            next: Ship,
        },
        Ship: pass { parameters: { "id.$": $.charge.Payload.charge_id }, end },
    }
}

fn main() {}
