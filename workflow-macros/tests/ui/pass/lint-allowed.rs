// `#[allow(…)]` in the DSL silences a lint for the workflow or for one state, as rustc's
// attribute does: with every macro warning denied (`deprecated` carries them), this still
// compiles. A deny-by-default lint, allowed, lets the definition through.
#![deny(deprecated)]

use workflow::{Workflow, workflow};

workflow! {
    #[allow(unknown_states_error)]
    pub M {
        Init: pass {
            assign: { total: 0 },
        },
        #[allow(variable_unassigned)]
        Use: pass {
            parameters: { "total": $totl },
        },
        Call: task lambda::invoke("${Fn}") {
            retry: [States.TaskFailedId] x2,
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""States.TaskFailedId""#), "{}", M::ASL);
}
