// `#[deny(…)]` on a state makes a lint an error there and only there, inside a workflow that
// allows it; names that are not lints are refused with a suggestion.
use workflow::workflow;

workflow! {
    #[allow(variable_unassigned)]
    pub M {
        Init: pass {
            assign: { total: 0 },
        },
        Quiet: pass {
            parameters: { "total": $totl },
        },
        #[deny(variable_unassigned)]
        Loud: pass {
            parameters: { "total": $totl },
        },
        #[allow(no_dolar, next_unknown_state)]
        Last: succeed,
    }
}

fn main() {}
