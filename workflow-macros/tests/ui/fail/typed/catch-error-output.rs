//! A Catch puts `{Error, Cause}` at its ResultPath: there is no `Reason`.
use workflow::workflow;

include!("../../fixtures/shop.rs");

workflow! {
    pub M(input = Detail) {
        Charge: task lambda::invoke("${ChargeFn}") {
            catch: [States.ALL] result_path $.error => Failed,
            end,
        },
        Failed: fail { cause: $.error.Reason },
    }
}

fn main() {}
