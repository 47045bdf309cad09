//! A typo three states after a ResultPath merge: the merged result and the input are both known.
use workflow::workflow;

include!("../../fixtures/shop.rs");

workflow! {
    pub M(input = Detail) {
        Charge: task lambda::invoke("${ChargeFn}") -> Charge { result_path: $.charge },
        Wait1: wait 1s,
        Log: pass,
        Answer: pass { parameters: { "id": $.charge.Payload.chargeID }, end },
    }
}

fn main() {}
