// A lint at the warn level is a rustc warning at the offending token; denying the warning
// (here through `deprecated`, the lint the macro's warnings travel by) shows it in the output.
#![deny(deprecated)]

use workflow::workflow;

workflow! {
    pub M {
        Init: pass {
            assign: { total: 0 },
        },
        Use: pass {
            parameters: { "total": $totl },
        },
    }
}

fn main() {}
